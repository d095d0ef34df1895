/**
 * Spark's StreamingGlobalLimitExec: `limit(n)` on a stream in append mode passes the first n rows of the whole
 * stream, not n per batch. The state is one row: how many rows have passed so far.
 */
import { quoteIdentifier } from "../../duckdb/DuckDB";
import type { SparkSession } from "../../session/SparkSession";
import { sqlColumnNames } from "../../sql/analysis/columnResolution";
import type { LogicalPlan } from "../../sql/plan";
import { OperatorMetadataWriter } from "../../state/OperatorStateMetadata";
import { type StateStore, stateKeySql } from "../../state/StateStore";
import {
  type BatchContext,
  type BatchTable,
  createStateStore,
  SingleStoreOperator,
} from "./StatefulOperator";

type LimitNode = Extract<LogicalPlan, { kind: "limit" }>;

export class StreamingGlobalLimit extends SingleStoreOperator {
  readonly store: StateStore;
  protected readonly metadata: OperatorMetadataWriter;

  constructor(
    session: SparkSession,
    override readonly node: LimitNode,
    operatorId: number,
    checkpoint: string,
  ) {
    super(session, node, operatorId, "globalLimit");
    const columns = [{ name: "count", sqlType: "BIGINT" }];
    this.store = createStateStore(session, checkpoint, operatorId, columns);
    this.metadata = new OperatorMetadataWriter(session.fs, checkpoint, {
      operatorInfo: { operatorId, operatorName: "globalLimit" },
      stateStoreInfo: [{ storeName: "default", columns, key: [], value: [{ name: "count", sql: "count" }] }],
    });
  }

  async process([inputSql]: readonly string[], _context: BatchContext): Promise<BatchTable> {
    this.tables.dropAll();
    const db = this.session.db;
    const state = quoteIdentifier(this.store.table);
    const passed = db.queryNumber(`SELECT coalesce(max(count), 0) AS n FROM ${state}`);
    const remaining = Math.max(0, this.node.limit - passed);
    const output = this.tables.create("limit_out");
    const columns = sqlColumnNames(this.node.schema).map(quoteIdentifier).join(", ");
    const emitted = db.queryNumber(
      `CREATE TABLE ${quoteIdentifier(output)} AS SELECT ${columns} FROM (${inputSql}) AS __in LIMIT ${remaining}`,
    );
    if (emitted > 0) {
      this.store.upsert(
        `SELECT ${stateKeySql([])} AS __key, CAST(${passed + emitted} AS BIGINT) AS count`,
        "replace",
      );
    }
    return { table: output, numRows: emitted };
  }

  shouldRunAnotherBatch(): boolean {
    return false;
  }
}

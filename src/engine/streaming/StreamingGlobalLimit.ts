/**
 * Spark's StreamingGlobalLimitExec: `limit(n)` on a stream in append mode passes the first n rows of the whole
 * stream, not n per batch. The state is one row: how many rows have passed so far.
 */
import { quoteIdentifier } from "../duckdb/DuckDB";
import type { SparkSession } from "../session/SparkSession";
import { sqlColumnNames } from "../sql/columnResolution";
import type { LogicalPlan } from "../sql/plan";
import { OperatorMetadataWriter } from "../state/OperatorStateMetadata";
import type { StateStore } from "../state/StateStore";
import { type BatchContext, createStateStore, SingleStoreOperator } from "./StatefulOperator";

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

  async process([inputSql]: readonly string[], _context: BatchContext): Promise<string> {
    this.tables.dropAll();
    const db = this.session.db;
    const state = quoteIdentifier(this.store.table);
    const passed = Number(
      db.query(`SELECT coalesce(max(count), 0) AS n FROM ${state}`).getChildAt(0)?.get(0) ?? 0,
    );
    const remaining = Math.max(0, this.node.limit - passed);
    const output = this.tables.create("limit_out");
    const columns = sqlColumnNames(this.node.schema).map(quoteIdentifier).join(", ");
    db.exec(
      `CREATE TABLE ${quoteIdentifier(output)} AS SELECT ${columns} FROM (${inputSql}) AS __in LIMIT ${remaining}`,
    );
    const emitted = Number(
      db
        .query(`SELECT count(*) FROM ${quoteIdentifier(output)}`)
        .getChildAt(0)
        ?.get(0),
    );
    if (emitted > 0) {
      this.store.upsert(
        `SELECT '{}' AS __key, CAST(${passed + emitted} AS BIGINT) AS count`,
        "count = EXCLUDED.count",
      );
    }
    return output;
  }

  shouldRunAnotherBatch(): boolean {
    return false;
  }
}

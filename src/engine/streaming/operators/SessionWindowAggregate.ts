/**
 * A streaming aggregation by session window (Spark's SessionWindowStateStoreRestore/SaveExec with
 * MergingSessionsExec). Each batch's rows are already grouped into sessions within the batch (TimeWindowing's
 * projections); here those sessions are merged with the stored sessions of the same keys: sessions that overlap
 * (a start at or before another's end) become one, their buffers merged. State holds one row per session;
 * append mode emits a session once the watermark passes its end, complete mode every session.
 */
import { quoteIdentifier } from "../../duckdb/DuckDB";
import { globalSessionWindowAggregation } from "../../errors/QueryCompilationErrors";
import type { SparkSession } from "../../session/SparkSession";
import { sessionWindowColumn } from "../../sql/analysis/TimeWindowing";
import { stripAlias } from "../../sql/expressions";
import type { LogicalPlan } from "../../sql/plan";
import { sameName } from "../../sql/types";
import { type StateChanges, stateKeySql } from "../../state/StateStore";
import type { OutputMode } from "../runtime/OutputMode";
import { bufferColumn, keyColumn, StatefulAggregate } from "./StatefulAggregate";
import type { BatchContext, BatchQuery, BatchTable } from "./StatefulOperator";

type AggregateNode = Extract<LogicalPlan, { kind: "aggregate" }>;

const q = quoteIdentifier;

/** The grouping key that is a session window, if the aggregation has one. */
export function sessionWindowKey(node: AggregateNode): number | undefined {
  const column = sessionWindowColumn(node);
  if (column === undefined) return undefined;
  const index = node.groupBy.findIndex((g) => {
    const e = stripAlias(g);
    return e.kind === "column" && e.parts.length === 1 && sameName(e.parts[0], column);
  });
  return index >= 0 ? index : undefined;
}

export class SessionWindowAggregate extends StatefulAggregate {
  private readonly sessionKey: number;

  constructor(
    session: SparkSession,
    node: AggregateNode,
    operatorId: number,
    checkpoint: string,
    outputMode: OutputMode,
  ) {
    super(session, node, operatorId, checkpoint, outputMode, "sessionWindowStateStoreSaveExec");
    this.sessionKey = sessionWindowKey(node)!;
  }

  /** As Spark's AggUtils, which plans it with the first batch: sessions need a key besides the window. */
  override process(inputs: readonly string[], context: BatchContext): Promise<BatchTable | BatchQuery> {
    if (this.node.groupBy.length < 2) throw globalSessionWindowAggregation();
    return super.process(inputs, context);
  }

  /** Merges the batch's sessions with the stored sessions of the same keys they overlap. */
  protected override mergeIntoState(partialSql: string): StateChanges {
    const db = this.session.db;
    const partial = this.tables.create("session_partial");
    db.exec(`CREATE TABLE ${q(partial)} AS ${partialSql}`);
    const keys = this.node.groupBy.map((_, i) => keyColumn(i));
    const others = keys.filter((_, i) => i !== this.sessionKey);
    const session = keys[this.sessionKey];
    const group = stateKeySql(others);
    const buffers = this.buffers.flatMap((b, j) =>
      b.partial.map((_, k) => bufferColumn(this.bufferOffsets[j] + k)),
    );
    const columns = ["__key", ...keys, ...buffers];

    // Stored sessions of the keys this batch has, and the batch's own.
    const candidates = this.tables.create("session_candidates");
    db.exec(
      `CREATE TABLE ${q(candidates)} AS SELECT ${columns.join(", ")}, FALSE AS __new FROM ${q(this.store.table)} WHERE ${group} IN (SELECT ${group} FROM ${q(partial)})`,
    );
    db.exec(`INSERT INTO ${q(candidates)} SELECT ${columns.join(", ")}, TRUE FROM ${q(partial)}`);
    // Sessions in start order per key; one starting after every earlier one's end opens a merged session.
    const start = `(${session})."start"`;
    const end = `(${session})."end"`;
    const grouped = this.tables.create("session_groups");
    const opens = `CASE WHEN ${start} <= max(${end}) OVER (PARTITION BY ${group} ORDER BY ${start} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) THEN 0 ELSE 1 END`;
    const mergedNumber = `sum(__opens) OVER (PARTITION BY __group ORDER BY ${start}, __opens DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`;
    db.exec(
      `CREATE TABLE ${q(grouped)} AS SELECT *, bool_or(__new) OVER (PARTITION BY __group, __merged) AS __touched FROM (SELECT *, ${mergedNumber} AS __merged FROM (SELECT *, ${group} AS __group, ${opens} AS __opens FROM ${q(candidates)}) AS __o) AS __m`,
    );
    // Merged sessions that take in a batch session replace the stored ones they absorbed.
    const merged = this.tables.create("session_merged");
    const typeOf = (column: string) => this.store.columns.find((c) => c.name === column)!.sqlType;
    const mergedBuffers = this.buffers.flatMap((b, j) =>
      b.mergeAll(
        b.partial.map((_, k) => bufferColumn(this.bufferOffsets[j] + k)),
        start,
      ),
    );
    const sessionStruct = `struct_pack("start" := min(${start}), "end" := max(${end}))`;
    const keySelect = keys.map((k, i) =>
      i === this.sessionKey ? `${sessionStruct} AS ${k}` : `any_value(${k}) AS ${k}`,
    );
    const bufferSelect = mergedBuffers.map(
      (sql, i) => `CAST(${sql} AS ${typeOf(buffers[i])}) AS ${buffers[i]}`,
    );
    db.exec(
      `CREATE TABLE ${q(merged)} AS SELECT ${stateKeySql(keys)} AS __key, * FROM (SELECT ${[...keySelect, ...bufferSelect].join(", ")} FROM ${q(grouped)} WHERE __touched GROUP BY __group, __merged) AS __s`,
    );
    this.store.remove(`__key IN (SELECT __key FROM ${q(grouped)} WHERE __touched AND NOT __new)`);
    return this.store.upsert(`SELECT ${columns.join(", ")} FROM ${q(merged)}`, "keep");
  }
}

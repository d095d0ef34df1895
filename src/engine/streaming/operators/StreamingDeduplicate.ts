/**
 * Spark's StreamingDeduplicateExec and StreamingDeduplicateWithinWatermarkExec: a row passes only if its key has
 * not been seen. The keys seen live in the state store; a batch inserts its first row per key with
 * `ON CONFLICT DO NOTHING`, and the keys that went in are the rows that pass.
 * - `dropDuplicates(cols)`: keys are kept until the watermark passes them, where the event-time column is one of
 *   the keys; otherwise forever.
 * - `dropDuplicatesWithinWatermark(cols)`: each key is kept until the watermark passes its first event time plus
 *   the watermark delay.
 * With a watermark, rows at or behind the previous batch's watermark are late and dropped first.
 */
import { quoteIdentifier } from "../../duckdb/DuckDB";
import type { SparkSession } from "../../session/SparkSession";
import { placeholderSql } from "../../sql/codegen/planCompiler";
import type { LogicalPlan } from "../../sql/plan";
import { type StructField, StructType, sameName } from "../../sql/types";
import { OperatorMetadataWriter } from "../../state/OperatorStateMetadata";
import { type StateColumn, type StateStore, stateKeySql } from "../../state/StateStore";
import {
  behindMaxEventTimeSql,
  type EventTimeColumn,
  eventTimeColumns,
  olderThanWatermarkSql,
} from "../runtime/EventTimeWatermark";
import {
  type BatchContext,
  type BatchTable,
  createStateStore,
  outOfOrderWatermarkMs,
  recordLateRows,
  SingleStoreOperator,
} from "./StatefulOperator";

type DeduplicateNode = Extract<LogicalPlan, { kind: "deduplicate" }>;

const keyColumn = (i: number) => `__k${i}`;

export class StreamingDeduplicate extends SingleStoreOperator {
  readonly store: StateStore;
  protected readonly metadata: OperatorMetadataWriter;
  private readonly eventTime: EventTimeColumn | undefined;
  /** The key that carries event time (plain dropDuplicates evicts by it). */
  private readonly eventTimeKey: number;
  private droppedDuplicates = 0;
  private lastEvictionWatermarkMs: number | undefined;
  private evictedUpToMs: number | undefined;

  constructor(
    session: SparkSession,
    override readonly node: DeduplicateNode,
    operatorId: number,
    checkpoint: string,
  ) {
    super(session, node, operatorId, node.withinWatermark ? "dedupeWithinWatermark" : "dedupe");
    // Of several event-time columns (a window and its window_time), the one among the keys: the state's.
    const marked = eventTimeColumns(node.child);
    this.eventTime = marked.find((c) => node.keys.some((k) => sameName(k, c.name))) ?? marked[0];
    this.eventTimeKey = this.eventTime ? node.keys.findIndex((k) => sameName(k, this.eventTime!.name)) : -1;
    const keyTypes = session.analyzer.schemaOf(
      `SELECT ${this.keySelect()} FROM (${placeholderSql(node.child.schema)}) AS __in`,
    );
    this.checkKeyCollations(
      new StructType(
        node.keys.map((k) => node.child.schema.field(k)).filter((f): f is StructField => f !== undefined),
      ),
    );
    const columns: StateColumn[] = keyTypes.fields.map((f) => ({
      name: f.name,
      sqlType: f.dataType.sql(),
      key: true,
    }));
    if (node.withinWatermark) columns.push({ name: "expiresAtMicros", sqlType: "BIGINT" });
    this.store = createStateStore(session, checkpoint, operatorId, columns);
    this.metadata = new OperatorMetadataWriter(session.fs, checkpoint, {
      operatorInfo: { operatorId, operatorName: node.withinWatermark ? "dedupeWithinWatermark" : "dedupe" },
      stateStoreInfo: [
        {
          storeName: "default",
          columns,
          key: node.keys.map((name, i) => ({ name, sql: keyColumn(i) })),
          value: node.withinWatermark ? [{ name: "expiresAtMicros", sql: "expiresAtMicros" }] : [],
        },
      ],
    });
  }

  async process([inputSql]: readonly string[], context: BatchContext): Promise<BatchTable> {
    this.tables.dropAll();
    const db = this.session.db;
    const q = quoteIdentifier;
    const keys = this.node.keys.map((_, i) => keyColumn(i));
    const input = this.tables.create("dedup_in");
    let total = db.queryNumber(
      `CREATE TABLE ${q(input)} AS SELECT *, ${stateKeySql(keys)} AS __key FROM (SELECT *, ${this.keySelect()}, row_number() OVER () AS __seq FROM (${inputSql}) AS __in) AS __keyed`,
    );
    if (this.eventTime && context.lateEventsWatermarkMs !== undefined) {
      const late = olderThanWatermarkSql(
        q(this.eventTime.name),
        this.eventTime,
        context.lateEventsWatermarkMs,
      );
      recordLateRows(
        context,
        this.node.schema.fieldNames.map((n) => q(n)).join(", "),
        q(input),
        late,
        behindMaxEventTimeSql(q(this.eventTime.name), this.eventTime, outOfOrderWatermarkMs(context)),
      );
      const dropped = db.queryNumber(`DELETE FROM ${q(input)} WHERE ${late}`);
      this.droppedByWatermark += dropped;
      total -= dropped;
    }
    const first = this.tables.create("dedup_first");
    db.exec(
      `CREATE TABLE ${q(first)} AS SELECT * FROM ${q(input)} QUALIFY row_number() OVER (PARTITION BY __key ORDER BY __seq) = 1`,
    );
    const expires =
      this.node.withinWatermark && this.eventTime
        ? `, epoch_us(CAST(${q(this.eventTime.name)} AS TIMESTAMP)) + ${this.eventTime.delayMs * 1000} AS expiresAtMicros`
        : "";
    const inserted = this.store.upsert(`SELECT __key, ${keys.join(", ")}${expires} FROM ${q(first)}`, "keep");
    const output = this.tables.create("dedup_out");
    const columns = this.node.schema.fieldNames.map((n) => q(n)).join(", ");
    const numRows = db.queryNumber(
      `CREATE TABLE ${q(output)} AS SELECT ${columns} FROM ${q(first)} SEMI JOIN ${q(inserted.table)} USING (__key) ORDER BY __seq`,
    );
    this.droppedDuplicates += total - inserted.numRows;
    this.evict(context);
    return { table: output, numRows };
  }

  protected override customMetrics(): Record<string, number> {
    return { numDroppedDuplicateRows: this.droppedDuplicates };
  }

  protected override resetMetrics(): void {
    super.resetMetrics();
    this.droppedDuplicates = 0;
  }

  shouldRunAnotherBatch(newWatermarkMs: number): boolean {
    return this.lastEvictionWatermarkMs !== undefined && newWatermarkMs > this.lastEvictionWatermarkMs;
  }

  /** Drops keys the watermark has passed: by the event-time key, or by expiry (within watermark). */
  private evict({ evictionWatermarkMs: at, lateEventsWatermarkMs: late }: BatchContext): void {
    this.lastEvictionWatermarkMs = at;
    if (at === undefined) return;
    if (this.evictedUpToMs !== undefined && at <= this.evictedUpToMs && (late ?? 0) >= at) return;
    if (this.node.withinWatermark) this.store.remove(`expiresAtMicros <= ${at * 1000}`);
    else if (this.eventTimeKey >= 0)
      this.store.remove(olderThanWatermarkSql(keyColumn(this.eventTimeKey), this.eventTime!, at));
    else return;
    this.evictedUpToMs = at;
  }

  /** The key columns, as `__k0, __k1, ...`. */
  private keySelect(): string {
    return this.node.keys.map((k, i) => `${quoteIdentifier(k)} AS ${keyColumn(i)}`).join(", ");
  }
}

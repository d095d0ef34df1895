/**
 * A streaming aggregation (Spark's StateStoreRestore/StateStoreSave): each batch's rows are aggregated per group
 * into partial buffers, merged into the state store by key (an upsert on `__key`, so a batch touches only its own
 * groups), and the rows the output mode asks for are produced:
 * - complete: every group;
 * - update: the groups this batch changed; groups whose event-time key is behind the watermark are then evicted;
 * - append: the groups whose event-time key the watermark has passed, emitted once as they are evicted.
 * Where a grouping key carries event time, partial rows behind the previous batch's watermark are late: dropped
 * and counted in `numRowsDroppedByWatermark` (as Spark, per aggregated row, not per input row).
 */
import { quoteIdentifier } from "../../duckdb/DuckDB";
import { unsupportedStreamingAggregate } from "../../errors/QueryCompilationErrors";
import type { SparkSession } from "../../session/SparkSession";
import { foldAggregateFilter } from "../../sql/analysis/aggregateFilter";
import type { Scope } from "../../sql/analysis/columnResolution";
import { expressionName, expressionSql } from "../../sql/analysis/naming";
import { compileExpression, compileSelectList } from "../../sql/codegen/expressionCompiler";
import { isAggregateFunction } from "../../sql/codegen/functionRegistry";
import { intervalTypeOf } from "../../sql/codegen/intervalArithmetic";
import { placeholderSql } from "../../sql/codegen/planCompiler";
import { type Expression, semanticEquals, stripAlias, transformExpression } from "../../sql/expressions";
import type { LogicalPlan } from "../../sql/plan";
import { type DataType, StructField, StructType, sameName } from "../../sql/types";
import { type AggregateBuffers, aggregateBuffers } from "../../state/aggregateBuffers";
import { OperatorMetadataWriter } from "../../state/OperatorStateMetadata";
import { type StateChanges, type StateStore, stateKeySql } from "../../state/StateStore";
import {
  behindMaxEventTimeSql,
  type EventTimeColumn,
  eventTimeColumns,
  olderThanWatermarkSql,
} from "../runtime/EventTimeWatermark";
import type { OutputMode } from "../runtime/OutputMode";
import {
  type BatchContext,
  type BatchQuery,
  type BatchTable,
  createStateStore,
  outOfOrderWatermarkMs,
  recordLateRows,
  SingleStoreOperator,
} from "./StatefulOperator";

type AggregateNode = Extract<LogicalPlan, { kind: "aggregate" }>;
type Call = Extract<Expression, { kind: "call" }>;

export const keyColumn = (i: number) => `__k${i}`;
export const bufferColumn = (i: number) => `__b${i}`;
const aggColumn = (i: number) => `__agg${i}`;
/** A global aggregation's partial row count: zero where the batch had no rows (not kept in state). */
const ROWS_COLUMN = "__rows";

export class StatefulAggregate extends SingleStoreOperator {
  readonly store: StateStore;
  protected readonly metadata: OperatorMetadataWriter;
  protected readonly calls: Call[] = [];
  protected readonly buffers: AggregateBuffers[] = [];
  protected readonly bufferOffsets: number[] = [];
  protected readonly groupNames: string[];
  /** The grouping key carrying event time, if any: late rows and eviction are judged by it. */
  protected readonly eventTimeKey: { index: number; column: EventTimeColumn } | undefined;
  private lastEvictionWatermarkMs: number | undefined;
  /** State behind this watermark is already gone: eviction scans state only when there can be more. */
  private evictedUpToMs: number | undefined;
  /** The batch's partial rows around the input's SQL, compiled once (see partialSql). */
  private readonly partialSqlAround: readonly [string, string];
  /** The event-time key over the input's columns, for the batch history's late rows (see recordLate). */
  private eventTimeKeySql: string | undefined;
  /** The output rows around the state rows' FROM item, compiled once (see finalSql). */
  private finalSqlAround: readonly [string, string] | undefined;

  constructor(
    session: SparkSession,
    override readonly node: AggregateNode,
    operatorId: number,
    checkpoint: string,
    protected readonly outputMode: OutputMode,
    operatorName = "stateStoreSave",
  ) {
    super(session, node, operatorId, operatorName);
    this.groupNames = node.groupBy.map((g) => expressionName(g));
    const placeholder = `(${placeholderSql(node.child.schema)}) AS __in`;
    const scope = this.inputScope(placeholder);
    let offset = 0;
    for (const out of node.aggregates) {
      for (const call of aggregateCalls(out)) {
        if (this.calls.some((c) => semanticEquals(c, call))) continue;
        // A FILTER (WHERE ...) clause is folded into the arguments; the buffers are the folded call's.
        const folded = foldAggregateFilter(call);
        if (folded.kind !== "call") throw unsupportedStreamingAggregate(call.name);
        const args = folded.args.map((a) => (a.kind === "star" ? "*" : compileExpression(a, scope)));
        const argumentType = folded.args[0] && intervalTypeOf(folded.args[0], scope);
        const buffers = aggregateBuffers(folded, args, compileExpression(folded, scope), argumentType);
        if (!buffers) {
          throw unsupportedStreamingAggregate(call.name);
        }
        this.calls.push(call);
        this.buffers.push(buffers);
        this.bufferOffsets.push(offset);
        offset += buffers.partial.length;
      }
    }
    // Only the grouping keys reach the state: the event-time column that matters is one of them.
    const marked = eventTimeColumns(node.child);
    const keyed = node.groupBy
      .map((g, index) => {
        const e = stripAlias(g);
        const column =
          e.kind === "column" && e.parts.length === 1
            ? marked.find((m) => sameName(m.name, e.parts[0]))
            : undefined;
        return column && { index, column };
      })
      .find((k) => k !== undefined);
    this.eventTimeKey = keyed;
    // The grouping keys' declared types (a cast to a collated string, or a column of one) for Spark's check
    // that every state key compares by bytes.
    this.checkKeyCollations(
      new StructType(
        node.groupBy.flatMap((g, i): StructField[] => {
          const e = stripAlias(g);
          let type: DataType | undefined;
          if (e.kind === "cast") type = e.dataType;
          else if (e.kind === "column" && e.parts.length === 1)
            type = node.child.schema.field(e.parts[0])?.dataType;
          // Named as Spark's key schema names them: the grouping columns' output names.
          return type ? [new StructField(this.groupNames[i], type)] : [];
        }),
      ),
    );

    this.partialSqlAround = this.compilePartial(scope);
    const partialSchema = session.analyzer.schemaOf(this.partialSql(placeholderSql(node.child.schema)));
    const keyColumns = new Set(node.groupBy.map((_, i) => keyColumn(i)));
    const columns = partialSchema.fields
      .filter((f) => f.name !== "__key" && f.name !== ROWS_COLUMN)
      .map((f) => ({ name: f.name, sqlType: f.dataType.sql(), key: keyColumns.has(f.name) }));
    this.store = createStateStore(session, checkpoint, operatorId, columns);
    this.metadata = new OperatorMetadataWriter(session.fs, checkpoint, {
      operatorInfo: { operatorId, operatorName },
      stateStoreInfo: [
        {
          storeName: "default",
          columns,
          key: this.groupNames.map((name, i) => ({ name, sql: keyColumn(i) })),
          value: this.calls.flatMap((call, j) =>
            this.buffers[j].partial.map((_, k) => ({
              name: this.buffers[j].partial.length > 1 ? `${expressionSql(call)}_${k}` : expressionSql(call),
              sql: bufferColumn(this.bufferOffsets[j] + k),
            })),
          ),
        },
      ],
    });
  }

  async process([inputSql]: readonly string[], context: BatchContext): Promise<BatchTable | BatchQuery> {
    this.tables.dropAll();
    const db = this.session.db;
    const late = this.outputMode !== "complete" ? this.olderThan(context.lateEventsWatermarkMs) : undefined;
    let partial = this.partialSql(inputSql);
    if (late) {
      this.recordLate(inputSql, context);
      const table = this.tables.create("agg_partial");
      db.exec(`CREATE TABLE ${quoteIdentifier(table)} AS ${partial}`);
      this.droppedByWatermark += db.queryNumber(`DELETE FROM ${quoteIdentifier(table)} WHERE ${late}`);
      partial = `SELECT * FROM ${quoteIdentifier(table)}`;
    }
    const changed = this.isGlobal ? this.mergeGlobal(partial) : this.mergeIntoState(partial);
    const { evictionWatermarkMs: evictAt, lateEventsWatermarkMs: lateAt } = context;
    // Rows this batch added can be behind the eviction watermark only where it is ahead of the late one.
    const mayEvict =
      evictAt !== undefined &&
      (this.evictedUpToMs === undefined || evictAt > this.evictedUpToMs || (lateAt ?? 0) < evictAt);
    const evict = this.outputMode !== "complete" && mayEvict ? this.olderThan(evictAt) : undefined;
    if (evict) this.evictedUpToMs = evictAt;
    this.lastEvictionWatermarkMs = evictAt;

    let source: string;
    if (changed === undefined) {
      // A global aggregation whose first batch has no rows: its initial row, not kept (see mergeGlobal).
      source = `(SELECT * EXCLUDE (__key, ${ROWS_COLUMN}) FROM (${partial})) AS __initial`;
    } else if (this.outputMode === "complete") {
      source = quoteIdentifier(this.store.table);
      // Every group, read from state, which nothing changes before the batch's output is written.
      if (context.outputAsQuery) return { sql: this.finalSql(source) };
    } else if (this.outputMode === "update") {
      source = quoteIdentifier(changed.table);
      if (evict) this.store.remove(evict);
    } else {
      source = evict
        ? quoteIdentifier(this.store.remove(evict).table)
        : `(${this.emptyStateSql()}) AS __evicted`;
    }
    const table = this.tables.create("agg_out");
    const numRows = db.queryNumber(`CREATE TABLE ${quoteIdentifier(table)} AS ${this.finalSql(source)}`);
    return { table, numRows };
  }

  /** Merges a batch's partial buffers (SQL giving them by key) into state; returns the state rows changed. */
  protected mergeIntoState(partialSql: string): StateChanges {
    return this.store.upsert(partialSql, this.merge(), this.changesAsTable);
  }

  /** Complete mode reads its output from state, never the changes' table. */
  private get changesAsTable(): boolean {
    return this.outputMode !== "complete";
  }

  /** An aggregation without grouping keys (`df.agg(...)`, `groupBy().count()`): one group, always there. */
  private get isGlobal(): boolean {
    return this.node.groupBy.length === 0;
  }

  /**
   * A global aggregation's batch. Its partial row exists even for a batch without rows (Spark's aggregation of
   * no rows), and merging the initial buffers of no rows must change nothing: `last()` keeps the value it had.
   * Such a batch puts the stored row back unchanged (as Spark puts the group again). Before any row, there is
   * nothing to keep: the initial row is the output and state stays empty, so a later first row is the first.
   */
  private mergeGlobal(partialSql: string): StateChanges | undefined {
    const table = this.tables.create("agg_global");
    this.session.db.exec(`CREATE TABLE ${quoteIdentifier(table)} AS ${partialSql}`);
    const rows = this.session.db.queryNumber(`SELECT ${ROWS_COLUMN} FROM ${quoteIdentifier(table)}`);
    const partial = `SELECT * FROM ${quoteIdentifier(table)}`;
    if (rows > 0) return this.mergeIntoState(partial);
    const stored = this.session.db.queryNumber(`SELECT count(*) FROM ${quoteIdentifier(this.store.table)}`);
    if (stored === 0) return undefined;
    const unchanged = Object.fromEntries(
      this.store.columns.map((c) => [c.name, `__stored.${quoteIdentifier(c.name)}`]),
    );
    return this.store.upsert(partial, unchanged, this.changesAsTable);
  }

  shouldRunAnotherBatch(newWatermarkMs: number): boolean {
    return (
      this.outputMode !== "complete" &&
      this.eventTimeKey !== undefined &&
      this.lastEvictionWatermarkMs !== undefined &&
      newWatermarkMs > this.lastEvictionWatermarkMs
    );
  }

  /**
   * Batch history: the input rows whose event-time key is late (Spark drops their partial rows), and those kept
   * though behind the max event time, judged by the row's own event time where it has one.
   */
  private recordLate(inputSql: string, context: BatchContext): void {
    const watermarkMs = context.lateEventsWatermarkMs;
    if (!context.lateRows || !this.eventTimeKey || watermarkMs === undefined) return;
    // Compiled once: typing the expression asks DuckDB.
    this.eventTimeKeySql ??= compileExpression(
      this.node.groupBy[this.eventTimeKey.index],
      this.inputScope(`(${placeholderSql(this.node.child.schema)}) AS __in`),
    );
    const keySql = this.eventTimeKeySql;
    const time = eventTimeColumns(this.node.child).find((c) => !c.isWindow);
    const behind = time
      ? behindMaxEventTimeSql(`__in.${quoteIdentifier(time.name)}`, time, outOfOrderWatermarkMs(context))
      : behindMaxEventTimeSql(keySql, this.eventTimeKey.column, outOfOrderWatermarkMs(context));
    const late = olderThanWatermarkSql(keySql, this.eventTimeKey.column, watermarkMs);
    recordLateRows(context, "__in.*", `(${inputSql}) AS __in`, late, behind);
  }

  /** SQL over state rows matching those at or behind the watermark, where the key carries event time. */
  private olderThan(watermarkMs: number | undefined): string | undefined {
    if (!this.eventTimeKey || watermarkMs === undefined) return undefined;
    return olderThanWatermarkSql(keyColumn(this.eventTimeKey.index), this.eventTimeKey.column, watermarkMs);
  }

  /** Keys and partial buffers of one batch: `__key` (the group as text, NULL-safe), `__k*`, `__b*`. */
  private partialSql(inputSql: string): string {
    const [before, after] = this.partialSqlAround;
    return `${before}${inputSql}${after}`;
  }

  /** The partial aggregation's SQL before and after its input's SQL (its expressions' text is input-free). */
  private compilePartial(scope: Scope): [string, string] {
    const keys = this.node.groupBy.map((g, i) => `${compileExpression(g, scope)} AS ${keyColumn(i)}`);
    const buffers = this.buffers.flatMap((b, j) =>
      b.partial.map((sql, k) => `${sql} AS ${bufferColumn(this.bufferOffsets[j] + k)}`),
    );
    const groupBy = keys.length > 0 ? ` GROUP BY ${keys.map((_, i) => i + 1).join(", ")}` : "";
    if (keys.length === 0) buffers.push(`count(*) AS ${ROWS_COLUMN}`);
    const key = stateKeySql(keys.map((_, i) => keyColumn(i)));
    return [
      `SELECT ${key} AS __key, * FROM (SELECT ${[...keys, ...buffers].join(", ")} FROM (`,
      `) AS __in${groupBy}) AS __partial`,
    ];
  }

  /** Per buffer column: its stored value merged with the batch's. */
  private merge(): Record<string, string> {
    return Object.fromEntries(
      this.buffers.flatMap((b, j) => {
        const columns = b.partial.map((_, k) => bufferColumn(this.bufferOffsets[j] + k));
        const merged = b.merge(
          columns.map((c) => `__stored.${c}`),
          columns.map((c) => `__incoming.${c}`),
        );
        return merged.map((sql, k) => [columns[k], sql] as const);
      }),
    );
  }

  /** The aggregate's output rows from state rows (`source`: a FROM item with the state table's columns). */
  private finalSql(source: string): string {
    this.finalSqlAround ??= this.compileFinal();
    const [before, after] = this.finalSqlAround;
    return `${before}${source}${after}`;
  }

  private compileFinal(): [string, string] {
    const stage1 = [
      ...this.node.groupBy.map((_, i) => `${keyColumn(i)} AS ${quoteIdentifier(this.groupNames[i])}`),
      ...this.buffers.map(
        (b, j) =>
          `${b.final(b.partial.map((_, k) => bufferColumn(this.bufferOffsets[j] + k)))} AS ${aggColumn(j)}`,
      ),
    ].join(", ");
    const scope: Scope = {
      schema: this.session.analyzer.schemaOf(`SELECT ${stage1} FROM (${this.emptyStateSql()})`),
    };
    const outputs = this.node.aggregates.map((out) => {
      const name = expressionName(out);
      const rewritten = transformExpression(stripAlias(out), (e) => {
        const group = this.node.groupBy.findIndex((g) => semanticEquals(g, e));
        if (group >= 0) return { kind: "column", parts: [this.groupNames[group]] };
        const call = this.calls.findIndex((c) => semanticEquals(c, e));
        if (call >= 0) return { kind: "column", parts: [aggColumn(call)] };
        return undefined;
      });
      return { kind: "alias", child: rewritten, name } as const;
    });
    return [
      `SELECT ${compileSelectList(outputs, scope).join(", ")} FROM (SELECT ${stage1} FROM `,
      ") AS __final",
    ];
  }

  protected emptyStateSql(): string {
    return `SELECT * FROM ${quoteIdentifier(this.store.table)} LIMIT 0`;
  }

  private inputScope(from: string): Scope {
    return {
      schema: this.node.child.schema,
      typeOf: (sql) =>
        this.session.analyzer.schemaOf(`SELECT ${sql} AS __t FROM ${from} LIMIT 0`).fields[0].dataType,
    };
  }
}

/** The aggregate calls inside an output expression (not inside another aggregate). */
export function aggregateCalls(e: Expression): Call[] {
  if (e.kind === "call" && isAggregateFunction(e.name)) return [e];
  const out: Call[] = [];
  transformExpression(e, (x) => {
    if (x !== e && x.kind === "call" && isAggregateFunction(x.name)) {
      out.push(x);
      return x;
    }
    return undefined;
  });
  return out;
}

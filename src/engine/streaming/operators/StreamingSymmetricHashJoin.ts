/**
 * Spark's StreamingSymmetricHashJoinExec: a join of two streams. Each side's rows are buffered in a state store,
 * tagged with a hash of the join key (`__jk`) and whether they ever matched (`__matched`). Per batch:
 * - rows at or behind the previous batch's watermark are late and dropped (per side, by its event-time column);
 * - new left rows join the right side's buffered rows, then all left rows (buffered and new) join the new right
 *   rows, so every pair is produced exactly once;
 * - the new rows are buffered; rows the watermark rules out of any future match (see StreamingJoinHelper) are
 *   evicted, and on an outer join's preserved side those that never matched are emitted with nulls.
 * Rows failing a condition on their own side alone can never match: on a preserved side they are emitted with
 * nulls at once, otherwise dropped (Spark's pre-join filter). As Spark's OneSideHashJoiner, a new row is not
 * buffered where the state watermark already rules it out (on a preserved side, if it matched nothing, it is
 * emitted with nulls at once: SPARK-49829), nor a left semi join's left row that matched on arrival;
 * `numRowsUpdated` counts the rows buffered. A join needs an equality between the two sides (Spark's
 * planner refuses one without, when the query plans its first batch).
 */

import { quoteIdentifier } from "../../duckdb/DuckDB";
import { streamJoinWithoutEqualityPredicate } from "../../errors/QueryCompilationErrors";
import { internalError } from "../../errors/QueryExecutionErrors";
import type { SparkSession } from "../../session/SparkSession";
import { planColumns, type Scope, sqlColumnNames } from "../../sql/analysis/columnResolution";
import { expressionName } from "../../sql/analysis/naming";
import { compileExpression } from "../../sql/codegen/expressionCompiler";
import {
  compilePlan,
  joinScope,
  placeholderSql,
  scopeOver,
  typeOfOver,
} from "../../sql/codegen/planCompiler";
import type { Expression } from "../../sql/expressions";
import type { LogicalPlan } from "../../sql/plan";
import { OperatorMetadataWriter } from "../../state/OperatorStateMetadata";
import type { StateColumn, StateStore } from "../../state/StateStore";
import {
  behindMaxEventTimeSql,
  type EventTimeColumn,
  eventTimeColumns,
  olderThanWatermarkSql,
} from "../runtime/EventTimeWatermark";
import type { StateOperatorProgress } from "../runtime/progress";
import {
  type BatchContext,
  type BatchTable,
  BatchTables,
  createStateStore,
  outOfOrderWatermarkMs,
  recordLateRows,
  type StatefulOperator,
  stateOperatorProgress,
} from "./StatefulOperator";
import {
  conjuncts,
  type JoinKey,
  type JoinNode,
  type JoinSide,
  joinKeys,
  type StateWatermark,
  sidesOf,
  stateWatermarks,
} from "./StreamingJoinHelper";

const SIDES: readonly JoinSide[] = ["left", "right"];
const q = quoteIdentifier;

interface Side {
  readonly plan: LogicalPlan;
  readonly store: StateStore;
  /** SQL names of the side's columns, as its compiled SQL outputs them. */
  readonly columns: readonly string[];
  readonly eventTime: EventTimeColumn | undefined;
  readonly watermark: StateWatermark | undefined;
  /** Preserved by the join (emitted with nulls when unmatched). */
  readonly outer: boolean;
  /** Conjuncts of the condition over this side alone. */
  readonly ownCondition: Expression | undefined;
}

export class StreamingSymmetricHashJoin implements StatefulOperator {
  private readonly sides: Record<JoinSide, Side>;
  private readonly keys: JoinKey[];
  private readonly metadata: OperatorMetadataWriter;
  private readonly tables: BatchTables;
  private droppedByWatermark = 0;
  /** Rows buffered in the batch (Spark's numUpdatedStateRows: matched flags set on buffered rows do not count). */
  private buffered = 0;
  private lastEvictionWatermarkMs: number | undefined;
  /** What `restore` found wrong with the checkpoint's state columns, raised by the next batch. */
  private stateSchemaError: Error | undefined;

  constructor(
    private readonly session: SparkSession,
    readonly node: JoinNode,
    readonly operatorId: number,
    checkpoint: string,
  ) {
    this.tables = new BatchTables(session.db);
    this.keys = joinKeys(node);
    const watermarks = stateWatermarks(node);
    const parts = conjuncts(node.condition);
    const make = (side: JoinSide): Side => {
      const plan = side === "left" ? node.left : node.right;
      const columns = sqlColumnNames(plan.schema);
      const stateColumns = [
        ...plan.schema.fields.map((f, i) => ({ name: columns[i], sqlType: f.dataType.sql() })),
        { name: "__jk", sqlType: "UBIGINT" },
        { name: "__matched", sqlType: "BOOLEAN" },
      ];
      const own = parts.filter((c) => {
        const s = sidesOf(node, c);
        return s.size === 1 && s.has(side);
      });
      return {
        plan,
        store: createStateStore(session, checkpoint, operatorId, stateColumns, side),
        columns,
        eventTime: eventTimeColumns(plan)[0],
        watermark: watermarks[side],
        outer: node.how === "full" || node.how === side,
        ownCondition: own.reduce<Expression | undefined>(
          (a, c) => (a ? { kind: "binary", op: "and", left: a, right: c } : c),
          undefined,
        ),
      };
    };
    this.sides = { left: make("left"), right: make("right") };
    this.metadata = new OperatorMetadataWriter(session.fs, checkpoint, {
      operatorInfo: { operatorId, operatorName: "symmetricHashJoin" },
      stateStoreInfo: SIDES.map((side) => {
        const { plan, columns } = this.sides[side];
        return {
          storeName: side,
          columns: [
            ...plan.schema.fields.map((f, i) => ({ name: columns[i], sqlType: f.dataType.sql() })),
            { name: "__jk", sqlType: "UBIGINT" },
            { name: "__matched", sqlType: "BOOLEAN" },
          ],
          keyColumns: this.keyColumns(side),
          key: this.keys.map((k, i) => ({ name: expressionName(k[side]), sql: this.keyColumnSql(side, i) })),
          value: [
            ...plan.schema.fieldNames.map((name, i) => ({ name, sql: q(columns[i]) })),
            { name: "matched", sql: "__matched" },
          ],
        };
      }),
    });
  }

  async process(inputs: readonly string[], context: BatchContext): Promise<BatchTable> {
    if (this.keys.length === 0) throw streamJoinWithoutEqualityPredicate();
    this.tables.dropAll();
    const db = this.session.db;
    const outputs: string[] = [];
    const input = {} as Record<JoinSide, string>;
    for (const [i, side] of SIDES.entries()) {
      const s = this.sides[side];
      const table = this.tables.create(`join_${side}`);
      input[side] = table;
      db.exec(
        `CREATE TABLE ${q(table)} AS SELECT ${this.rowColumns(side, "__in")}, ${this.keyHashSql(side)} AS __jk, 'b${context.batchId}-${side}-' || row_number() OVER () AS __key, FALSE AS __matched FROM (${inputs[i]}) AS __in`,
      );
      if (s.eventTime && context.lateEventsWatermarkMs !== undefined) {
        const late = olderThanWatermarkSql(q(s.eventTime.name), s.eventTime, context.lateEventsWatermarkMs);
        const behind = behindMaxEventTimeSql(
          q(s.eventTime.name),
          s.eventTime,
          outOfOrderWatermarkMs(context),
        );
        recordLateRows(context, "* EXCLUDE (__jk, __key, __matched)", q(table), late, behind);
        this.droppedByWatermark += db.queryNumber(`DELETE FROM ${q(table)} WHERE ${late}`);
      }
      if (s.ownCondition) {
        const alias = side === "left" ? "__jl" : "__jr";
        const from = `${q(table)} AS ${alias}`;
        const cond = compileExpression(s.ownCondition, this.sideScope(side, alias, from));
        const failing = this.tables.create(`join_${side}_failing`);
        const numFailing = db.queryNumber(
          `CREATE TABLE ${q(failing)} AS SELECT * FROM ${q(table)} WHERE __key IN (SELECT __key FROM ${from} WHERE NOT coalesce(${cond}, FALSE))`,
        );
        if (numFailing > 0) {
          db.exec(`DELETE FROM ${q(table)} WHERE __key IN (SELECT __key FROM ${q(failing)})`);
          if (s.outer) outputs.push(this.outerRows(side, failing));
        }
      }
    }

    // Buffered rows whose key hash a new row of the other side has.
    const candidates = {} as Record<JoinSide, string>;
    for (const side of SIDES) {
      const other = input[side === "left" ? "right" : "left"];
      candidates[side] = this.tables.create(`join_${side}_state`);
      db.exec(
        `CREATE TABLE ${q(candidates[side])} AS SELECT ${this.stateColumns(side)} FROM ${q(this.sides[side].store.table)} WHERE __jk IN (SELECT __jk FROM ${q(other)})`,
      );
    }
    const allLeft = this.tables.create("join_left_all");
    db.exec(
      `CREATE TABLE ${q(allLeft)} AS SELECT ${this.stateColumns("left")} FROM ${q(candidates.left)} UNION ALL SELECT ${this.stateColumns("left")} FROM ${q(input.left)}`,
    );
    // New left × buffered right, then every left × new right.
    const first = this.pairs(input.left, candidates.right);
    const second = this.pairs(allLeft, input.right);
    if (this.node.how === "left_semi") {
      outputs.push(this.semiRows(allLeft, first, second));
    } else {
      outputs.push(this.joined(input.left, candidates.right), this.joined(allLeft, input.right));
    }

    // Remember which rows matched, then buffer the new rows.
    const matchedLeft = `SELECT lk FROM ${q(first)} UNION SELECT lk FROM ${q(second)}`;
    const matchedRight = `SELECT rk FROM ${q(first)} UNION SELECT rk FROM ${q(second)}`;
    this.sides.left.store.update({ __matched: "TRUE" }, `NOT __matched AND __key IN (${matchedLeft})`);
    this.sides.right.store.update({ __matched: "TRUE" }, `NOT __matched AND __key IN (${matchedRight})`);
    db.exec(`UPDATE ${q(input.left)} SET __matched = TRUE WHERE __key IN (${matchedLeft})`);
    db.exec(`UPDATE ${q(input.right)} SET __matched = TRUE WHERE __key IN (${matchedRight})`);
    for (const side of SIDES) {
      const excluded = [
        this.evictionPredicate(side, context.evictionWatermarkMs),
        // A left semi join's left row that matched buffered rows on arrival is emitted once, never buffered.
        side === "left" && this.node.how === "left_semi"
          ? `__key IN (SELECT lk FROM ${q(first)})`
          : undefined,
      ].filter((p) => p !== undefined);
      const where = excluded.length > 0 ? ` WHERE NOT coalesce(${excluded.join(" OR ")}, FALSE)` : "";
      this.buffered += this.sides[side].store.upsert(
        `SELECT ${this.stateColumns(side)} FROM ${q(input[side])}${where}`,
        "keep",
      ).numRows;
      // SPARK-49829: a new row of a preserved side that the state watermark keeps out of the buffer (it is past the
      // watermark for eviction, not the one for late rows) and that matched nothing is emitted with nulls now, as
      // its eviction would have.
      const evicted = this.evictionPredicate(side, context.evictionWatermarkMs);
      if (this.sides[side].outer && evicted !== undefined) {
        const unmatched = this.tables.create(`join_${side}_unbuffered`);
        const numUnmatched = db.queryNumber(
          `CREATE TABLE ${q(unmatched)} AS SELECT * FROM ${q(input[side])} WHERE NOT __matched AND coalesce(${evicted}, FALSE)`,
        );
        if (numUnmatched > 0) outputs.push(this.outerRows(side, unmatched));
      }
    }

    outputs.push(...this.evict(context));
    const output = this.tables.create("join_out");
    const numRows = db.queryNumber(
      `CREATE TABLE ${q(output)} AS ${outputs.map((t) => `SELECT * FROM ${q(t)}`).join(" UNION ALL ")}`,
    );
    return { table: output, numRows };
  }

  async restore(version: number | undefined): Promise<void> {
    this.stateSchemaError =
      version !== undefined && this.session.conf.getBoolean("spark.sql.streaming.stateStore.stateSchemaCheck")
        ? await this.metadata.incompatibility()
        : undefined;
    // State in other columns cannot be loaded; the first batch raises the error instead.
    if (this.stateSchemaError) return;
    for (const side of SIDES) await this.sides[side].store.load(version);
  }

  verifyStateSchema(): void {
    if (this.stateSchemaError) throw this.stateSchemaError;
  }

  /** A side's key as Spark's key schema of a join's state: `field<i>` of each join key's type. */
  private keyColumns(side: JoinSide): StateColumn[] {
    const plan = this.sides[side].plan;
    const typeOf = typeOfOver(`(${placeholderSql(plan.schema)}) AS __t`, this.session.analyzer.schemaOf);
    const scope = scopeOver(plan, "", this.session.analyzer.schemaOf);
    return this.keys.map((k, i) => ({
      name: `field${i}`,
      sqlType: typeOf(compileExpression(k[side], scope)).sql(),
      key: true,
    }));
  }

  async commit(batchId: number): Promise<StateOperatorProgress> {
    await this.metadata.ensure();
    const [l, r] = [
      await this.sides.left.store.commit(batchId),
      await this.sides.right.store.commit(batchId),
    ];
    const sum = (k: keyof typeof l) => l[k] + r[k];
    const metrics = {
      numRowsTotal: sum("numRowsTotal"),
      numRowsUpdated: this.buffered,
      numRowsRemoved: sum("numRowsRemoved"),
      allUpdatesTimeMs: sum("allUpdatesTimeMs"),
      allRemovalsTimeMs: sum("allRemovalsTimeMs"),
      commitTimeMs: sum("commitTimeMs"),
      memoryUsedBytes: sum("memoryUsedBytes"),
    };
    const dropped = this.droppedByWatermark;
    this.droppedByWatermark = 0;
    this.buffered = 0;
    return stateOperatorProgress(
      "symmetricHashJoin",
      metrics,
      dropped,
      this.session.conf.getNumber("spark.sql.shuffle.partitions"),
      {},
      4,
    );
  }

  discard(): void {
    for (const side of SIDES) this.sides[side].store.discard();
    this.droppedByWatermark = 0;
    this.buffered = 0;
  }

  close(): void {
    this.tables.dropAll();
    for (const side of SIDES) this.sides[side].store.drop();
  }

  shouldRunAnotherBatch(newWatermarkMs: number): boolean {
    const cleansState = SIDES.some((side) => this.sides[side].watermark !== undefined);
    return (
      cleansState &&
      this.lastEvictionWatermarkMs !== undefined &&
      newWatermarkMs > this.lastEvictionWatermarkMs
    );
  }

  /**
   * Spark's produceOutputWatermark for the join: the least of the input watermark and each side's state watermark
   * (a range condition holds a side's rows back by its interval, and they may still be emitted, matched or as
   * outer rows), so that the operators above see either side's event time as bounded.
   */
  produceOutputWatermark(inputWatermarkMs: number): number {
    const held = SIDES.map((side) => this.sides[side].watermark).map((w) =>
      w?.kind === "value" ? inputWatermarkMs + w.offsetMs : inputWatermarkMs,
    );
    return Math.min(inputWatermarkMs, ...held);
  }

  /** SQL over a side's rows true where no future row of the other side can match them (Spark's state watermark). */
  private evictionPredicate(side: JoinSide, at: number | undefined): string | undefined {
    const w = this.sides[side].watermark;
    if (!w || at === undefined) return undefined;
    return w.kind === "key"
      ? olderThanWatermarkSql(this.keyColumnSql(side, w.keyIndex), w.column, at)
      : olderThanWatermarkSql(q(w.column.name), w.column, at + w.offsetMs);
  }

  /** Drops buffered rows no future row can match; a preserved side's unmatched ones become outer rows. */
  private evict(context: BatchContext): string[] {
    const at = context.evictionWatermarkMs;
    this.lastEvictionWatermarkMs = at;
    if (at === undefined) return [];
    const outputs: string[] = [];
    for (const side of SIDES) {
      const s = this.sides[side];
      const predicate = this.evictionPredicate(side, at);
      if (!predicate) continue;
      const removed = s.store.remove(predicate);
      if (s.outer && removed.numRows > 0) {
        const table = this.tables.create("join_unmatched");
        this.session.db.exec(
          `CREATE TABLE ${q(table)} AS SELECT * FROM ${q(removed.table)} WHERE NOT __matched`,
        );
        outputs.push(this.outerRows(side, table));
      }
    }
    return outputs;
  }

  /** The key pairs (`lk`, `rk`) of matching rows of two tables of left and right rows. */
  private pairs(left: string, right: string): string {
    const table = this.tables.create("join_pairs");
    const condition = this.conditionSql(q(left), q(right));
    this.session.db.exec(
      `CREATE TABLE ${q(table)} AS SELECT __jl.__key AS lk, __jr.__key AS rk FROM ${q(left)} AS __jl JOIN ${q(right)} AS __jr ON __jl.__jk = __jr.__jk AND ${condition}`,
    );
    return table;
  }

  /** The join's output rows for two tables of left and right rows (the plan's own projection). */
  private joined(left: string, right: string): string {
    return this.compileJoin({ ...this.node, how: "inner" }, left, right);
  }

  /** A preserved side's rows with nulls for the other side. */
  private outerRows(side: JoinSide, rows: string): string {
    const empty = this.tables.create("join_empty");
    const other: JoinSide = side === "left" ? "right" : "left";
    this.session.db.exec(
      `CREATE TABLE ${q(empty)} AS SELECT * FROM ${q(this.sides[other].store.table)} LIMIT 0`,
    );
    const how = side === "left" ? "left" : "right";
    return side === "left"
      ? this.compileJoin({ ...this.node, how }, rows, empty)
      : this.compileJoin({ ...this.node, how }, empty, rows);
  }

  /** Left semi join: left rows that match for the first time, once. */
  private semiRows(allLeft: string, first: string, second: string): string {
    const table = this.tables.create("join_semi");
    this.session.db.exec(
      `CREATE TABLE ${q(table)} AS SELECT ${this.sides.left.columns.map(q).join(", ")} FROM ${q(allLeft)} WHERE NOT __matched AND __key IN (SELECT lk FROM ${q(first)} UNION SELECT lk FROM ${q(second)})`,
    );
    return table;
  }

  private compileJoin(node: JoinNode, left: string, right: string): string {
    const table = this.tables.create("join_rows");
    const read = (side: JoinSide, from: string) =>
      `SELECT ${this.sides[side].columns.map(q).join(", ")} FROM ${q(from)}`;
    const sql = compilePlan(
      node,
      () => {
        throw internalError("a join's inputs are its buffered rows");
      },
      this.session.analyzer.schemaOf,
      (n) => (n === node.left ? read("left", left) : n === node.right ? read("right", right) : undefined),
    );
    this.session.db.exec(`CREATE TABLE ${q(table)} AS ${sql}`);
    return table;
  }

  private conditionSql(left: string, right: string): string {
    const node = this.node;
    if (node.usingColumns) {
      return this.keys
        .map((_, i) => `${this.keyColumnSql("left", i, "__jl")} = ${this.keyColumnSql("right", i, "__jr")}`)
        .join(" AND ");
    }
    if (!node.condition) return "TRUE";
    const from = `${left} AS __jl CROSS JOIN ${right} AS __jr`;
    return compileExpression(
      node.condition,
      joinScope(node, "__jl", "__jr", from, this.session.analyzer.schemaOf),
    );
  }

  /** SQL hashing a side's join key values (rows of one side compare only with rows of the same hash). */
  private keyHashSql(side: JoinSide): string {
    if (this.keys.length === 0) return "CAST(0 AS UBIGINT)";
    return `hash(${this.keys.map((_, i) => this.keyColumnSql(side, i, "__in")).join(", ")})`;
  }

  /** SQL of key `i` over a side's rows read through `alias` (or unqualified). */
  private keyColumnSql(side: JoinSide, i: number, alias?: string): string {
    return compileExpression(this.keys[i][side], this.sideScope(side, alias));
  }

  /** What a side's own expressions see: its columns, read through `alias` from `from`. */
  private sideScope(side: JoinSide, alias?: string, from?: string): Scope {
    const plan = this.sides[side].plan;
    const source = from ?? `${q(this.sides[side].store.table)}${alias ? ` AS ${alias}` : ""}`;
    return {
      schema: plan.schema,
      columns: planColumns(plan, alias),
      typeOf: (sql) =>
        this.session.analyzer.schemaOf(`SELECT ${sql} AS __t FROM ${source} LIMIT 0`).fields[0].dataType,
    };
  }

  private rowColumns(side: JoinSide, from: string): string {
    return this.sides[side].columns.map((c) => `${from}.${q(c)}`).join(", ");
  }

  /** The state table's columns, in its order. */
  private stateColumns(side: JoinSide): string {
    return ["__key", ...this.sides[side].columns.map(q), "__jk", "__matched"].join(", ");
  }
}

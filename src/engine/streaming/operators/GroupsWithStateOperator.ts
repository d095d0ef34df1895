/**
 * What flatMapGroupsWithState and transformWithState share: the user's code runs once per group that has rows
 * in the batch, then once per group whose timeout (or timer) has passed (processing time: the batch's time;
 * event time: the watermark), with the group's state. The batch's rows are grouped in DuckDB; only each group's
 * rows, key and state cross into JavaScript for the call. State rows live in the state store keyed by the group
 * (`__key`): typed columns where a state schema is given, JSON otherwise, and the timeout (`__timeout`, epoch ms).
 */
import { quoteIdentifier, quoteString } from "../../duckdb/DuckDB";
import {
  duplicateInitialStateKey,
  mapGroupsWithStateRowCount,
  stateNotAnObject,
} from "../../errors/QueryExecutionErrors";
import type { SparkSession } from "../../session/SparkSession";
import { sqlColumnNames } from "../../sql/analysis/columnResolution";
import { expressionName } from "../../sql/analysis/naming";
import { type Row, toRows } from "../../sql/api/rows";
import { compileExpression } from "../../sql/codegen/expressionCompiler";
import { placeholderSql, scopeOver } from "../../sql/codegen/planCompiler";
import type { LogicalPlan } from "../../sql/plan";
import { LongType, StringType, StructField, StructType } from "../../sql/types";
import { OperatorMetadataWriter } from "../../state/OperatorStateMetadata";
import { type StateStore, stateKeySql } from "../../state/StateStore";
import {
  behindMaxEventTimeSql,
  eventTimeColumns,
  olderThanWatermarkSql,
} from "../runtime/EventTimeWatermark";
import type { StateOperatorProgress } from "../runtime/progress";
import type { InitialState } from "./GroupState";
import {
  type BatchContext,
  type BatchTable,
  createStateStore,
  outOfOrderWatermarkMs,
  recordLateRows,
  SingleStoreOperator,
} from "./StatefulOperator";

export type GroupsNode = Extract<LogicalPlan, { kind: "flatMapGroupsWithState" }>;

/** What one call for a group leaves: its output rows, its state (undefined: none) and its next timeout. */
export interface CallOutcome {
  output: Row[];
  value: unknown;
  timeoutMs: number | undefined;
  /**
   * Whether the call updated or removed the state (GroupState's isUpdated / isRemoved). Where false and the timeout
   * is unchanged, the state row is not written (nor counted as updated), as Spark's shouldWriteState. Undefined:
   * always written.
   */
  changed?: boolean;
}

const q = quoteIdentifier;
const keyColumn = (i: number) => `__k${i}`;
/** Keys per `IN (...)` lookup: point lookups through the state's primary key. */
const LOOKUP_CHUNK = 1000;

export abstract class GroupsWithStateOperator extends SingleStoreOperator {
  readonly store: StateStore;
  protected readonly metadata: OperatorMetadataWriter;
  private readonly keyTypes: StructType;
  /** The state store's row: key, key columns, state (typed fields or `__state` JSON), timeout. */
  private readonly stateRow: StructType;
  protected lastEvictionWatermarkMs: number | undefined;
  /** State rows written from the initial state that the call left as they were: not updates, as in Spark. */
  private initialStateWrites = 0;
  /**
   * When a timeout is due against its threshold: a GroupState times out after its timeout ("<"); a
   * processor's timer fires at its expiry time ("<=").
   */
  protected abstract readonly timeoutDue: "<" | "<=";

  constructor(
    session: SparkSession,
    override readonly node: GroupsNode,
    operatorId: number,
    protected readonly checkpoint: string,
    operatorName: string,
    /** Spark's operatorPropertiesJson (transformWithState's modes and state variables), kept in the metadata. */
    operatorProperties?: string,
  ) {
    super(session, node, operatorId, operatorName);
    this.keyTypes = session.analyzer.schemaOf(
      `SELECT ${this.keySelect()} FROM (${placeholderSql(node.child.schema)}) AS __in`,
    );
    const { stateSchema } = node.spec;
    this.stateRow = new StructType([
      new StructField("__key", StringType, false),
      ...this.keyTypes.fields,
      ...(stateSchema ? stateSchema.fields : [new StructField("__state", StringType, true)]),
      new StructField("__timeout", LongType, true),
    ]);
    const keyColumns = new Set(this.keyTypes.fieldNames);
    const columns = this.stateRow.fields
      .slice(1)
      .map((f) => ({ name: f.name, sqlType: f.dataType.sql(), key: keyColumns.has(f.name) }));
    this.store = createStateStore(session, checkpoint, operatorId, columns);
    this.metadata = new OperatorMetadataWriter(session.fs, checkpoint, {
      operatorInfo: { operatorId, operatorName: this.operatorName },
      ...(operatorProperties !== undefined && { operatorProperties }),
      stateStoreInfo: [
        {
          storeName: "default",
          columns,
          key: node.groupBy.map((g, i) => ({ name: expressionName(g), sql: keyColumn(i) })),
          value: [
            ...(stateSchema
              ? stateSchema.fieldNames.map((n) => ({ name: n, sql: q(n) }))
              : [{ name: "state", sql: "__state" }]),
            { name: "timeoutTimestamp", sql: "__timeout" },
          ],
        },
      ],
    });
  }

  /** One call of the user's code for a group: its rows (none where it timed out) and its state, if any. */
  protected abstract invoke(
    key: unknown[],
    rows: Row[],
    previous: unknown,
    timedOut: boolean,
    context: BatchContext,
  ): Promise<CallOutcome>;

  async process([inputSql]: readonly string[], context: BatchContext): Promise<BatchTable> {
    this.tables.dropAll();
    const db = this.session.db;
    const { spec } = this.node;
    this.lastEvictionWatermarkMs = context.evictionWatermarkMs;
    const keys = this.node.groupBy.map((_, i) => keyColumn(i));
    const input = this.tables.create("groups_in");
    db.exec(
      `CREATE TABLE ${q(input)} AS SELECT *, ${stateKeySql(keys)} AS __key FROM (SELECT *, ${this.keySelect()}, row_number() OVER () AS __seq FROM (${inputSql}) AS __in) AS __keyed`,
    );
    const eventTime = eventTimeColumns(this.node.child)[0];
    if (spec.timeout === "EventTimeTimeout" && eventTime && context.lateEventsWatermarkMs !== undefined) {
      const late = olderThanWatermarkSql(q(eventTime.name), eventTime, context.lateEventsWatermarkMs);
      const behind = behindMaxEventTimeSql(q(eventTime.name), eventTime, outOfOrderWatermarkMs(context));
      recordLateRows(
        context,
        sqlColumnNames(this.node.child.schema).map(q).join(", "),
        q(input),
        late,
        behind,
      );
      this.droppedByWatermark += db.queryNumber(`DELETE FROM ${q(input)} WHERE ${late}`);
    }

    // The batch's rows by group, in arrival order; groups in key order (as Spark's sort before the call).
    const columns = sqlColumnNames(this.node.child.schema);
    const rows = toRows(
      db.query(
        `SELECT __key, ${[...keys, ...columns.map(q)].join(", ")} FROM ${q(input)} ORDER BY __key, __seq`,
      ),
    );
    const groups = groupRows(rows, keys, columns, this.node.child.schema.fieldNames);
    // Spark's processNewDataWithInitialState: in the first batch, every key of the initial state is called too.
    const initial =
      context.batchId === 0 && spec.initialState ? await this.initialStates(spec.initialState) : undefined;
    for (const [k, { key }] of initial ?? []) {
      if (!groups.has(k)) groups.set(k, { key, rows: [] });
    }
    const existing = this.lookup([...groups.keys()]);
    const timedOut = this.timedOut(context, groups);

    const outputs: Row[] = [];
    const upserts: Record<string, unknown>[] = [];
    const removals: string[] = [];
    const call = async (
      k: string,
      key: unknown[],
      groupRows: Row[],
      stored: Row | undefined,
      timedOut: boolean,
    ) => {
      const init = initial?.get(k);
      const previous = init ? init.value : stored?.__exists ? this.readState(stored) : undefined;
      const { output, value, timeoutMs, changed } = await this.invoke(
        key,
        groupRows,
        previous,
        timedOut,
        context,
      );
      outputs.push(...output);
      const storedTimeout = stored?.__timeout == null ? undefined : Number(stored.__timeout);
      if (value === undefined && timeoutMs === undefined) {
        if (stored) removals.push(k);
      } else if (init) {
        // Spark puts the initial state before the call, not counted as an update; the call's write is.
        upserts.push(this.stateRowOf(k, key, value, timeoutMs));
        if (changed === false && timeoutMs === undefined) this.initialStateWrites++;
      } else if (changed !== false || timeoutMs !== storedTimeout) {
        upserts.push(this.stateRowOf(k, key, value, timeoutMs));
      }
    };
    for (const [k, group] of [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      await call(k, group.key, group.rows, existing.get(k), false);
    }
    for (const stored of timedOut) {
      await call(
        stored.__key as string,
        keys.map((c) => stored[c]),
        [],
        stored,
        true,
      );
    }

    if (upserts.length > 0) {
      const staging = this.tables.create("groups_state");
      this.session.files.insertRows(staging, upserts, this.stateRow);
      this.store.upsert(`SELECT * FROM ${q(staging)}`, "replace");
    }
    for (let i = 0; i < removals.length; i += LOOKUP_CHUNK) {
      this.store.remove(
        `__key IN (${removals
          .slice(i, i + LOOKUP_CHUNK)
          .map(quoteString)
          .join(", ")})`,
      );
    }
    const output = this.tables.create("groups_out");
    const outputSchema = new StructType(
      spec.outputSchema.fields.map(
        (f, i) => new StructField(sqlColumnNames(spec.outputSchema)[i], f.dataType, f.nullable),
      ),
    );
    this.session.files.insertRows(
      output,
      outputs.map((r) =>
        Object.fromEntries(
          spec.outputSchema.fieldNames.map((n, i) => [outputSchema.fields[i].name, r[n] ?? null]),
        ),
      ),
      outputSchema,
    );
    return { table: output, numRows: outputs.length };
  }

  override async commit(batchId: number): Promise<StateOperatorProgress> {
    const progress = await super.commit(batchId);
    const uncounted = this.initialStateWrites;
    this.initialStateWrites = 0;
    return { ...progress, numRowsUpdated: progress.numRowsUpdated - uncounted };
  }

  override discard(): void {
    super.discard();
    this.initialStateWrites = 0;
  }

  /**
   * The initial state by state key: its key values and state value (one value column: its value; several: an
   * object of them). A key given twice fails the batch, as Spark's foundDuplicateInitialKeyException.
   */
  private initialStates(
    initialState: InitialState,
  ): Promise<Map<string, { key: unknown[]; value: unknown }>> {
    return readInitialStates(
      this.session,
      this.tables.create("groups_initial"),
      initialState,
      this.node.groupBy.map((_, i) => keyColumn(i)),
      (row) => this.initialValue(row, initialState.valueColumns),
      (key) => this.duplicateInitialKey(key),
    );
  }

  /** A key's state from its initial-state row: the one value column's value, or an object of several. */
  protected initialValue(row: Row, valueColumns: readonly string[]): unknown {
    return initialStateValue(row, valueColumns);
  }

  /** What a key given twice in the initial state raises. */
  protected duplicateInitialKey(_key: unknown[]): Error {
    return duplicateInitialStateKey();
  }

  shouldRunAnotherBatch(newWatermarkMs: number, context: Omit<BatchContext, "batchId">): boolean {
    switch (this.node.spec.timeout) {
      case "ProcessingTimeTimeout":
        return (
          this.session.db.query(
            `SELECT 1 FROM ${q(this.store.table)} WHERE __timeout ${this.timeoutDue} ${context.batchTimestampMs} LIMIT 1`,
          ).numRows > 0
        );
      case "EventTimeTimeout":
        return this.lastEvictionWatermarkMs !== undefined && newWatermarkMs > this.lastEvictionWatermarkMs;
      default:
        return false;
    }
  }

  /** When timeouts (or timers) are due: the batch's time, or the watermark. */
  protected timeoutThreshold(context: BatchContext): number | undefined {
    const { timeout } = this.node.spec;
    return timeout === "ProcessingTimeTimeout"
      ? context.batchTimestampMs
      : timeout === "EventTimeTimeout"
        ? context.evictionWatermarkMs
        : undefined;
  }

  /** State rows of the given groups, by key (point lookups on the primary key). */
  private lookup(keys: readonly string[]): Map<string, Row> {
    const found = new Map<string, Row>();
    for (let i = 0; i < keys.length; i += LOOKUP_CHUNK) {
      const list = keys
        .slice(i, i + LOOKUP_CHUNK)
        .map(quoteString)
        .join(", ");
      for (const row of this.stateRows(`__key IN (${list})`)) found.set(row.__key as string, row);
    }
    return found;
  }

  /** Groups without rows in this batch whose timeout has passed. */
  private timedOut(context: BatchContext, withData: ReadonlyMap<string, unknown>): Row[] {
    const threshold = this.timeoutThreshold(context);
    if (threshold === undefined) return [];
    return this.stateRows(`__timeout IS NOT NULL AND __timeout ${this.timeoutDue} ${threshold}`)
      .filter((r) => !withData.has(r.__key as string))
      .sort((a, b) => ((a.__key as string) < (b.__key as string) ? -1 : 1));
  }

  private stateRows(where: string): Row[] {
    const state = this.node.spec.stateSchema
      ? `(${this.node.spec.stateSchema.fieldNames.map((n) => `${q(n)} IS NOT NULL`).join(" OR ") || "FALSE"})`
      : "__state IS NOT NULL";
    return toRows(
      this.session.db.query(`SELECT *, ${state} AS __exists FROM ${q(this.store.table)} WHERE ${where}`),
    );
  }

  private readState(stored: Row): unknown {
    const { stateSchema } = this.node.spec;
    if (!stored.__exists) return undefined;
    if (stateSchema) return Object.fromEntries(stateSchema.fieldNames.map((n) => [n, stored[n]]));
    return JSON.parse(stored.__state as string, (_, v) =>
      v && typeof v === "object" && "$date" in v ? new Date(v.$date) : v,
    );
  }

  private stateRowOf(
    k: string,
    key: unknown[],
    value: unknown,
    timeoutMs: number | undefined,
  ): Record<string, unknown> {
    const row: Record<string, unknown> = { __key: k, __timeout: timeoutMs ?? null };
    this.keyTypes.fieldNames.forEach((n, i) => {
      row[n] = key[i];
    });
    const { stateSchema } = this.node.spec;
    if (stateSchema) {
      const fields = stateSchema.fieldNames;
      const source = Array.isArray(value)
        ? Object.fromEntries(fields.map((n, i) => [n, value[i]]))
        : ((value ?? {}) as Record<string, unknown>);
      if (value !== undefined && (typeof value !== "object" || value === null)) {
        throw stateNotAnObject(this.node.spec.apiName, stateSchema.simpleString(), typeof value);
      }
      for (const n of fields) row[n] = source[n] ?? null;
    } else {
      row.__state =
        value === undefined
          ? null
          : JSON.stringify(value, function (this: Record<string, unknown>, name, v) {
              const raw = this[name];
              return raw instanceof Date ? { $date: raw.getTime() } : typeof v === "bigint" ? String(v) : v;
            });
    }
    return row;
  }

  /** The function's result as rows: an iterable of rows, a single row (mapGroupsWithState), or nothing. */
  protected outputRows(result: unknown): Row[] {
    return groupsOutputRows(this.node.spec, result);
  }

  /** The grouping expressions, as `__k0, __k1, ...`. */
  private keySelect(): string {
    const from = `(${placeholderSql(this.node.child.schema)}) AS __in`;
    const scope = scopeOver(this.node.child, from, this.session.analyzer.schemaOf);
    return this.node.groupBy.map((g, i) => `${compileExpression(g, scope)} AS ${keyColumn(i)}`).join(", ");
  }
}

/**
 * The initial state's keys and values (Spark's initialState of [flat]MapGroupsWithState and transformWithState):
 * its batch DataFrame written to `table`, each key's `value` of its row; a key given twice raises `duplicate`.
 */
export async function readInitialStates(
  session: SparkSession,
  table: string,
  initialState: InitialState,
  keys: readonly string[],
  value: (row: Row) => unknown,
  duplicate: (key: unknown[]) => Error,
): Promise<Map<string, { key: unknown[]; value: unknown }>> {
  const { df } = initialState;
  session.files.insertRows(table, await df.collect(), df.schema);
  const rows = toRows(session.db.query(`SELECT ${stateKeySql([...keys])} AS __key, * FROM ${q(table)}`));
  const states = new Map<string, { key: unknown[]; value: unknown }>();
  for (const row of rows) {
    const k = row.__key as string;
    const key = keys.map((c) => row[c]);
    if (states.has(k)) throw duplicate(key);
    states.set(k, { key, value: value(row) ?? undefined });
  }
  return states;
}

/** A key's state from its initial-state row: the one value column's value, or an object of several. */
export function initialStateValue(row: Row, valueColumns: readonly string[]): unknown {
  return valueColumns.length === 1
    ? row[valueColumns[0]]
    : Object.fromEntries(valueColumns.map((c) => [c, row[c]]));
}

/**
 * Rows read with their `__key`, key columns `keys` and data columns `columns`, gathered per group in the order
 * read: each group's key values and its rows under the child's field names.
 */
export function groupRows(
  rows: Row[],
  keys: string[],
  columns: string[],
  fieldNames: string[],
): Map<string, { key: unknown[]; rows: Row[]; initial?: { value: unknown } }> {
  const groups = new Map<string, { key: unknown[]; rows: Row[]; initial?: { value: unknown } }>();
  for (const row of rows) {
    const k = row.__key as string;
    let group = groups.get(k);
    if (!group) {
      group = { key: keys.map((c) => row[c]), rows: [] };
      groups.set(k, group);
    }
    group.rows.push(Object.fromEntries(fieldNames.map((n, i) => [n, row[columns[i]]])));
  }
  return groups;
}

/** The function's result as rows: an iterable of rows, a single row (mapGroupsWithState), or nothing. */
export function groupsOutputRows(spec: GroupsNode["spec"], result: unknown): Row[] {
  if (spec.isMapGroupsWithState) {
    if (result === undefined || result === null || typeof result !== "object" || Symbol.iterator in result) {
      throw mapGroupsWithStateRowCount();
    }
    return [result as Row];
  }
  if (result === undefined || result === null) return [];
  if (typeof result === "object" && Symbol.iterator in result) return [...(result as Iterable<Row>)];
  return [result as Row];
}

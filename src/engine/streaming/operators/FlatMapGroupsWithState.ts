/**
 * Spark's FlatMapGroupsWithStateExec: the user's function runs once per group that has rows in the batch, then
 * once per group whose timeout has passed, with the group's GroupState (GroupsWithStateOperator.ts). On a batch
 * DataFrame it runs once per group, its state kept nowhere (`flatMapGroupsWithStateOnBatch`).
 */
import { quoteIdentifier } from "../../duckdb/DuckDB";
import { SparkError } from "../../errors/exceptions";
import {
  duplicateInitialStateKey,
  flatMapGroupsWithStateUserFunctionError,
} from "../../errors/QueryExecutionErrors";
import type { SparkSession } from "../../session/SparkSession";
import { sqlColumnNames } from "../../sql/analysis/columnResolution";
import { type Row, toRows } from "../../sql/api/rows";
import { compileExpression } from "../../sql/codegen/expressionCompiler";
import { scopeOver } from "../../sql/codegen/planCompiler";
import { StructField, StructType } from "../../sql/types";
import { stateKeySql } from "../../state/StateStore";
import { eventTimeColumns } from "../runtime/EventTimeWatermark";
import { GroupState } from "./GroupState";
import {
  type CallOutcome,
  type GroupsNode,
  GroupsWithStateOperator,
  groupRows,
  groupsOutputRows,
  initialStateValue,
  readInitialStates,
} from "./GroupsWithStateOperator";
import type { BatchContext } from "./StatefulOperator";

export class FlatMapGroupsWithState extends GroupsWithStateOperator {
  protected readonly timeoutDue = "<";

  constructor(session: SparkSession, node: GroupsNode, operatorId: number, checkpoint: string) {
    super(session, node, operatorId, checkpoint, "flatMapGroupsWithState");
  }

  /**
   * Spark's produceOutputWatermark for (flat)MapGroupsWithState: none, since the function may emit any event time
   * (the operators above see no watermark).
   */
  produceOutputWatermark(): number | undefined {
    return undefined;
  }

  /** flatMapGroupsWithState's call: the function with a GroupState. */
  protected async invoke(
    key: unknown[],
    rows: Row[],
    value: unknown,
    timedOut: boolean,
    context: BatchContext,
  ): Promise<CallOutcome> {
    const { spec } = this.node;
    const state = new GroupState(
      { exists: value !== undefined, value },
      spec.timeout,
      timedOut,
      context.batchTimestampMs,
      context.evictionWatermarkMs,
    );
    let output: Row[];
    try {
      output = this.outputRows(await spec.func!(key, rows, state));
    } catch (error) {
      // Spark's FlatMapGroupsWithStateUserFuncException: what the function threw, unless it has a condition.
      throw error instanceof SparkError && error.getCondition() !== undefined
        ? error
        : flatMapGroupsWithStateUserFunctionError(error);
    }
    return { output, ...state.outcome(), changed: state.isUpdated || state.isRemoved };
  }
}

/** Spark's NO_TIMESTAMP: the watermark a batch query's GroupState reports where its input has one. */
const NO_TIMESTAMP = -1;

/**
 * Spark's FlatMapGroupsWithStateExec.generateSparkPlanForBatchQueries: on a batch DataFrame the function is called
 * once per group with all its rows (MapGroupsExec) or, with an initial state, once per key of the input or of the
 * initial state, the key's initial state as its state (CoGroupExec). Each call gets a fresh GroupState as Spark's
 * GroupStateImpl.createForBatch makes it: the session clock's time as processing time, no watermark value, never
 * timed out; timeouts may be set and the state updated, but nothing is kept after the call. Returns SQL reading
 * the output rows and the tables made for them (the caller drops them once the query has run).
 */
export async function flatMapGroupsWithStateOnBatch(
  session: SparkSession,
  node: GroupsNode,
  childSql: string,
): Promise<{ sql: string; tables: string[] }> {
  const db = session.db;
  const q = quoteIdentifier;
  const { spec } = node;
  const tables: string[] = [];
  const table = (prefix: string) => {
    const name = db.uniqueName(prefix);
    tables.push(name);
    return name;
  };
  try {
    const input = table("groups_batch_in");
    db.exec(`CREATE TABLE ${q(input)} AS ${childSql}`);
    const scope = scopeOver(node.child, q(input), session.analyzer.schemaOf);
    const keySql = node.groupBy.map((g) => compileExpression(g, scope));
    const keys = keySql.map((_, i) => `__k${i}`);
    const columns = sqlColumnNames(node.child.schema);
    const rows = toRows(
      db.query(
        `SELECT ${stateKeySql(keySql)} AS __key, ${[...keySql.map((k, i) => `${k} AS ${keys[i]}`), ...columns.map(q)].join(", ")} FROM ${q(input)} ORDER BY rowid`,
      ),
    );
    // Each group's rows in input order (rowid); the groups are called in key order below, as Spark sorts by key.
    const groups = groupRows(rows, keys, columns, node.child.schema.fieldNames);
    if (spec.initialState) {
      const { valueColumns } = spec.initialState;
      // Spark's foundDuplicateInitialKeyException, as in a streaming query's first batch.
      const states = await readInitialStates(
        session,
        table("groups_batch_initial"),
        spec.initialState,
        keys,
        (row) => initialStateValue(row, valueColumns),
        () => duplicateInitialStateKey(),
      );
      for (const [k, { key, value }] of states) {
        const group = groups.get(k) ?? { key, rows: [] };
        group.initial = { value };
        groups.set(k, group);
      }
    }

    const watermarkMs = eventTimeColumns(node.child).length > 0 ? NO_TIMESTAMP : undefined;
    const processingTimeMs = session.clock.getTimeMillis();
    const outputs: Row[] = [];
    for (const [, group] of [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const value = group.initial?.value;
      const state = new GroupState(
        { exists: value !== undefined, value },
        spec.timeout,
        false,
        processingTimeMs,
        watermarkMs,
      );
      // Spark's MapGroupsExec / CoGroupExec call the function directly: what it throws is not wrapped in
      // FLATMAPGROUPSWITHSTATE_USER_FUNCTION_ERROR as a streaming query's error is.
      outputs.push(...groupsOutputRows(spec, await spec.func!(group.key, group.rows, state)));
    }
    const output = table("groups_batch_out");
    const names = sqlColumnNames(spec.outputSchema);
    const outputSchema = new StructType(
      spec.outputSchema.fields.map((f, i) => new StructField(names[i], f.dataType, f.nullable)),
    );
    session.files.insertRows(
      output,
      outputs.map((r) =>
        Object.fromEntries(spec.outputSchema.fieldNames.map((n, i) => [names[i], r[n] ?? null])),
      ),
      outputSchema,
    );
    return { sql: `SELECT * FROM ${q(output)}`, tables };
  } catch (error) {
    db.dropTables(tables);
    throw error;
  }
}

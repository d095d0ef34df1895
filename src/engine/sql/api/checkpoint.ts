/**
 * Spark's Dataset.checkpoint and localCheckpoint. Spark runs the plan and keeps its rows (in the checkpoint
 * directory, or in the executors' storage), so later actions read those rows instead of computing the plan
 * again. Sluice has no RDD lineage to cut: it keeps the rows in a table of the session's DuckDB database. Eager
 * (the default) starts the plan now and every action on the result waits for it; otherwise the first action
 * that reads the DataFrame runs it, and later ones read the table. The schema is the plan's, known at once. A streaming DataFrame is refused as any batch action refuses it; `checkpoint` also needs
 * `sparkContext.setCheckpointDir`, as Spark's reliable checkpoint does.
 */
import { batchActionOnStreamingDataFrame } from "../../errors/QueryCompilationErrors";
import { checkpointDirectoryHasNotBeenSet } from "../../errors/QueryExecutionErrors";
import type { SparkSession } from "../../session/SparkSession";
import { uniqueSqlNames } from "../analysis/columnResolution";
import { QueryExecution } from "../execution/QueryExecution";
import { isStreamingPlan, type LogicalPlan, newPlanId } from "../plan";
import { StructField, StructType } from "../types";
import { Column } from "./Column";
import { DataFrame } from "./DataFrame";

/** The tables of non-eager checkpoints not yet run: each runs once, when a query first reads it. */
const pending = new WeakMap<SparkSession, Map<string, () => Promise<void>>>();

export function checkpointed(df: DataFrame, eager: boolean, reliable: boolean): DataFrame {
  const plan = df.plan;
  if (isStreamingPlan(plan)) throw batchActionOnStreamingDataFrame();
  const session = df.sparkSession;
  if (reliable && session.sparkContext.getCheckpointDir() === undefined)
    throw checkpointDirectoryHasNotBeenSet();
  const table = session.db.uniqueName(reliable ? "checkpoint" : "local_checkpoint");
  const run = () => new QueryExecution(session, plan).materialize(table);
  let once: Promise<void> | undefined;
  const tables = pending.get(session) ?? new Map<string, () => Promise<void>>();
  pending.set(session, tables);
  const materialize = () => {
    once ??= run().then(() => {
      tables.delete(table);
    });
    return once;
  };
  tables.set(table, materialize);
  // Eager runs now; an action waits for it (and fails with its error) as for a lazy one's first run.
  if (eager) materialize().catch(() => {});
  return checkpointRelation(df, table);
}

/** Runs a non-eager checkpoint's plan into its table, where `table` is one not yet run. */
export async function materializeCheckpoint(session: SparkSession, table: string): Promise<void> {
  await pending.get(session)?.get(table)?.();
}

/**
 * The DataFrame over the checkpoint's table: its columns as the plan's (types, nullability, metadata), under the
 * unique names the table has, renamed back where the plan repeats a name (a join's).
 */
function checkpointRelation(df: DataFrame, table: string): DataFrame {
  const schema = df.schema;
  const names = uniqueSqlNames(schema.fieldNames);
  const relation: LogicalPlan = {
    kind: "relation",
    id: newPlanId(),
    isStreaming: false,
    relation: { type: "table", name: table },
    schema: new StructType(
      schema.fields.map((f, i) => new StructField(names[i], f.dataType, f.nullable, f.metadata)),
    ),
  } as LogicalPlan;
  const over = new DataFrame(df.sparkSession, relation);
  if (names.every((n, i) => n === schema.fields[i].name)) return over;
  return over.select(
    ...names.map((n, i) => new Column({ kind: "column", parts: [n], index: i }).alias(schema.fields[i].name)),
  );
}

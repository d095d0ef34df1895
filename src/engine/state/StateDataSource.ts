/**
 * Spark 3.5's state data sources, read-only, for looking into a query's state at a batch:
 * - `spark.read.format("statestore").load(checkpoint)`: one row per state entry, `key` and `value` structs and
 *   `partition_id`; options `batchId` (default: the last committed batch), `operatorId` (default 0),
 *   `storeName`, and `joinSide` ("left" / "right") for a stream-stream join's buffers;
 * - `spark.read.format("state-metadata").load(checkpoint)`: the stateful operators, their stores and the batches
 *   whose state is available.
 */
import { CommitLog } from "../checkpoint/CommitLog";
import { quoteIdentifier, quoteString } from "../duckdb/DuckDB";
import {
  committedBatchUnavailable,
  failedToReadStateSchema,
  invalidOptionValue,
  invalidOptionValueIsNegative,
  requiredOptionUnspecified,
} from "../errors/StateDataSourceErrors";
import { joinPath } from "../io/FileSystem";
import type { SparkSession } from "../session/SparkSession";
import { optionOf } from "../sources/Source";
import { DataFrame } from "../sql/api/DataFrame";
import { type LogicalPlan, newPlanId } from "../sql/plan";
import { readOperatorMetadata, type StateField, type StateStoreInfo } from "./OperatorStateMetadata";
import { completeSnapshots, parseStateFileName, StateStore } from "./StateStore";

export const STATE_FORMATS = ["statestore", "state-metadata"];

/** `spark.read.format("statestore" | "state-metadata").load(checkpoint)`. */
export function readStateSource(
  session: SparkSession,
  format: string,
  checkpoint: string | undefined,
  options: Readonly<Record<string, string>>,
): DataFrame {
  if (!checkpoint) {
    throw requiredOptionUnspecified("path");
  }
  const plan =
    format === "statestore"
      ? stateStorePlan(session, checkpoint, options)
      : stateMetadataPlan(session, checkpoint);
  return new DataFrame(session, plan);
}

function tableRelation(session: SparkSession, name: string): LogicalPlan {
  return session.analyzer.analyse({
    kind: "relation",
    id: newPlanId(),
    isStreaming: false,
    relation: { type: "table", name },
  });
}

const invalidOption = invalidOptionValue;

function numberOption(options: Readonly<Record<string, string>>, key: string): number | undefined {
  const raw = optionOf(options, key);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw invalidOption(key, `'${raw}' is not a number.`);
  if (value < 0) {
    throw invalidOptionValueIsNegative(key);
  }
  return value;
}

async function lastCommittedBatch(session: SparkSession, checkpoint: string): Promise<number> {
  const latest = await new CommitLog(session.fs, checkpoint).getLatest();
  if (!latest) {
    throw committedBatchUnavailable(checkpoint);
  }
  return latest.batchId;
}

async function stateStorePlan(
  session: SparkSession,
  checkpoint: string,
  options: Readonly<Record<string, string>>,
): Promise<LogicalPlan> {
  const operatorId = numberOption(options, "operatorId") ?? 0;
  const batchId = numberOption(options, "batchId") ?? (await lastCommittedBatch(session, checkpoint));
  const joinSide = optionOf(options, "joinSide")?.toLowerCase() ?? "none";
  if (!["left", "right", "none"].includes(joinSide))
    throw invalidOption("joinSide", "must be one of 'left', 'right' or 'none'.");
  const metadata = await readOperatorMetadata(session.fs, checkpoint, operatorId);
  if (!metadata) {
    throw failedToReadStateSchema(checkpoint, operatorId);
  }
  const stores = metadata.stateStoreInfo;
  const wanted =
    joinSide !== "none"
      ? joinSide
      : (optionOf(options, "storeName") ?? (stores.length === 1 ? stores[0].storeName : ""));
  const info = stores.find((s) => s.storeName === wanted);
  if (!info) {
    throw invalidOption(
      joinSide !== "none" ? "joinSide" : "storeName",
      `the operator ${metadata.operatorInfo.operatorName} keeps the stores ${stores.map((s) => `'${s.storeName}'`).join(", ")}; use joinSide 'left' or 'right' for a join.`,
    );
  }
  const name = session.db.uniqueName("statestore");
  await withStateAt(session, checkpoint, operatorId, info, batchId, (select) =>
    session.db.exec(`CREATE TABLE ${quoteIdentifier(name)} AS ${select}`),
  );
  return tableRelation(session, name);
}

/**
 * Rebuilds one store of an operator as of `batchId` and runs `use` on a SELECT of its rows as the reader shows
 * them (`key`, `value`, `partition_id`); the rebuilt table is dropped afterwards. The batch history reads state
 * through this too.
 */
export async function withStateAt<T>(
  session: SparkSession,
  checkpoint: string,
  operatorId: number,
  info: StateStoreInfo,
  batchId: number,
  use: (select: string) => T,
): Promise<T> {
  const dir = joinPath(
    checkpoint,
    "state",
    String(operatorId),
    ...(info.storeName === "default" ? [] : [info.storeName]),
  );
  const store = new StateStore(session.db, session.fs, dir, info.columns, {
    minDeltasForSnapshot: Number.MAX_SAFE_INTEGER,
    minBatchesToRetain: Number.MAX_SAFE_INTEGER,
  });
  try {
    await store.load(batchId);
    const q = quoteIdentifier;
    return use(
      `SELECT ${structSql(info.key)} AS ${q("key")}, ${structSql(info.value)} AS ${q("value")}, 0 AS partition_id FROM ${q(store.table)}`,
    );
  } finally {
    store.drop();
  }
}

/** A struct of the fields, or a null value where there are none (Spark's empty value). */
function structSql(fields: readonly StateField[]): string {
  if (fields.length === 0) return "CAST(NULL AS INTEGER)";
  return `struct_pack(${fields.map((f) => `${quoteIdentifier(f.name)} := ${f.sql}`).join(", ")})`;
}

async function stateMetadataPlan(session: SparkSession, checkpoint: string): Promise<LogicalPlan> {
  const stateDir = joinPath(checkpoint, "state");
  const operators = (await session.fs.list(stateDir).catch(() => []))
    .map((f) => f.name)
    .filter((n) => /^\d+$/.test(n))
    .map(Number)
    .sort((a, b) => a - b);
  const maxBatchId = await lastCommittedBatch(session, checkpoint);
  const rows: string[] = [];
  for (const operatorId of operators) {
    const metadata = await readOperatorMetadata(session.fs, checkpoint, operatorId);
    if (!metadata) continue;
    for (const store of metadata.stateStoreInfo) {
      const dir = joinPath(
        stateDir,
        String(operatorId),
        ...(store.storeName === "default" ? [] : [store.storeName]),
      );
      const minBatchId = await oldestAvailableBatch(session, dir);
      rows.push(
        `SELECT CAST(${operatorId} AS BIGINT) AS operatorId, ${quoteString(metadata.operatorInfo.operatorName)} AS operatorName, ${quoteString(store.storeName)} AS stateStoreName, 1 AS numPartitions, CAST(${minBatchId} AS BIGINT) AS minBatchId, CAST(${maxBatchId} AS BIGINT) AS maxBatchId`,
      );
    }
  }
  const name = session.db.uniqueName("state_metadata");
  const empty =
    "SELECT CAST(NULL AS BIGINT) AS operatorId, CAST(NULL AS VARCHAR) AS operatorName, CAST(NULL AS VARCHAR) AS stateStoreName, CAST(NULL AS INTEGER) AS numPartitions, CAST(NULL AS BIGINT) AS minBatchId, CAST(NULL AS BIGINT) AS maxBatchId WHERE FALSE";
  session.db.exec(
    `CREATE TABLE ${quoteIdentifier(name)} AS ${rows.length > 0 ? rows.join(" UNION ALL ") : empty}`,
  );
  return tableRelation(session, name);
}

/** The oldest batch whose state can be rebuilt: the first delta's, or the oldest complete snapshot's. */
async function oldestAvailableBatch(session: SparkSession, dir: string): Promise<number> {
  const files = await session.fs.list(dir);
  const deltas = files
    .map((f) => parseStateFileName(f.name))
    .filter((f) => f?.kind === "delta")
    .map((f) => f!.version);
  if (deltas.includes(0)) return 0;
  const snapshots = completeSnapshots(files);
  return snapshots.length > 0 ? snapshots[0].usableFrom : Math.min(...deltas);
}

/**
 * Sluice: a query run again on exactly the input another query read, batch by batch, in another output mode
 * (the notebook's "Compare output modes"). Spark has no such API; it is built from Spark's own recovery: a new
 * checkpoint starts with a copy of the original's source logs (`sources/<i>/`: the files each batch of a file
 * source read, a Kafka source's starting offsets), and its batches read up to the original's end offsets
 * (`offsets/N`), so each file, record or row is read in the same batch as the first time, and nothing that
 * arrived since. The original's checkpoint is only read.
 */

import { BatchHistoryLog } from "../checkpoint/BatchHistoryLog";
import { CommitLog } from "../checkpoint/CommitLog";
import { OffsetSeqLog } from "../checkpoint/OffsetSeqLog";
import { queryNotStartedInSession, replayUnsupportedSource } from "../errors/QueryExecutionErrors";
import { committedBatchUnavailable } from "../errors/StateDataSourceErrors";
import { type FileSystem, joinPath, normalizePath } from "../io/FileSystem";
import type { Row } from "../sql/api/rows";
import { planNodes } from "../sql/plan";
import type { Offsets } from "../streaming/runtime/MicroBatchExecution";
import type { OutputMode } from "../streaming/runtime/OutputMode";
import type { StreamingQuery } from "../streaming/runtime/StreamingQuery";
import { DEFAULT_TRIGGER } from "../streaming/runtime/Trigger";

/**
 * One step of a replay: a batch with new data, read to the original's end offsets, and the no-data batches the
 * replay's own operators then ask for (its output mode decides which: append and update evict, complete not).
 */
export interface ReplayBatch {
  ends: Offsets;
  /**
   * Whether the replay may run no-data batches after this step. Not where the original, in append or update
   * mode, went straight on to its next data: its data came first, and a no-data batch between would move the
   * watermark that judges the next batch's late rows (Spark's eventTimeWatermarkForLateEvents) earlier than the
   * original's. A complete-mode original runs none, so it says nothing of when its data came: the replay decides.
   */
  noDataAfter: boolean;
  /**
   * The original's batches it stands for, first and last: its batch with this data and the no-data batches
   * after it; the first step also covers the earliest batches, where the original's offset log no longer holds
   * them (purged past minBatchesToRetain), read as one.
   */
  originalBatchIds: [number, number];
}

/** What a replay reads: the original's committed batches, as its checkpoint has them now. */
export interface ReplayPlan {
  /** The original's checkpoint, whose `sources/` each replay starts from. */
  checkpoint: string;
  batches: ReplayBatch[];
}

/**
 * The batches a replay of `query` runs: the original's committed batches as its offset log has them now (later
 * ones, still running or not yet committed, are left out). Throws where it committed none, or where a source
 * cannot read its input again.
 */
export async function replayPlan(query: StreamingQuery): Promise<ReplayPlan> {
  const params = query.sparkSession.streams.startParamsOf(query);
  if (!params) throw queryNotStartedInSession(query.name ?? query.id);
  for (const n of planNodes(params.df.plan)) {
    if (n.kind === "relation" && n.relation.type === "stream" && n.relation.source.format === "socket")
      throw replayUnsupportedSource(`TextSocketSource[${n.relation.source.options.host ?? ""}]`);
  }
  const { fs } = query.sparkSession;
  const checkpoint = query.checkpointLocation;
  const committed = (await new CommitLog(fs, checkpoint).getLatest())?.batchId;
  if (committed === undefined) throw committedBatchUnavailable(checkpoint);
  const offsets = new OffsetSeqLog(fs, checkpoint);
  const ids = (await offsets.batchIds()).filter((id) => id <= committed);
  const batches: ReplayBatch[] = [];
  const noDataTold = params.outputMode !== "complete";
  for (const id of ids) {
    const seq = await offsets.get(id);
    if (!seq) continue;
    const last = batches.at(-1);
    if (last && sameOffsets(last.ends, seq.offsets)) {
      last.originalBatchIds = [last.originalBatchIds[0], id];
      last.noDataAfter = true;
    } else
      batches.push({ ends: seq.offsets, originalBatchIds: [last ? id : 0, id], noDataAfter: !noDataTold });
  }
  // After the last step, what the original has not run yet may still come: the replay's operators decide.
  const final = batches.at(-1);
  if (final) final.noDataAfter = true;
  return { checkpoint, batches };
}

/** Where and how a replay runs: its own output mode, memory sink (by name) and checkpoint. */
export interface ReplayOptions {
  outputMode: OutputMode;
  queryName: string;
  /** A new directory, removed by whoever asked for the replay (the original's is never written). */
  checkpointLocation: string;
}

/**
 * Starts `query`'s plan again into a memory sink, reading `plan`'s batches; the run stops after the last. It is
 * checked as `start()` checks any query, so an output mode Spark refuses for the plan throws Spark's error here.
 * The run is not among `spark.streams.active` and its listeners hear nothing of it.
 */
export async function startReplay(
  query: StreamingQuery,
  plan: ReplayPlan,
  options: ReplayOptions,
): Promise<StreamingQuery> {
  const { streams, fs } = query.sparkSession;
  const params = streams.startParamsOf(query);
  if (!params) throw queryNotStartedInSession(query.name ?? query.id);
  const checkpoint = normalizePath(options.checkpointLocation);
  await copyTree(fs, joinPath(plan.checkpoint, "sources"), joinPath(checkpoint, "sources"));
  return streams.startQuery({
    userSpecifiedName: options.queryName,
    df: params.df,
    extraOptions: { checkpointLocation: checkpoint },
    sinkFormat: "memory",
    outputPath: undefined,
    partitionColumns: [],
    foreachBatch: undefined,
    outputMode: options.outputMode,
    trigger: DEFAULT_TRIGGER,
    replay: plan.batches.map(({ ends, noDataAfter }) => ({ ends, noDataAfter })),
  });
}

function sameOffsets(a: Offsets, b: Offsets): boolean {
  return a.length === b.length && a.every((o, i) => o === b[i]);
}

/** What one batch of a replay did, as its comparison shows it. */
export interface ReplayedBatch {
  batchId: number;
  /** Whether it read new data (else: a no-data batch its operators asked for). */
  hasNewData: boolean;
  /** The rows it gave the sink (at most sluice.sql.streaming.history.maxRowsPerBatch; the count is whole). */
  output: Row[];
  numRows: { input: number; late: number; output: number };
  /** Epoch ms: the watermark it ran with and the one after it; null where the query has none. */
  watermark: { before: number | null; after: number | null };
}

/**
 * A finished replay's batches, in order, from its history log, offsets and commits: what `query.batch(n)` says of
 * them, without the state and checkpoint listings a comparison does not show.
 */
export async function replayedBatches(run: StreamingQuery): Promise<ReplayedBatch[]> {
  const { fs } = run.sparkSession;
  const checkpoint = run.checkpointLocation;
  const history = new BatchHistoryLog(fs, checkpoint);
  const offsets = new OffsetSeqLog(fs, checkpoint);
  const commits = new CommitLog(fs, checkpoint);
  const batches: ReplayedBatch[] = [];
  for (const batchId of await history.batchIds()) {
    const [entry, seq, commit, previous] = await Promise.all([
      history.get(batchId),
      offsets.get(batchId),
      commits.get(batchId),
      batchId > 0 ? offsets.get(batchId - 1) : undefined,
    ]);
    if (!entry || !seq || !commit) continue;
    batches.push({
      batchId,
      hasNewData: !previous || !sameOffsets(previous.offsets, seq.offsets),
      output: entry.output.rows,
      numRows: { input: entry.input.numRows, late: entry.late.numRows, output: entry.output.numRows },
      watermark: entry.hasWatermark
        ? { before: seq.metadata.batchWatermarkMs, after: commit.nextBatchWatermarkMs }
        : { before: null, after: null },
    });
  }
  return batches;
}

/** Copies a directory's files and subdirectories (a missing one copies nothing). */
async function copyTree(fs: FileSystem, from: string, to: string): Promise<void> {
  for (const entry of await fs.list(from)) {
    const target = joinPath(to, entry.name);
    if (entry.isDirectory) await copyTree(fs, entry.path, target);
    else await fs.writeFile(target, await fs.readFile(entry.path));
  }
}

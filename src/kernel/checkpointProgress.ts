import type { FileSystem } from "../engine/index";
import { CommitLog, OffsetSeqLog } from "../engine/internal";
import type { CheckpointProgress } from "./protocol";

/**
 * How far a query got, as its checkpoint says: the last batch in `commits/` (its output is in the sink) and the
 * last in `offsets/` (planned; where it has no commit, Restart runs it again). What a reloaded panel shows,
 * since the panel saved with the notebook may be a few batches behind.
 */
export async function checkpointProgress(fs: FileSystem, checkpoint: string): Promise<CheckpointProgress> {
  const [committed, planned] = await Promise.all([
    new CommitLog(fs, checkpoint).batchIds().catch(() => []),
    new OffsetSeqLog(fs, checkpoint).batchIds().catch(() => []),
  ]);
  return { committedBatchId: committed.at(-1), plannedBatchId: planned.at(-1) };
}

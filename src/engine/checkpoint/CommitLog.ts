/** `commits/N`: written once batch N's output is in the sink; a batch without it is run again on restart. */

import { CorruptCheckpointError } from "../errors/exceptions";
import type { FileSystem } from "../io/FileSystem";
import { joinPath } from "../io/FileSystem";
import { MetadataLog, parseJsonLine, parseVersionedLines } from "./MetadataLog";

export interface CommitMetadata {
  nextBatchWatermarkMs: number;
}

export class CommitLog extends MetadataLog<CommitMetadata> {
  constructor(fs: FileSystem, checkpoint: string) {
    super(fs, joinPath(checkpoint, "commits"));
  }

  protected serialize(metadata: CommitMetadata): string {
    return `v1\n${JSON.stringify(metadata)}`;
  }

  protected deserialize(text: string, path: string): CommitMetadata {
    // Spark's CommitLog takes only its own version (the state store's checkpoint format, 1 here), and no
    // metadata line as "{}".
    const lines = parseVersionedLines(text, path, { exact: true, commitLog: true });
    const metadata = parseJsonLine<CommitMetadata>(lines[0] ?? "{}", path, "the commit metadata");
    if (typeof metadata !== "object" || metadata === null)
      throw new CorruptCheckpointError(path, "the commit metadata is not a JSON object");
    return { nextBatchWatermarkMs: Number(metadata.nextBatchWatermarkMs ?? 0) };
  }
}

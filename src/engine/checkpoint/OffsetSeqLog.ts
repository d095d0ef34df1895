/** `offsets/N`: the write-ahead log. Written before batch N runs; holds what N reads from each source. */

import { CorruptCheckpointError } from "../errors/exceptions";
import type { FileSystem } from "../io/FileSystem";
import { joinPath } from "../io/FileSystem";
import { MetadataLog, parseJsonLine, parseVersionedLines } from "./MetadataLog";

export interface OffsetSeqMetadata {
  batchWatermarkMs: number;
  batchTimestampMs: number;
  conf: Record<string, string>;
}

/** One offset per source, as its JSON text (the source's own format), or undefined where it has none yet. */
export interface OffsetSeq {
  metadata: OffsetSeqMetadata;
  offsets: (string | undefined)[];
}

export class OffsetSeqLog extends MetadataLog<OffsetSeq> {
  constructor(fs: FileSystem, checkpoint: string) {
    super(fs, joinPath(checkpoint, "offsets"));
  }

  protected serialize(seq: OffsetSeq): string {
    return ["v1", JSON.stringify(seq.metadata), ...seq.offsets.map((o) => o ?? "-")].join("\n");
  }

  protected deserialize(text: string, path: string): OffsetSeq {
    const lines = parseVersionedLines(text, path);
    const metadata = parseJsonLine<OffsetSeqMetadata>(lines[0], path, "the batch metadata line");
    if (typeof metadata !== "object" || metadata === null || typeof metadata.batchTimestampMs !== "number") {
      throw new CorruptCheckpointError(path, "the batch metadata line has no batchTimestampMs");
    }
    if (lines.length < 2)
      throw new CorruptCheckpointError(
        path,
        "no source offsets follow the batch metadata (the file is truncated)",
      );
    const offsets = lines.slice(1).map((line, i) => {
      if (line === "-" || line === "") return undefined;
      parseJsonLine(line, path, `the offset of source ${i}`);
      return line;
    });
    return {
      metadata: {
        batchWatermarkMs: metadata.batchWatermarkMs ?? 0,
        batchTimestampMs: metadata.batchTimestampMs,
        conf: metadata.conf ?? {},
      },
      offsets,
    };
  }
}

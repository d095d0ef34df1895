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
    const metadata = parseJsonLine<Partial<OffsetSeqMetadata>>(lines[0], path, "the batch metadata line");
    if (typeof metadata !== "object" || metadata === null) {
      throw new CorruptCheckpointError(path, "the batch metadata line is not a JSON object");
    }
    // Spark's SerializedOffset: each source's offset is kept as its text, which the source parses ("-": none).
    const offsets = lines.slice(1).map((line) => (line === "-" || line === "" ? undefined : line));
    return {
      // Spark's OffsetSeqMetadata: a field not written is 0 (or no conf), unknown fields are dropped, and a conf
      // value is its text (`{"spark.sql.shuffle.partitions": 2}` reads "2").
      metadata: {
        batchWatermarkMs: Number(metadata.batchWatermarkMs ?? 0),
        batchTimestampMs: Number(metadata.batchTimestampMs ?? 0),
        conf: Object.fromEntries(Object.entries(metadata.conf ?? {}).map(([k, v]) => [k, String(v)])),
      },
      offsets,
    };
  }
}

/** `sources/<i>/<N>`: the files a file source took in its batch N; rebuilt into "files seen" on restart. */

import { MetadataLog, parseJsonLine, parseVersionedLines } from "../checkpoint/MetadataLog";
import { CorruptCheckpointError } from "../errors/exceptions";

export interface FileEntry {
  path: string;
  timestamp: number;
  batchId: number;
}

export class FileStreamSourceLog extends MetadataLog<FileEntry[]> {
  protected serialize(files: FileEntry[]): string {
    return [
      "v1",
      ...files.map((f) =>
        JSON.stringify({ path: `file://${f.path}`, timestamp: f.timestamp, batchId: f.batchId }),
      ),
    ].join("\n");
  }

  protected deserialize(text: string, path: string): FileEntry[] {
    return parseVersionedLines(text, path).map((line, i) => {
      const entry = parseJsonLine<FileEntry>(line, path, `entry ${i}`);
      if (typeof entry?.path !== "string") throw new CorruptCheckpointError(path, `entry ${i} has no path`);
      return { ...entry, path: entry.path.replace(/^file:\/\//, "") };
    });
  }
}

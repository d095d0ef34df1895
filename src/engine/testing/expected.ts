/** Answers computed without the engine: Parquet decoded by parquet-wasm, counted in a plain loop. */
import * as arrow from "apache-arrow";
import type { FileSystem } from "../io/FileSystem";
import { decodeParquet } from "../io/parquet";

export async function readParquetRows(fs: FileSystem, path: string): Promise<Record<string, unknown>[]> {
  const table = arrow.tableFromIPC(decodeParquet(await fs.readFile(path), path));
  return table.toArray().map((r) => r.toJSON() as Record<string, unknown>);
}

/** finalize events per traffic source, over the given files. */
export async function finalizeCountsBySource(
  fs: FileSystem,
  paths: string[],
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const path of paths) {
    for (const row of await readParquetRows(fs, path)) {
      if (row.event_name !== "finalize") continue;
      const key = String(row.traffic_source);
      counts[key] = (counts[key] ?? 0) + 1;
    }
  }
  return counts;
}

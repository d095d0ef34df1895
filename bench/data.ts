/**
 * The benchmark's input, generated deterministically by the events generator (src/datasets/events.ts) and kept
 * between runs under the benchmark's directory (the same options give the same bytes).
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeEvents } from "../src/datasets/events";
import type { SparkSession } from "../src/engine/index";
import { encodeParquet } from "../src/engine/internal";

/** `files` event files holding `rows` rows in all, under `/data/events-<rows>` of the session's file system. */
export async function eventFiles(spark: SparkSession, root: string, rows: number, files: number) {
  const dir = `/data/events-${rows}-${files}`;
  const done = join(root, dir, "_COMPLETE");
  const paths = Array.from({ length: files }, (_, i) => `${dir}/part-${String(i).padStart(5, "0")}.parquet`);
  if (!existsSync(done)) {
    await writeEvents(spark.fs, dir, { files, rowsPerFile: Math.ceil(rows / files), seed: 42 }, spark.db);
    writeFileSync(done, "");
  }
  return { dir, paths, local: paths.map((p) => join(root, p)) };
}

/**
 * `batches` Parquet files of `rowsPerBatch` rows with keys never seen before (batch b holds keys
 * b*rowsPerBatch ...), for state that grows by a constant amount per batch.
 */
export async function growingKeyFiles(
  spark: SparkSession,
  root: string,
  batches: number,
  rowsPerBatch: number,
): Promise<string> {
  const dir = `/data/keys-${batches}x${rowsPerBatch}`;
  if (existsSync(join(root, dir, "_COMPLETE"))) return dir;
  for (let b = 0; b < batches; b++) {
    const first = b * rowsPerBatch;
    const table = spark.db.query(
      `SELECT 'user-' || lpad(CAST(r AS VARCHAR), 8, '0') AS user_id, CAST(hash(r) % 1000 AS BIGINT) AS amount FROM range(${first}, ${first + rowsPerBatch}) t(r)`,
    );
    await spark.fs.writeFile(`${dir}/part-${String(b).padStart(5, "0")}.parquet`, encodeParquet(table));
  }
  writeFileSync(join(root, dir, "_COMPLETE"), "");
  return dir;
}

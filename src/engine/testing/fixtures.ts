/** Test helpers: a session over a fresh temporary directory, and the events data set written into it. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeEvents } from "../../datasets/events";
import { SparkSession } from "../session/SparkSession";

export interface TestSession {
  spark: SparkSession;
  root: string;
  /** Stops the session's queries and deletes its directory. */
  cleanup(): Promise<void>;
}

export async function newTestSession(): Promise<TestSession> {
  const root = mkdtempSync(join(tmpdir(), "sluice-test-"));
  const spark = await SparkSession.builder().config("sluice.fs.root", root).create();
  return {
    spark,
    root,
    async cleanup() {
      await spark.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Writes `files` event files of `rowsPerFile` rows under `dir` in the session's file system. */
export async function writeEventFiles(
  spark: SparkSession,
  dir: string,
  files: number,
  rowsPerFile: number,
  seed = 7,
): Promise<void> {
  await writeEvents(spark.fs, dir, { files, rowsPerFile, seed }, spark.db);
}

export const SEED_SCHEMA =
  "user_id STRING, event_timestamp BIGINT, event_name STRING, traffic_source STRING, device STRING";

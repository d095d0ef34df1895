/** Test helpers: a session over a fresh temporary directory. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

/** Test helpers: a session over a fresh temporary directory. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SparkSession } from "../session/SparkSession";
import type { Clock } from "../streaming/runtime/Clock";

export interface TestSession {
  spark: SparkSession;
  root: string;
  /** Stops the session's queries and deletes its directory. */
  cleanup(): Promise<void>;
}

/** A session over a new temporary directory; on `clock` where given (a ManualClock), else the system clock. */
export async function newTestSession(clock?: Clock): Promise<TestSession> {
  const root = mkdtempSync(join(tmpdir(), "sluice-test-"));
  const builder = SparkSession.builder().config("sluice.fs.root", root);
  const spark = await (clock ? builder.clock(clock) : builder).create();
  return {
    spark,
    root,
    async cleanup() {
      await spark.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * A full storage quota in the middle of a batch (the browser's OPFS quota, a full disk): the query fails with
 * Spark's StreamingQueryException whose cause is the StorageQuotaError naming the file, the checkpoint stays
 * consistent, and once there is room the restarted query resumes with every row once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StreamingQueryException } from "../../errors";
import { StorageQuotaError } from "../../io/FileSystem";
import type { SparkSession } from "../../session/SparkSession";
import {
  type CrashingFileSystem,
  type CrashPoint,
  sessionWithFaults,
} from "../../testing/crash/CrashingFileSystem";
import {
  compareUnits,
  episodeDirs,
  INPUT_DIR,
  produceInputTopic,
  SCENARIOS,
} from "../../testing/crash/crashScenarios";
import { writeEventFiles } from "../../testing/eventFiles";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import { rejectionOf } from "../../testing/thrown";

describe("a full storage quota mid-batch leaves the checkpoint resumable", () => {
  let t: TestSession;
  let full: SparkSession;
  let faulty: CrashingFileSystem;
  let inputFiles: string[];
  beforeAll(async () => {
    t = await newTestSession();
    inputFiles = await writeEventFiles(t.spark, INPUT_DIR, 3, 100, 5);
    await produceInputTopic(t.spark, inputFiles);
    // A second session on the same directory whose file system runs out of room on demand.
    ({ spark: full, fs: faulty } = await sessionWithFaults(t.root));
  }, 120_000);
  afterAll(async () => {
    await full.stop();
    await t.cleanup();
  });

  const points: [string, CrashPoint][] = [
    ["the sink's output", { op: "writeFile", path: "/(out/part-|received/)", occurrence: 2, when: "full" }],
    ["a state delta", { op: "writeFile", path: "/state/0/1\\.delta$", occurrence: 1, when: "full" }],
    ["commits/N", { op: "createFile", path: "/commits/1$", occurrence: 1, when: "full" }],
  ];
  for (const [i, [what, point]] of points.entries()) {
    // Stateless queries have no state to write.
    for (const scenario of SCENARIOS.filter((s) => s.stateful || !what.includes("state"))) {
      it(`${scenario.name}: the quota runs out writing ${what}`, async () => {
        const dirs = episodeDirs(`quota-${i}-${scenario.name.replace(/\W+/g, "-")}`);
        faulty.arm(point);
        const failure = await rejectionOf<StreamingQueryException>(scenario.run(full, dirs, 0)).finally(() =>
          faulty.arm(undefined),
        );
        expect(failure).toBeInstanceOf(StreamingQueryException);
        expect(failure.cause).toBeInstanceOf(StorageQuotaError);
        expect(failure.message).toMatch(/Storage is full: could not write .*(part-|received|delta|commits)/);
        await full.streams.stopAll();
        full.streams.resetTerminated();
        // Room again: the query resumes on its checkpoint.
        await scenario.run(t.spark, dirs, 1);
        const got = await scenario.output(t.spark, dirs);
        const expected = await scenario.expected(t.spark, inputFiles);
        expect([compareUnits(got.units, expected), got.inconsistentRedeliveries]).toEqual([
          { duplicated: 0, lost: 0 },
          0,
        ]);
        expect(got.units).toEqual(expected);
      });
    }
  }
});

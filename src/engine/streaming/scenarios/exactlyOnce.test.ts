/**
 * Exactly-once under crashes: a query in a child process is killed with SIGKILL at a chosen file system call
 * (after listing, after offsets/N, in the middle of the sink write, before commits/N, in the middle of a state
 * snapshot, ...) and restarted on the same checkpoint; the sink then holds what an uninterrupted run holds, with
 * no row duplicated or lost. `npm run test:faults` runs the same with at least 100 crashes at random points
 * (SLUICE_FAULT_CRASHES, SLUICE_FAULT_SEED to repeat a run).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CrashPoint } from "../../testing/crash/CrashingFileSystem";
import {
  describeCrashes,
  type EpisodePlan,
  type EpisodeResult,
  formatResults,
  randomCrashes,
  runEpisodes,
  seededRandom,
} from "../../testing/crash/crashDriver";
import {
  INPUT_DIR,
  type Multiset,
  produceInputTopic,
  scenarioNamed,
} from "../../testing/crash/crashScenarios";
import { writeEventFiles } from "../../testing/eventFiles";
import { newTestSession, type TestSession } from "../../testing/fixtures";

const FILES = "parquet sink";
const STATE = "state + foreachBatch";
const KAFKA = "kafka source";
const longRunCrashes = Number(process.env.SLUICE_FAULT_CRASHES ?? 0);

/** One crash, then a run to the end. */
const once =
  (point: CrashPoint) =>
  (attempt: number): CrashPoint | undefined =>
    attempt === 0 ? point : undefined;

const NAMED: [string, string, CrashPoint][] = [
  [FILES, "after-listing", { op: "list", path: `^${INPUT_DIR}$`, occurrence: 1, when: "after" }],
  [FILES, "after-source-log", { op: "createFile", path: "/sources/0/1$", occurrence: 1, when: "after" }],
  [FILES, "after-offsets", { op: "createFile", path: "/offsets/1$", occurrence: 1, when: "after" }],
  [FILES, "torn-part-file", { op: "writeFile", path: "/out/part-", occurrence: 2, when: "torn" }],
  [FILES, "part-file-not-logged", { op: "writeFile", path: "/out/part-", occurrence: 3, when: "after" }],
  [FILES, "before-commit", { op: "createFile", path: "/commits/2$", occurrence: 1, when: "before" }],
  [
    STATE,
    "torn-snapshot",
    { op: "writeFile", path: "/state/0/\\d+\\.snapshot$", occurrence: 1, when: "torn" },
  ],
  [
    STATE,
    "after-state-delta",
    { op: "writeFile", path: "/state/0/2\\.delta$", occurrence: 1, when: "after" },
  ],
  [STATE, "torn-foreachBatch-write", { op: "writeFile", path: "/received/1/", occurrence: 1, when: "torn" }],
  [STATE, "before-commit", { op: "createFile", path: "/commits/3$", occurrence: 1, when: "before" }],
  [KAFKA, "after-initial-offsets", { op: "createFile", path: "/sources/0/0$", occurrence: 1, when: "after" }],
  [KAFKA, "after-offsets", { op: "createFile", path: "/offsets/1$", occurrence: 1, when: "after" }],
  [KAFKA, "torn-part-file", { op: "writeFile", path: "/out/part-", occurrence: 2, when: "torn" }],
  [KAFKA, "before-commit", { op: "createFile", path: "/commits/2$", occurrence: 1, when: "before" }],
];

describe("exactly-once when the process is killed (SIGKILL) and restarted on its checkpoint", () => {
  let t: TestSession;
  let inputFiles: string[];
  const answers = new Map<string, Multiset>();
  const expected = async (scenario: string) => {
    if (!answers.has(scenario))
      answers.set(scenario, await scenarioNamed(scenario).expected(t.spark, inputFiles));
    return answers.get(scenario)!;
  };
  let references: Map<string, EpisodeResult>;

  beforeAll(async () => {
    t = await newTestSession();
    inputFiles = await writeEventFiles(t.spark, INPUT_DIR, 4, 150, 11);
    await produceInputTopic(t.spark, inputFiles);
    const runs = await runEpisodes(
      t.spark,
      t.root,
      [FILES, STATE, KAFKA].map((scenario, i) => ({
        scenario,
        episode: `reference-${i}`,
        crashAt: () => undefined,
      })),
      expected,
    );
    references = new Map(runs.map((r) => [r.scenario, r]));
  }, 300_000);
  afterAll(() => t.cleanup());

  /** Every episode: its crash points fired, the sink equals the uninterrupted run and the answer. */
  const check = (results: EpisodeResult[]) => {
    for (const r of results) {
      const what = `${r.episode} (${describeCrashes(r)})`;
      expect([r.duplicated, r.lost, r.inconsistentRedeliveries], what).toEqual([0, 0, 0]);
      expect(r.units, what).toEqual(references.get(r.scenario)!.units);
    }
  };

  it("an uninterrupted run holds the answer computed without the engine", () => {
    for (const r of references.values()) {
      expect(r.units.size).toBeGreaterThan(0);
      expect([r.duplicated, r.lost, r.inconsistentRedeliveries]).toEqual([0, 0, 0]);
    }
  });

  if (longRunCrashes === 0)
    it("crashes at named points: after listing, after the source log, after offsets/N, inside the sink write, before commits/N, inside a state snapshot; a Kafka-sourced query too", async () => {
      const plans: EpisodePlan[] = NAMED.map(([scenario, name, point]) => ({
        scenario,
        episode: `${scenario === FILES ? "files" : scenario === STATE ? "state" : "kafka"}-${name}`,
        crashAt: once(point),
      }));
      const results = await runEpisodes(t.spark, t.root, plans, expected);
      // biome-ignore lint/suspicious/noConsole: the counts are the point of this suite
      console.log(formatResults(results));
      for (const r of results) expect([r.episode, r.crashes.length, r.missed]).toEqual([r.episode, 1, []]);
      check(results);
    }, 600_000);
  else
    it(`at least ${longRunCrashes} crashes at random points`, async () => {
      const seed = Number(process.env.SLUICE_FAULT_SEED ?? Date.now() % 1_000_000);
      const random = seededRandom(seed);
      const all: EpisodeResult[] = [];
      let round = 0;
      const crashed = () => all.reduce((n, r) => n + r.crashes.length, 0);
      while (crashed() < longRunCrashes) {
        const plans: EpisodePlan[] = Array.from({ length: 10 }, (_, i) => {
          const scenario = [FILES, STATE, KAFKA][i % 3];
          const mutations = references.get(scenario)!.mutations;
          return {
            scenario,
            episode: `random-${round}-${i}`,
            crashAt: randomCrashes(random, mutations, 1 + Math.floor(random() * 3)),
          };
        });
        const results = await runEpisodes(t.spark, t.root, plans, expected);
        all.push(...results);
        round += 1;
        // biome-ignore lint/suspicious/noConsole: progress of a long run
        console.log(`seed ${seed}, round ${round}: ${crashed()} crashes so far`);
        check(results);
      }
      // biome-ignore lint/suspicious/noConsole: the counts are the point of this suite
      console.log(`seed ${seed}\n${formatResults(all)}`);
      expect(crashed()).toBeGreaterThanOrEqual(longRunCrashes);
    }, 3_600_000);
});

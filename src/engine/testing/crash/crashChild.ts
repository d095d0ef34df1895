/**
 * The crash harness's child process: `node --import tsx crashChild.ts '<ChildPlan JSON>'`. Runs its tasks in
 * order on one session whose file system SIGKILLs the process at the task's crash point; after each task that
 * finishes, appends a line to the progress file (outside the engine's file system), so the parent knows where
 * the kill landed.
 */
import { appendFileSync } from "node:fs";
import { sessionWithFaults } from "./CrashingFileSystem";
import type { ChildPlan, TaskProgress } from "./crashDriver";
import { episodeDirs, scenarioNamed } from "./crashScenarios";

const plan = JSON.parse(process.argv[2]) as ChildPlan;
const { spark, fs: crashing } = await sessionWithFaults(plan.root, {
  "spark.sql.streaming.stateStore.minDeltasForSnapshot": 2,
  "spark.sql.streaming.minBatchesToRetain": 2,
});
spark.setOutput(() => {});

for (const [index, task] of plan.tasks.entries()) {
  crashing.arm(task.crash);
  await scenarioNamed(task.scenario).run(spark, episodeDirs(task.episode), task.attempt);
  const progress: TaskProgress = { index, mutations: crashing.mutations };
  crashing.arm(undefined);
  appendFileSync(plan.progressFile, `${JSON.stringify(progress)}\n`);
}
await spark.stop();

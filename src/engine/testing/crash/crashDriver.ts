/**
 * The crash harness's parent side: runs episodes (a query on a fresh checkpoint, killed with SIGKILL at one
 * crash point after another, restarted on the same checkpoint each time until it finishes) in child processes,
 * then compares each episode's sink with the answer and with an uninterrupted run: rows duplicated, rows lost.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { SparkSession } from "../../session/SparkSession";
import { type CrashPoint, describeCrashPoint } from "./CrashingFileSystem";
import { compareUnits, episodeDirs, type Multiset, scenarioNamed } from "./crashScenarios";

export interface Task {
  scenario: string;
  episode: string;
  /** 0 for the first run of the episode, then one more per restart. */
  attempt: number;
  crash?: CrashPoint;
}

export interface ChildPlan {
  root: string;
  tasks: Task[];
  /** A file of the machine (not under root) where the child reports each finished task. */
  progressFile: string;
}

export interface TaskProgress {
  index: number;
  mutations: number;
}

const CHILD = fileURLToPath(new URL("./crashChild.ts", import.meta.url));
const CHILD_TIMEOUT_MS = 180_000;

/** Runs one child process on `tasks`: which finished (in order), and whether it died by SIGKILL after them. */
export async function runChild(
  root: string,
  tasks: Task[],
): Promise<{ finished: TaskProgress[]; killed: boolean }> {
  const progressFile = join(tmpdir(), `sluice-crash-${crypto.randomUUID()}.jsonl`);
  const plan: ChildPlan = { root, tasks, progressFile };
  const child = spawn(process.execPath, ["--import", "tsx", CHILD, JSON.stringify(plan)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => {
    output += d;
  });
  child.stderr.on("data", (d) => {
    output += d;
  });
  const timer = setTimeout(() => child.kill("SIGTERM"), CHILD_TIMEOUT_MS);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on("exit", (c, s) => resolve([c, s])),
  );
  clearTimeout(timer);
  const finished = existsSync(progressFile)
    ? readFileSync(progressFile, "utf8")
        .trim()
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as TaskProgress)
    : [];
  rmSync(progressFile, { force: true });
  if (signal === "SIGKILL" && finished.length < tasks.length) return { finished, killed: true };
  if (code === 0 && finished.length === tasks.length) return { finished, killed: false };
  const task = tasks[finished.length];
  throw new Error(
    `The crash harness's child failed (exit ${code ?? signal}) in episode ${task?.episode} attempt ${task?.attempt}:\n${output.slice(-4000)}`,
  );
}

export interface EpisodePlan {
  scenario: string;
  episode: string;
  /** Where attempt N crashes; undefined: it runs to the end. */
  crashAt(attempt: number): CrashPoint | undefined;
}

export interface EpisodeResult {
  scenario: string;
  episode: string;
  /** Crash points that killed the query, in order. */
  crashes: CrashPoint[];
  /** Crash points an attempt finished without reaching. */
  missed: CrashPoint[];
  /** File mutations of the last (finishing) attempt. */
  mutations: number;
  units: Multiset;
  duplicated: number;
  lost: number;
  inconsistentRedeliveries: number;
}

/**
 * Runs every episode to its end, crash after crash; the children run pending attempts in order and each kill
 * ends one attempt, which is then restarted (with the next crash point) ahead of the others.
 */
export async function runEpisodes(
  spark: SparkSession,
  root: string,
  plans: readonly EpisodePlan[],
  expected: (scenario: string) => Promise<Multiset>,
  onChildExit?: (crashesSoFar: number) => void,
): Promise<EpisodeResult[]> {
  type Pending = { plan: EpisodePlan; attempt: number; crash: CrashPoint | undefined };
  const fired = new Map<string, CrashPoint[]>(plans.map((p) => [p.episode, []]));
  const missed = new Map<string, CrashPoint[]>(plans.map((p) => [p.episode, []]));
  const mutations = new Map<string, number>();
  let pending: Pending[] = plans.map((plan) => ({ plan, attempt: 0, crash: plan.crashAt(0) }));
  let crashes = 0;
  while (pending.length > 0) {
    const tasks = pending.map(({ plan, attempt, crash }) => ({
      scenario: plan.scenario,
      episode: plan.episode,
      attempt,
      crash,
    }));
    const { finished, killed } = await runChild(root, tasks);
    for (const [i, progress] of finished.entries()) {
      const { plan, crash } = pending[i];
      if (crash) missed.get(plan.episode)!.push(crash);
      mutations.set(plan.episode, progress.mutations);
    }
    const rest = pending.slice(finished.length);
    if (killed) {
      const [{ plan, attempt, crash }] = rest;
      fired.get(plan.episode)!.push(crash!);
      crashes += 1;
      rest[0] = { plan, attempt: attempt + 1, crash: plan.crashAt(attempt + 1) };
    }
    pending = killed ? rest : [];
    onChildExit?.(crashes);
  }
  const results: EpisodeResult[] = [];
  for (const plan of plans) {
    const scenario = scenarioNamed(plan.scenario);
    const out = await scenario.output(spark, episodeDirs(plan.episode));
    results.push({
      scenario: plan.scenario,
      episode: plan.episode,
      crashes: fired.get(plan.episode)!,
      missed: missed.get(plan.episode)!,
      mutations: mutations.get(plan.episode) ?? 0,
      units: out.units,
      ...compareUnits(out.units, await expected(plan.scenario)),
      inconsistentRedeliveries: out.inconsistentRedeliveries,
    });
  }
  return results;
}

/** A small seeded generator (mulberry32), so a failing random run can be repeated with its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Up to `maxCrashes` random crash points among the first `mutations` file mutations, then a clean run. */
export function randomCrashes(random: () => number, mutations: number, maxCrashes: number) {
  const whens: CrashPoint["when"][] = ["before", "after", "torn"];
  return (attempt: number): CrashPoint | undefined =>
    attempt < maxCrashes
      ? {
          occurrence: 1 + Math.floor(random() * mutations),
          when: whens[Math.floor(random() * whens.length)],
        }
      : undefined;
}

/** The printed summary: crashes per scenario and point, rows duplicated and lost. */
export function formatResults(results: readonly EpisodeResult[]): string {
  const lines = [
    "scenario               episodes  crashes  units checked  duplicated  lost  inconsistent re-deliveries",
  ];
  const scenarios = [...new Set(results.map((r) => r.scenario))];
  for (const s of scenarios) {
    const rs = results.filter((r) => r.scenario === s);
    const sum = (f: (r: EpisodeResult) => number) => rs.reduce((n, r) => n + f(r), 0);
    const units = sum((r) => [...r.units.values()].reduce((a, b) => a + b, 0));
    lines.push(
      `${s.padEnd(22)} ${String(rs.length).padStart(8)} ${String(sum((r) => r.crashes.length)).padStart(8)} ${String(units).padStart(14)} ${String(sum((r) => r.duplicated)).padStart(11)} ${String(sum((r) => r.lost)).padStart(5)} ${String(sum((r) => r.inconsistentRedeliveries)).padStart(27)}`,
    );
  }
  const total = (f: (r: EpisodeResult) => number) => results.reduce((n, r) => n + f(r), 0);
  lines.push(
    `total: ${total((r) => r.crashes.length)} crashes survived, ${total((r) => r.duplicated)} rows duplicated, ${total((r) => r.lost)} rows lost`,
  );
  return lines.join("\n");
}

export function describeCrashes(result: EpisodeResult): string {
  return result.crashes.map(describeCrashPoint).join(", ") || "none";
}

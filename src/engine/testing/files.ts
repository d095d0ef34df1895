/** Test helpers for streaming over files: writing files with a chosen modification time, listing directories. */
import { utimesSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { joinPath } from "../io/FileSystem";
import { SystemClock } from "../streaming/runtime/Clock";
import { newTestSession, type TestSession } from "./fixtures";

/** Writes `data` at `path` (in the session's file system), with modification time `mtimeMs` where given. */
export async function writeFileAt(
  t: TestSession,
  path: string,
  data: string | Uint8Array,
  mtimeMs?: number,
): Promise<void> {
  await t.spark.fs.writeFile(path, data);
  if (mtimeMs !== undefined) setModificationTime(t, path, mtimeMs);
}

export function setModificationTime(t: TestSession, path: string, mtimeMs: number): void {
  utimesSync(join(t.root, path), mtimeMs / 1000, mtimeMs / 1000);
}

/** Names in a directory, sorted (empty where it does not exist). */
export async function namesIn(t: TestSession, dir: string): Promise<string[]> {
  return (await t.spark.fs.list(dir)).map((f) => f.name).sort();
}

/** Batch ids in a checkpoint log directory (offsets, commits, sources/0, _spark_metadata), ascending. */
export async function logIds(t: TestSession, dir: string): Promise<number[]> {
  return (await namesIn(t, dir))
    .filter((n) => /^\d+$/.test(n))
    .map(Number)
    .sort((a, b) => a - b);
}

export async function readText(t: TestSession, path: string): Promise<string> {
  return new TextDecoder().decode(await t.spark.fs.readFile(path));
}

/** Every path under `dir`, recursively, relative to it. */
export async function treeOf(t: TestSession, dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string, prefix: string) => {
    for (const f of await t.spark.fs.list(d)) {
      if (f.isDirectory) await walk(joinPath(d, f.name), `${prefix}${f.name}/`);
      else out.push(`${prefix}${f.name}`);
    }
  };
  await walk(dir, "");
  return out.sort();
}

/**
 * One session for a whole test file (opening one takes a second or two); each test works under a directory of
 * its own, `ctx.dir`, and its queries are stopped after it. A test may set `spark.clock` (a ManualClock): the
 * system clock is back for the next test.
 */
export function sharedSession(): { readonly t: TestSession; readonly dir: string } {
  let session: TestSession | undefined;
  let count = 0;
  const ctx = {
    get t(): TestSession {
      if (!session) throw new Error("the shared session is opened in beforeAll");
      return session;
    },
    get dir(): string {
      return `/test-${count}`;
    },
  };
  beforeAll(async () => {
    session = await newTestSession();
  });
  beforeEach(() => {
    count += 1;
  });
  afterEach(async () => {
    await session?.spark.streams.stopAll();
    session?.spark.streams.resetTerminated();
    if (session) session.spark.clock = new SystemClock();
  });
  afterAll(() => session?.cleanup());
  return ctx;
}

/** Polls `condition` every 20 ms until it holds; fails after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

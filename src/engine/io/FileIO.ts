/**
 * File-reading steps written once and run either synchronously (Node, memory: while a DataFrame is built) or
 * asynchronously (OPFS). A step yields the read it needs; a driver performs it.
 */
import type { FileStatus, FileSystem, SyncFileReader } from "./FileSystem";

export type IoRequest =
  | { op: "stat"; path: string }
  | { op: "list"; path: string }
  | { op: "readFile"; path: string };

type IoResult<R extends IoRequest> = R["op"] extends "stat"
  ? FileStatus | undefined
  : R["op"] extends "list"
    ? FileStatus[]
    : Uint8Array;

/** A computation over files: yield a request, receive its result. */
export type IoSteps<T> = Generator<IoRequest, T, unknown>;

export function* stat(path: string): IoSteps<FileStatus | undefined> {
  return (yield { op: "stat", path }) as IoResult<{ op: "stat"; path: string }>;
}

export function* list(path: string): IoSteps<FileStatus[]> {
  return (yield { op: "list", path }) as FileStatus[];
}

export function* readFile(path: string): IoSteps<Uint8Array> {
  return (yield { op: "readFile", path }) as Uint8Array;
}

export function runSync<T>(steps: IoSteps<T>, fs: SyncFileReader): T {
  let next = steps.next();
  while (!next.done) {
    const r = next.value;
    let result: unknown;
    try {
      result = r.op === "stat" ? fs.stat(r.path) : r.op === "list" ? fs.list(r.path) : fs.readFile(r.path);
    } catch (error) {
      // The computation sees the failure where it asked, and may handle it (a file deleted since it was listed).
      next = steps.throw(error);
      continue;
    }
    next = steps.next(result);
  }
  return next.value;
}

export async function runAsync<T>(steps: IoSteps<T>, fs: FileSystem): Promise<T> {
  let next = steps.next();
  while (!next.done) {
    const r = next.value;
    let result: unknown;
    try {
      result =
        r.op === "stat"
          ? await fs.stat(r.path)
          : r.op === "list"
            ? await fs.list(r.path)
            : await fs.readFile(r.path);
    } catch (error) {
      next = steps.throw(error);
      continue;
    }
    next = steps.next(result);
  }
  return next.value;
}

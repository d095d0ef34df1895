/**
 * Fault injection without hooks in the engine: a FileSystem that passes everything through to the real one and
 * SIGKILLs its own process at a chosen write, rename, delete or listing, as a power cut or an OOM kill would (the
 * crash harness's child process), or fails that call as a full storage quota does.
 */
import type { FileStatus, FileSystem } from "../../io/FileSystem";
import { normalizePath, StorageQuotaError, temporaryPathFor, toBytes } from "../../io/FileSystem";
import { NodeFileSystem } from "../../platform/NodeFileSystem";
import { nodePlatform } from "../../platform/node";
import { SparkSession } from "../../session/SparkSession";

export type FileOp = "writeFile" | "createFile" | "rename" | "delete" | "list";

/** File system calls that change something: what a crash can interrupt. */
const MUTATIONS: readonly FileOp[] = ["writeFile", "createFile", "rename", "delete"];

export interface CrashPoint {
  /** The call to crash at; without it, any mutation (not a listing) counts. */
  op?: FileOp;
  /** A regular expression the call's (target) path must match. */
  path?: string;
  /** Which matching call, from 1. */
  occurrence: number;
  /**
   * before: the call never happens; after: it completed; torn: a write stopped half-way, leaving half of the
   * bytes in a hidden temporary file (what an atomic write looks like when the process dies inside it);
   * full: no crash, the call fails as on a full disk or browser quota (StorageQuotaError) and the process lives on.
   */
  when: "before" | "after" | "torn" | "full";
}

/** Human-readable name of a crash point, for the printed counts. */
export function describeCrashPoint(p: CrashPoint): string {
  const what = `${p.op ?? "mutation"}${p.path ? ` ${p.path}` : ""} #${p.occurrence}`;
  return `${p.when} ${what}`;
}

export class CrashingFileSystem implements FileSystem {
  readonly kind;
  readonly sync;
  private point: CrashPoint | undefined;
  private seen = 0;
  /** Mutations since the last `arm`: how many points a random crash can choose from. */
  mutations = 0;

  constructor(private readonly inner: FileSystem) {
    this.kind = inner.kind;
    this.sync = inner.sync;
  }

  /** Sets (or clears) where to crash; counting starts again. */
  arm(point: CrashPoint | undefined): void {
    this.point = point;
    this.seen = 0;
    this.mutations = 0;
  }

  readFile(path: string): Promise<Uint8Array> {
    return this.inner.readFile(path);
  }

  async writeFile(path: string, data: Uint8Array | string): Promise<void> {
    await this.around("writeFile", path, () => this.inner.writeFile(path, data), data);
  }

  async createFile(path: string, data: Uint8Array | string): Promise<void> {
    await this.around("createFile", path, () => this.inner.createFile(path, data), data);
  }

  stat(path: string): Promise<FileStatus | undefined> {
    return this.inner.stat(path);
  }

  async list(dir: string): Promise<FileStatus[]> {
    let out: FileStatus[] = [];
    await this.around("list", dir, async () => {
      out = await this.inner.list(dir);
    });
    return out;
  }

  mkdirs(dir: string): Promise<void> {
    return this.inner.mkdirs(dir);
  }

  async delete(path: string): Promise<void> {
    await this.around("delete", path, () => this.inner.delete(path));
  }

  async rename(from: string, to: string): Promise<void> {
    await this.around("rename", to, () => this.inner.rename(from, to));
  }

  private async around(
    op: FileOp,
    path: string,
    call: () => Promise<void>,
    data?: Uint8Array | string,
  ): Promise<void> {
    if (MUTATIONS.includes(op)) this.mutations += 1;
    const p = this.point;
    const matches =
      p !== undefined &&
      (p.op === undefined ? MUTATIONS.includes(op) : p.op === op) &&
      (p.path === undefined || new RegExp(p.path).test(normalizePath(path)));
    if (!matches || ++this.seen !== p.occurrence) return call();
    if (p.when === "full") throw new StorageQuotaError(normalizePath(path));
    if (p.when === "torn" && data !== undefined) {
      const bytes = toBytes(data);
      await this.inner.writeFile(temporaryPathFor(path), bytes.subarray(0, Math.floor(bytes.length / 2)));
    }
    if (p.when === "after") await call();
    return die();
  }
}

/** A new session on `root` (a directory of the machine) whose file system can crash or run out of room. */
export async function sessionWithFaults(
  root: string,
  conf: Record<string, string | number> = {},
): Promise<{ spark: SparkSession; fs: CrashingFileSystem }> {
  let fs: CrashingFileSystem | undefined;
  let builder = SparkSession.builder().platform({
    ...nodePlatform,
    async createFileSystem(dir) {
      fs = new CrashingFileSystem(new NodeFileSystem(dir!));
      return fs;
    },
  });
  for (const [k, v] of Object.entries({ ...conf, "sluice.fs.root": root })) builder = builder.config(k, v);
  const spark = await builder.create();
  return { spark, fs: fs! };
}

/** The process ends here, as with `kill -9`: no finally blocks, no flushing. */
function die(): Promise<never> {
  process.kill(process.pid, "SIGKILL");
  return new Promise(() => {});
}

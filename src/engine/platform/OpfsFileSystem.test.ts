import { describe, expect, it } from "vitest";
import { FileAlreadyExistsError, FileNotFoundError, StorageQuotaError } from "../io/FileSystem";
import type { FileSystemChangeRecord, WatchTree } from "../io/ListingCache";
import { OpfsFileSystem, translateOpfsError } from "./OpfsFileSystem";

// OPFS itself runs only in a browser (the e2e suite writes, overwrites and reloads files through it). Here the
// file system runs on a stand-in for OPFS's handles that keeps Chromium's rules (a handle names a path, resolved
// at each call: on a removed directory a call fails with NotFoundError; move() replaces its target) and counts
// the calls that are round trips to the browser process. Like a FileSystemObserver, it reports changes later,
// when the test delivers them.

const notFound = () => new DOMException("A requested file or directory could not be found", "NotFoundError");
const typeMismatch = () =>
  new DOMException("The path supplied exists, but was not an entry of requested type", "TypeMismatchError");

interface Calls {
  getDirectoryHandle: number;
  getFileHandle: number;
  getFile: number;
}

interface FakeFile {
  data: Uint8Array;
  lastModified: number;
}
type FakeDir = Map<string, FakeDir | FakeFile>;

/** One origin's OPFS: a tree of maps, the calls made, and how many bytes writes may still take. */
class FakeOpfs {
  readonly tree: FakeDir = new Map();
  readonly calls: Calls = { getDirectoryHandle: 0, getFileHandle: 0, getFile: 0 };
  quota = Number.POSITIVE_INFINITY;
  /** Runs (once) when a file's size is next asked for: something another tab does meanwhile. */
  meanwhile: (() => Promise<void>) | undefined;
  private readonly pending: { type: FileSystemChangeRecord["type"]; path: string[]; from?: string[] }[] = [];
  private readonly watchers: { under: readonly string[]; onChange: (r: FileSystemChangeRecord[]) => void }[] =
    [];

  changed(type: FileSystemChangeRecord["type"], path: string[], from?: string[]): void {
    this.pending.push({ type, path, from });
  }

  /** A FileSystemObserver on this OPFS. */
  readonly watch: WatchTree = async (root, onChange) => {
    this.watchers.push({ under: (root as unknown as FakeDirHandle).path, onChange });
    return () => {};
  };

  /** Loses the changes not yet delivered, as an observer does when too much happens at once. */
  lose(): void {
    this.pending.splice(0);
  }

  /** Hands the changes made so far to the watchers, as the browser does some time after they happen. */
  deliver(): void {
    const records = this.pending.splice(0);
    for (const { under, onChange } of this.watchers) {
      const relative = (path: string[]) => path.slice(under.length);
      onChange(
        records
          .filter((r) => r.type === "unknown" || under.every((part, i) => r.path[i] === part))
          .map((r) => ({
            type: r.type,
            relativePathComponents: relative(r.path),
            relativePathMovedFrom: r.from ? relative(r.from) : null,
          })),
      );
    }
  }

  dir(path: readonly string[]): FakeDir {
    let dir = this.tree;
    for (const name of path) {
      const child = dir.get(name);
      if (!(child instanceof Map)) throw notFound();
      dir = child;
    }
    return dir;
  }
}

class FakeFileHandle {
  readonly kind = "file";
  constructor(
    private readonly opfs: FakeOpfs,
    private dirPath: readonly string[],
    readonly name: string,
  ) {}

  private node(): FakeFile {
    const node = this.opfs.dir(this.dirPath).get(this.name);
    if (!node || node instanceof Map) throw notFound();
    return node;
  }

  async getFile() {
    this.opfs.calls.getFile += 1;
    const meanwhile = this.opfs.meanwhile;
    this.opfs.meanwhile = undefined;
    await meanwhile?.();
    const node = this.node();
    const data = node.data.slice();
    return { size: data.byteLength, lastModified: node.lastModified, arrayBuffer: async () => data.buffer };
  }

  async createSyncAccessHandle() {
    const node = this.node();
    const opfs = this.opfs;
    const path = [...this.dirPath, this.name];
    return {
      truncate(size: number) {
        node.data = node.data.slice(0, size);
      },
      write(bytes: Uint8Array, { at }: { at: number }) {
        const n = Math.min(bytes.byteLength, opfs.quota);
        opfs.quota -= n;
        const next = new Uint8Array(Math.max(node.data.byteLength, at + n));
        next.set(node.data);
        next.set(bytes.subarray(0, n), at);
        node.data = next;
        node.lastModified += 1;
        opfs.changed("modified", [...path]);
        return n;
      },
      flush() {},
      close() {},
    };
  }

  async move(dir: FakeDirHandle, name: string) {
    const node = this.node();
    const target = this.opfs.dir(dir.path);
    this.opfs.dir(this.dirPath).delete(this.name);
    target.set(name, node);
    this.opfs.changed("moved", [...dir.path, name], [...this.dirPath, this.name]);
    this.dirPath = dir.path;
    (this as { name: string }).name = name;
  }
}

class FakeDirHandle {
  readonly kind = "directory";
  constructor(
    private readonly opfs: FakeOpfs,
    readonly path: readonly string[],
  ) {}

  get name(): string {
    return this.path.at(-1) ?? "";
  }

  async getDirectoryHandle(name: string, options: { create?: boolean } = {}) {
    this.opfs.calls.getDirectoryHandle += 1;
    const dir = this.opfs.dir(this.path);
    const child = dir.get(name);
    if (child && !(child instanceof Map)) throw typeMismatch();
    if (!child) {
      if (!options.create) throw notFound();
      dir.set(name, new Map());
      this.opfs.changed("appeared", [...this.path, name]);
    }
    return new FakeDirHandle(this.opfs, [...this.path, name]);
  }

  async getFileHandle(name: string, options: { create?: boolean } = {}) {
    this.opfs.calls.getFileHandle += 1;
    const dir = this.opfs.dir(this.path);
    const child = dir.get(name);
    if (child instanceof Map) throw typeMismatch();
    if (!child) {
      if (!options.create) throw notFound();
      dir.set(name, { data: new Uint8Array(), lastModified: 1 });
      this.opfs.changed("appeared", [...this.path, name]);
    }
    return new FakeFileHandle(this.opfs, this.path, name);
  }

  async removeEntry(name: string) {
    const dir = this.opfs.dir(this.path);
    if (!dir.has(name)) throw notFound();
    dir.delete(name);
    this.opfs.changed("disappeared", [...this.path, name]);
  }

  async *values() {
    for (const [name, child] of this.opfs.dir(this.path)) {
      yield child instanceof Map
        ? new FakeDirHandle(this.opfs, [...this.path, name])
        : new FakeFileHandle(this.opfs, this.path, name);
    }
  }
}

/** An OpfsFileSystem rooted at /sluice of a fake OPFS; `watched`: with a FileSystemObserver. */
async function opfs(watched = false) {
  const fake = new FakeOpfs();
  const root = new FakeDirHandle(fake, []);
  const fs = await OpfsFileSystem.open("/sluice", {
    opfs: root as unknown as FileSystemDirectoryHandle,
    watch: watched ? fake.watch : async () => undefined,
  });
  const text = async (path: string) => new TextDecoder().decode(await fs.readFile(path));
  /** Another tab's view of the same OPFS, under the file system's root. */
  const otherTab = await root.getDirectoryHandle("sluice");
  return { fs, fake, otherTab, text };
}

/** Writes a file as another tab does, through its own handles. */
async function writeAsOtherTab(dir: FakeDirHandle, path: string[], text: string): Promise<void> {
  for (const part of path.slice(0, -1)) dir = await dir.getDirectoryHandle(part, { create: true });
  const access = await (await dir.getFileHandle(path.at(-1)!, { create: true })).createSyncAccessHandle();
  access.truncate(0);
  access.write(new TextEncoder().encode(text), { at: 0 });
  access.close();
}

describe("OPFS file system", () => {
  it("writes, overwrites, lists, renames and deletes, leaving no temporary file behind", async () => {
    const { fs, text } = await opfs();
    await fs.writeFile("/ck/offsets/0", "v1\n{}");
    await fs.writeFile("/ck/offsets/0", 'v1\n{"a":1}');
    await fs.createFile("/ck/offsets/1", "v1\n{}");
    await expect(fs.createFile("/ck/offsets/1", "again")).rejects.toBeInstanceOf(FileAlreadyExistsError);
    expect(await text("/ck/offsets/0")).toBe('v1\n{"a":1}');
    expect((await fs.list("/ck/offsets")).map((f) => [f.name, f.size, f.isDirectory])).toEqual([
      ["0", 10, false],
      ["1", 5, false],
    ]);
    expect(await fs.stat("/ck")).toMatchObject({ isDirectory: true, name: "ck" });
    expect(await fs.stat("/ck/offsets/7")).toBeUndefined();
    expect(await fs.stat("/nowhere/7")).toBeUndefined();
    await fs.rename("/ck/offsets/1", "/ck/commits/1");
    expect((await fs.list("/ck")).map((f) => f.name)).toEqual(["commits", "offsets"]);
    await fs.rename("/ck", "/moved");
    expect(await text("/moved/commits/1")).toBe("v1\n{}");
    expect(await fs.list("/ck")).toEqual([]);
    await fs.delete("/moved/offsets");
    expect(await fs.stat("/moved/offsets/0")).toBeUndefined();
    await expect(fs.readFile("/moved/offsets/0")).rejects.toBeInstanceOf(FileNotFoundError);
    await fs.writeFile("/moved/offsets/2", "v1");
    expect((await fs.list("/moved/offsets")).map((f) => f.name)).toEqual(["2"]);
  });

  it("looks a directory up once, not on every call", async () => {
    const { fs, fake } = await opfs();
    const calls = fake.calls;
    await fs.writeFile("/ck/state/0/0/1.delta", "a");
    const lookups = calls.getDirectoryHandle;
    for (let i = 2; i < 12; i++) await fs.writeFile(`/ck/state/0/0/${i}.delta`, "a");
    await fs.list("/ck/state/0/0");
    await fs.readFile("/ck/state/0/0/5.delta");
    expect(calls.getDirectoryHandle).toBe(lookups);
    expect((await fs.list("/ck/state/0/0")).length).toBe(11);
  });

  it("sees another tab remove and re-create a directory it has kept a handle of", async () => {
    const { fs, otherTab, text } = await opfs();
    await fs.writeFile("/data/events/a.csv", "1");
    expect(await text("/data/events/a.csv")).toBe("1");
    await otherTab.removeEntry("data");
    expect(await fs.stat("/data/events/a.csv")).toBeUndefined();
    expect(await fs.stat("/data/events")).toBeUndefined();
    expect(await fs.list("/data/events")).toEqual([]);
    await expect(fs.readFile("/data/events/a.csv")).rejects.toBeInstanceOf(FileNotFoundError);
    const events = await (await otherTab.getDirectoryHandle("data", { create: true })).getDirectoryHandle(
      "events",
      { create: true },
    );
    await writeAsOtherTab(events, ["b.csv"], "22");
    expect((await fs.list("/data/events")).map((f) => f.name)).toEqual(["b.csv"]);
    expect(await text("/data/events/b.csv")).toBe("22");
    // Written again after the directory is gone: the write creates it anew.
    await otherTab.removeEntry("data");
    await fs.writeFile("/data/events/c.csv", "333");
    expect((await fs.list("/data/events")).map((f) => f.name)).toEqual(["c.csv"]);
  });

  it("keeps the old file and leaves no temporary file when the quota runs out mid-write", async () => {
    const { fs, fake, text } = await opfs();
    await fs.writeFile("/ck/commits/0", "v1\n{}");
    fake.quota = 3;
    const error = await fs.writeFile("/ck/commits/0", 'v1\n{"nextBatchWatermarkMs":0}').catch((e) => e);
    expect(error).toBeInstanceOf(StorageQuotaError);
    expect(error.message).toContain("/ck/commits/0");
    expect(await text("/ck/commits/0")).toBe("v1\n{}");
    expect((await fs.list("/ck/commits")).map((f) => f.name)).toEqual(["0"]);
  });
});

describe("OPFS listings kept while the browser reports changes", () => {
  it("lists a folder again without asking each file's size, and sees this file system's own changes at once", async () => {
    const { fs, fake } = await opfs(true);
    for (let i = 0; i < 20; i++) await fs.writeFile(`/data/events/part-${i}.parquet`, "x".repeat(i));
    fake.deliver();
    const first = await fs.list("/data/events");
    const sizes = fake.calls.getFile;
    expect(await fs.list("/data/events")).toEqual(first);
    expect(await fs.stat("/data/events/part-3.parquet")).toMatchObject({ size: 3, isDirectory: false });
    expect(await fs.stat("/data/events/_spark_metadata")).toBeUndefined();
    expect(fake.calls.getFile).toBe(sizes);
    await fs.writeFile("/data/events/part-3.parquet", "xx");
    await fs.delete("/data/events/part-4.parquet");
    await fs.createFile("/data/events/part-20.parquet", "y");
    const now = await fs.list("/data/events");
    expect(now.find((f) => f.name === "part-3.parquet")?.size).toBe(2);
    expect(now.map((f) => f.name)).not.toContain("part-4.parquet");
    expect(now.map((f) => f.name)).toContain("part-20.parquet");
    await expect(fs.createFile("/data/events/part-20.parquet", "again")).rejects.toBeInstanceOf(
      FileAlreadyExistsError,
    );
  });

  it("sees another tab's changes once the browser reports them", async () => {
    const { fs, fake, otherTab } = await opfs(true);
    await fs.writeFile("/data/events/a.csv", "1");
    fake.deliver();
    expect((await fs.list("/data/events")).map((f) => f.name)).toEqual(["a.csv"]);
    await writeAsOtherTab(otherTab, ["data", "events", "b.csv"], "22");
    await writeAsOtherTab(otherTab, ["data", "events", "a.csv"], "111");
    fake.deliver();
    expect((await fs.list("/data/events")).map((f) => [f.name, f.size])).toEqual([
      ["a.csv", 3],
      ["b.csv", 2],
    ]);
    expect(await fs.stat("/data/events/b.csv")).toMatchObject({ size: 2 });
  });

  it("does not keep a listing taken while the folder changed", async () => {
    const { fs, fake, otherTab } = await opfs(true);
    await fs.writeFile("/data/events/a.csv", "1");
    fake.deliver();
    fake.meanwhile = async () => {
      await writeAsOtherTab(otherTab, ["data", "events", "b.csv"], "22");
      fake.deliver();
    };
    expect((await fs.list("/data/events")).map((f) => f.name)).toEqual(["a.csv"]);
    expect((await fs.list("/data/events")).map((f) => f.name)).toEqual(["a.csv", "b.csv"]);
  });

  it("keeps nothing when the browser says changes were missed", async () => {
    const { fs, fake, otherTab } = await opfs(true);
    await fs.writeFile("/data/events/a.csv", "1");
    fake.deliver();
    await fs.list("/data/events");
    await writeAsOtherTab(otherTab, ["data", "events", "b.csv"], "22");
    fake.lose();
    fake.changed("unknown", []);
    fake.deliver();
    expect((await fs.list("/data/events")).map((f) => f.name)).toEqual(["a.csv", "b.csv"]);
  });
});

describe("OPFS errors", () => {
  it("turns a full quota into StorageQuotaError with the path and a way out", () => {
    const error = translateOpfsError(
      new DOMException("quota", "QuotaExceededError"),
      "/checkpoints/q/offsets/3",
    );
    expect(error).toBeInstanceOf(StorageQuotaError);
    expect((error as StorageQuotaError).message).toMatch(/Storage is full.*\/checkpoints\/q\/offsets\/3/);
  });

  it("turns a missing entry into FileNotFoundError, and leaves other errors alone", () => {
    expect(translateOpfsError(new DOMException("gone", "NotFoundError"), "/a")).toBeInstanceOf(
      FileNotFoundError,
    );
    expect(translateOpfsError(new DOMException("dir", "TypeMismatchError"), "/a")).toBeInstanceOf(
      FileNotFoundError,
    );
    const other = new DOMException("locked", "NoModificationAllowedError");
    expect(translateOpfsError(other, "/a")).toBe(other);
  });
});

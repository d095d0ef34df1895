/**
 * The compactible logs under the file source (`sources/<i>/`) and the file sink (`_spark_metadata/`), ported
 * from Spark's CompactibleFileStreamLogSuite, FileStreamSinkLogSuite and FileStreamSourceSuite (inputs and
 * expected answers as there; FileStreamSinkLogSuite's cases by its names). Spark reads its 2.1.0 logs from its test
 * resources; their content is written here as Spark's tests expect it.
 */
import { describe, expect, it } from "vitest";
import { IllegalArgumentException } from "../errors";
import { runSync } from "../io/FileIO";
import { MemoryFileSystem } from "../io/MemoryFileSystem";
import { RuntimeConfig } from "../session/RuntimeConfig";
import {
  allValidBatches,
  batchIdOfFileName,
  type CompactibleLogOptions,
  compactibleLogOptions,
  deriveCompactInterval,
  isCompactionBatch,
  nextCompactionBatchId,
  validBatchesBeforeCompactionBatch,
} from "./CompactibleFileStreamLog";
import { committedSinkFiles, FileStreamSinkLog, type SinkFileStatus } from "./FileStreamSinkLog";
import { type FileEntry, FileStreamSourceLog } from "./FileStreamSourceLog";

const options = (o: Partial<CompactibleLogOptions> = {}): CompactibleLogOptions => ({
  compactInterval: 3,
  deletion: true,
  cleanupDelayMs: Number.MAX_SAFE_INTEGER,
  minBatchesToRetain: 1,
  ...o,
});

const sinkFile = (
  path: string,
  action: "add" | "delete" = "add",
  modificationTime = 100,
): SinkFileStatus => ({
  path,
  size: 100,
  isDir: false,
  modificationTime,
  blockReplication: 1,
  blockSize: 100,
  action,
});

const names = async (fs: MemoryFileSystem, dir: string) =>
  new Set((await fs.list(dir)).map((f) => f.name).filter((n) => batchIdOfFileName(n) !== undefined));

describe("CompactibleFileStreamLog's arithmetic (Spark's object CompactibleFileStreamLog)", () => {
  it("getBatchIdFromFileName", () => {
    expect(batchIdOfFileName("1234")).toBe(1234);
    expect(batchIdOfFileName("1234.compact")).toBe(1234);
    expect(batchIdOfFileName("1234a")).toBeUndefined();
    expect(batchIdOfFileName(".1234.tmp")).toBeUndefined();
  });

  it("isCompactionBatch", () => {
    expect([0, 1, 2, 3, 4, 5].map((b) => isCompactionBatch(b, 3))).toEqual([
      false,
      false,
      true,
      false,
      false,
      true,
    ]);
  });

  it("nextCompactionBatchId", () => {
    expect([0, 1, 2, 3, 4, 5].map((b) => nextCompactionBatchId(b, 3))).toEqual([2, 2, 5, 5, 5, 8]);
  });

  it("getValidBatchesBeforeCompactionBatch", () => {
    for (const b of [0, 1, 3, 4])
      expect(() => validBatchesBeforeCompactionBatch(b, 3)).toThrow(/not a compaction batch/);
    expect(validBatchesBeforeCompactionBatch(2, 3)).toEqual([0, 1]);
    expect(validBatchesBeforeCompactionBatch(5, 3)).toEqual([2, 3, 4]);
  });

  it("getAllValidBatches", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8].map((b) => allValidBatches(b, 3))).toEqual([
      [0],
      [0, 1],
      [2],
      [2, 3],
      [2, 3, 4],
      [5],
      [5, 6],
      [5, 6, 7],
      [8],
    ]);
  });

  it("deriveCompactInterval", () => {
    // latestCompactBatchId(4) + 1 <= default(5): the latest compaction's batch count.
    expect(deriveCompactInterval(5, 4)).toBe(5);
    // The first divisor of 10 at least 4.
    expect(deriveCompactInterval(4, 9)).toBe(5);
  });
});

describe("FileStreamSinkLog (Spark's FileStreamSinkLogSuite)", () => {
  const newLog = (o: Partial<CompactibleLogOptions> = {}, retentionMs?: number) => {
    const fs = new MemoryFileSystem();
    return { fs, log: new FileStreamSinkLog(fs, "/out", options(o), retentionMs) };
  };

  it("batchIdToPath", async () => {
    const { log } = newLog();
    await log.compactInterval();
    expect([0, 1, 2, 3, 4, 5].map((b) => log.pathOf(b))).toEqual(
      ["0", "1", "2.compact", "3", "4", "5.compact"].map((n) => `/out/_spark_metadata/${n}`),
    );
  });

  it("shouldRetain", () => {
    // No retention: every entry is kept, whatever its age.
    const { log } = newLog();
    expect(log.shouldRetain(sinkFile("/a/b/x", "add", Number.MAX_SAFE_INTEGER), Date.now())).toBe(true);
    expect(log.shouldRetain(sinkFile("/a/b/y", "add", 0), Date.now())).toBe(true);
  });

  it("prevent removing metadata files via method purge", async () => {
    // CompactibleFileStreamLogSuite's case: compaction batch 1 (interval 2), three batches retained.
    const { log } = newLog({ compactInterval: 2, cleanupDelayMs: 10000, minBatchesToRetain: 3 });
    for (const batchId of [0, 1, 2]) await log.add(batchId, [sinkFile(`some_path_${batchId}`)]);
    // Spark's purge(2) would delete batches 0 and 1, and batch 1 is the compaction allFiles reads.
    const error = await log.purge().then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.name).toBe("UnsupportedOperationException");
    expect(error?.message).toContain("Cannot purge as it might break internal state");
    expect((await log.allFiles()).map((f) => f.path)).toEqual(["some_path_0", "some_path_1", "some_path_2"]);
  });

  it("serialize", async () => {
    const { fs, log } = newLog();
    const logs: SinkFileStatus[] = [
      {
        path: "/a/b/x",
        size: 100,
        isDir: false,
        modificationTime: 1000,
        blockReplication: 1,
        blockSize: 10000,
        action: "add",
      },
      {
        path: "/a/b/y",
        size: 200,
        isDir: false,
        modificationTime: 2000,
        blockReplication: 2,
        blockSize: 20000,
        action: "delete",
      },
      {
        path: "/a/b/z",
        size: 300,
        isDir: false,
        modificationTime: 3000,
        blockReplication: 3,
        blockSize: 30000,
        action: "add",
      },
    ];
    await log.add(0, logs);
    expect(new TextDecoder().decode(await fs.readFile("/out/_spark_metadata/0"))).toBe(
      [
        "v1",
        '{"path":"/a/b/x","size":100,"isDir":false,"modificationTime":1000,"blockReplication":1,"blockSize":10000,"action":"add"}',
        '{"path":"/a/b/y","size":200,"isDir":false,"modificationTime":2000,"blockReplication":2,"blockSize":20000,"action":"delete"}',
        '{"path":"/a/b/z","size":300,"isDir":false,"modificationTime":3000,"blockReplication":3,"blockSize":30000,"action":"add"}',
      ].join("\n"),
    );
    expect(await log.get(0)).toEqual(logs);
    await log.add(1, []);
    expect(new TextDecoder().decode(await fs.readFile("/out/_spark_metadata/1"))).toBe("v1");
    expect(await log.get(1)).toEqual([]);
  });

  it("deserialize", async () => {
    const { fs, log } = newLog();
    await fs.writeFile(
      "/out/_spark_metadata/0",
      [
        "v1",
        '{"path":"/a/b/x","size":100,"isDir":false,"modificationTime":1000,"blockReplication":1,"blockSize":10000,"action":"add"}',
        '{"path":"/a/b/z","size":300,"isDir":false,"modificationTime":3000,"blockReplication":3,"blockSize":30000,"action":"add"}',
      ].join("\n"),
    );
    expect(await log.get(0)).toEqual([
      {
        path: "/a/b/x",
        size: 100,
        isDir: false,
        modificationTime: 1000,
        blockReplication: 1,
        blockSize: 10000,
        action: "add",
      },
      {
        path: "/a/b/z",
        size: 300,
        isDir: false,
        modificationTime: 3000,
        blockReplication: 3,
        blockSize: 30000,
        action: "add",
      },
    ]);
    await fs.writeFile("/out/_spark_metadata/1", "v1");
    expect(await log.get(1)).toEqual([]);
  });

  it("compact", async () => {
    const { log } = newLog({ deletion: false });
    for (let batchId = 0; batchId <= 10; batchId++) {
      await log.add(batchId, [sinkFile(`/a/b/${batchId}`)]);
      const expected = Array.from({ length: batchId + 1 }, (_, id) => sinkFile(`/a/b/${id}`));
      expect(await log.allFiles()).toEqual(expected);
      if (isCompactionBatch(batchId, 3)) expect(await log.get(batchId)).toEqual(expected);
    }
  });

  it("compactLogs drops files a later entry deleted", async () => {
    const { log } = newLog({ deletion: false });
    await log.add(0, [sinkFile("/a/b/x"), sinkFile("/a/b/y"), sinkFile("/a/b/z")]);
    await log.add(1, [sinkFile("/a/b/m"), sinkFile("/a/b/n"), sinkFile("/a/b/z", "delete")]);
    await log.add(2, []);
    expect((await log.get(2))?.map((f) => f.path)).toEqual(["/a/b/x", "/a/b/y", "/a/b/m", "/a/b/n"]);
  });

  it("delete expired file", async () => {
    const one = newLog({ cleanupDelayMs: 0, minBatchesToRetain: 1 });
    const expectedOne = [
      ["0"],
      ["0", "1"],
      ["0", "1", "2.compact"],
      ["2.compact", "3"],
      ["2.compact", "3", "4"],
      ["2.compact", "3", "4", "5.compact"],
      ["5.compact", "6"],
    ];
    for (const [batchId, expected] of expectedOne.entries()) {
      await one.log.add(batchId, [sinkFile(`/a/b/${batchId}`)]);
      expect(await names(one.fs, "/out/_spark_metadata")).toEqual(new Set(expected));
    }
    const two = newLog({ cleanupDelayMs: 0, minBatchesToRetain: 2 });
    const expectedTwo = [
      ["0"],
      ["0", "1"],
      ["0", "1", "2.compact"],
      ["0", "1", "2.compact", "3"],
      ["2.compact", "3", "4"],
      ["2.compact", "3", "4", "5.compact"],
      ["2.compact", "3", "4", "5.compact", "6"],
      ["5.compact", "6", "7"],
    ];
    for (const [batchId, expected] of expectedTwo.entries()) {
      await two.log.add(batchId, [sinkFile(`/a/b/${batchId}`)]);
      expect(await names(two.fs, "/out/_spark_metadata")).toEqual(new Set(expected));
    }
  });

  it("keeps expired files until cleanupDelay has passed", async () => {
    const { fs, log } = newLog({ cleanupDelayMs: 60_000, minBatchesToRetain: 1 });
    for (let batchId = 0; batchId <= 6; batchId++) await log.add(batchId, [sinkFile(`/a/b/${batchId}`)]);
    expect(await names(fs, "/out/_spark_metadata")).toEqual(
      new Set(["0", "1", "2.compact", "3", "4", "5.compact", "6"]),
    );
    expect((await log.allFiles()).length).toBe(7);
  });

  it("filter out outdated entries when compacting", async () => {
    const now = Date.now();
    const { log } = newLog({ deletion: false }, 60_000);
    for (const f of [
      sinkFile("/a/b/x", "add", now),
      sinkFile("/a/b/y", "add", now),
      sinkFile("/a/b/z", "add", now),
    ])
      expect(log.shouldRetain(f, now)).toBe(true);
    for (const f of [sinkFile("/a/b/m", "add", now - 80_000), sinkFile("/a/b/n", "add", now - 120_000)])
      expect(log.shouldRetain(f, now)).toBe(false);
    await log.add(0, [sinkFile("/a/b/old", "add", now - 80_000)]);
    await log.add(1, [sinkFile("/a/b/new", "add", now)]);
    await log.add(2, []);
    expect((await log.get(2))?.map((f) => f.path)).toEqual(["/a/b/new"]);
  });

  it("getLatestBatchId", async () => {
    const { fs, log } = newLog();
    for (let batchId = 0; batchId <= 2; batchId++) await log.add(batchId, [sinkFile(`/a/b/${batchId}`)]);
    const reads: string[] = [];
    const readFile = fs.readFile.bind(fs);
    fs.readFile = (path: string) => {
      reads.push(path);
      return readFile(path);
    };
    expect(await log.getLatestBatchId()).toBe(2);
    expect(reads).toEqual([]);
    expect((await log.getLatest())?.batchId).toBe(2);
    expect(reads).toEqual(["/out/_spark_metadata/2.compact"]);
  });

  it("read Spark 2.1.0 log format", async () => {
    const fs = new MemoryFileSystem();
    const entry = (i: number, size: number, replication = 1, blockSize = 100, action = "add") =>
      `{"path":"/a/b/${i}","size":${size},"isDir":false,"modificationTime":${size},"blockReplication":${replication},"blockSize":${blockSize},"action":"${action}"}`;
    const compacted = Array.from({ length: 8 }, (_, i) => entry(i, i === 0 ? 1 : i * 100)).join("\n");
    await fs.writeFile("/out/_spark_metadata/7.compact", `v1\n${compacted}\n`);
    await fs.writeFile(
      "/out/_spark_metadata/8",
      `v1\n${entry(8, 800)}\n${entry(0, 100, 1, 100, "delete")}\n`,
    );
    await fs.writeFile("/out/_spark_metadata/9", `v1\n${entry(9, 900, 3, 200)}\n`);
    const files = runSync(committedSinkFiles("/out"), fs.sync!);
    // Spark 2's compactLogs applies the delete: /a/b/0 is gone.
    expect(files?.map((f) => [f.path, f.size, f.blockReplication])).toEqual([
      ...[1, 2, 3, 4, 5, 6, 7, 8].map((i) => [`/a/b/${i}`, i * 100, 1]),
      ["/a/b/9", 900, 3],
    ]);
    const log = new FileStreamSinkLog(fs, "/out", options({ compactInterval: 10 }));
    expect(await log.compactInterval()).toBe(8);
    expect((await log.allFiles()).map((f) => f.path)).toEqual(files?.map((f) => f.path));
  });

  it("a reader names a missing batch file rather than skipping it", async () => {
    const { fs, log } = newLog({ deletion: false });
    for (let batchId = 0; batchId <= 4; batchId++) await log.add(batchId, [sinkFile(`/a/b/${batchId}`)]);
    await fs.delete("/out/_spark_metadata/3");
    expect(() => runSync(committedSinkFiles("/out"), fs.sync!)).toThrow(
      /_spark_metadata\/3.*batch 3 is missing/,
    );
  });
});

describe("FileStreamSourceLog (Spark's FileStreamSourceSuite)", () => {
  const entries = (batchId: number, count: number): FileEntry[] =>
    Array.from({ length: count }, (_, i) => ({
      path: `/path_${batchId}_${i + 1}`,
      timestamp: 10000 * batchId + count,
      batchId,
    }));

  it("restore from file stream source log: allFiles through the compaction, get(N) only batch N's files", async () => {
    const fs = new MemoryFileSystem();
    const log = new FileStreamSourceLog(
      fs,
      "/ckpt/sources/0",
      options({ compactInterval: 5, cleanupDelayMs: 0 }),
    );
    for (let batchId = 0; batchId <= 6; batchId++) await log.add(batchId, entries(batchId, 100));
    const all = Array.from({ length: 7 }, (_, b) => entries(b, 100)).flat();
    const reopened = new FileStreamSourceLog(
      fs,
      "/ckpt/sources/0",
      options({ compactInterval: 5, cleanupDelayMs: 0 }),
    );
    expect(await reopened.allFiles()).toEqual(all);
    expect(await reopened.getLatestBatchId()).toBe(6);
    for (let batchId = 0; batchId <= 6; batchId++)
      expect(await reopened.get(batchId)).toEqual(entries(batchId, 100));
    // The batch files before the compaction are gone (minBatchesToRetain 1, no delay here).
    expect(await names(fs, "/ckpt/sources/0")).toEqual(new Set(["4.compact", "5", "6"]));
  });

  it("keeps the compact interval the log was written with when the setting changes", async () => {
    const fs = new MemoryFileSystem();
    const first = new FileStreamSourceLog(fs, "/s", options({ compactInterval: 2, deletion: false }));
    for (let batchId = 0; batchId <= 2; batchId++) await first.add(batchId, entries(batchId, 1));
    // 1.compact was written with an interval of 2; a restart asking for 5 keeps 2 (the first divisor of 2).
    const second = new FileStreamSourceLog(fs, "/s", options({ compactInterval: 5, deletion: false }));
    expect(await second.compactInterval()).toBe(2);
    for (let batchId = 3; batchId <= 4; batchId++) await second.add(batchId, entries(batchId, 1));
    expect(await names(fs, "/s")).toEqual(new Set(["0", "1.compact", "2", "3.compact", "4"]));
    expect((await second.allFiles()).map((e) => e.batchId)).toEqual([0, 1, 2, 3, 4]);
  });

  it("FileStreamSourceLog - read Spark 2.1.0 log format", async () => {
    const fs = new MemoryFileSystem();
    await fs.writeFile(
      "/s/2.compact",
      'v1\n{"path":"/a/b/0","timestamp":1480730949000,"batchId":0}\n{"path":"/a/b/1","timestamp":1480730950000,"batchId":1}\n{"path":"/a/b/2","timestamp":1480730950000,"batchId":2}\n',
    );
    await fs.writeFile("/s/3", 'v1\n{"path":"/a/b/3","timestamp":1480730950000,"batchId":3}\n');
    await fs.writeFile("/s/4", 'v1\n{"path":"/a/b/4","timestamp":1480730951000,"batchId":4}\n');
    const log = new FileStreamSourceLog(fs, "/s", options({ compactInterval: 10 }));
    expect(await log.allFiles()).toEqual([
      { path: "/a/b/0", timestamp: 1480730949000, batchId: 0 },
      { path: "/a/b/1", timestamp: 1480730950000, batchId: 1 },
      { path: "/a/b/2", timestamp: 1480730950000, batchId: 2 },
      { path: "/a/b/3", timestamp: 1480730950000, batchId: 3 },
      { path: "/a/b/4", timestamp: 1480730951000, batchId: 4 },
    ]);
    expect(await log.get(1)).toEqual([{ path: "/a/b/1", timestamp: 1480730950000, batchId: 1 }]);
  });

  it("refuses a compact interval that is not positive, as Spark's conf check does", () => {
    const key = "spark.sql.streaming.fileSource.log.compactInterval";
    expect(() => new RuntimeConfig({ [key]: "0" })).toThrow(IllegalArgumentException);
    expect(() => new RuntimeConfig().set(key, "0")).toThrow(
      `'0' in ${key} is invalid. The compaction interval should be greater than 0.`,
    );
    expect(compactibleLogOptions(new RuntimeConfig(), "fileSink")).toEqual({
      compactInterval: 10,
      deletion: true,
      cleanupDelayMs: 600_000,
      minBatchesToRetain: 100,
    });
  });
});

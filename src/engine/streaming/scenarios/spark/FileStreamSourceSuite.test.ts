/**
 * Cases of Spark's FileStreamSourceSuite (sql/core/src/test/scala/org/apache/spark/sql/streaming), each named as
 * there, with Spark's inputs and expected answers.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { compactibleLogOptions } from "../../../checkpoint/CompactibleFileStreamLog";
import { FileStreamSinkLog } from "../../../checkpoint/FileStreamSinkLog";
import type { FileSystem } from "../../../io/FileSystem";
import { SeenFilesMap } from "../../../sources/FileStreamSource";
import { SourceFileArchiver } from "../../../sources/FileStreamSourceCleaner";
import { MemoryStream } from "../../../sources/MemoryStream";
import { col } from "../../../sql/api/functions";
import { StringType, StructField, StructType } from "../../../sql/types";
import { writeFileAt } from "../../../testing/files";
import { newTestSession, type TestSession } from "../../../testing/fixtures";
import {
  AddTextFileData,
  AdvanceManualClock,
  AssertOnQuery,
  CheckAnswer,
  CheckLastBatch,
  ExpectFailure,
  StartStream,
  StopStream,
  testStream,
} from "../../../testing/testStream";
import { ManualClock } from "../../runtime/ManualClock";

/** Names in `dir` (none where it does not exist). */
async function namesIn(fs: FileSystem, dir: string): Promise<string[]> {
  return (await fs.stat(dir)) ? (await fs.list(dir)).map((f) => f.name) : [];
}

/** Spark's assertFileIsRemoved / assertFileIsNotRemoved: whether a file named `prefix`... is in `dir`. */
async function hasFile(fs: FileSystem, dir: string, prefix: string): Promise<boolean> {
  return (await namesIn(fs, dir)).some((n) => n.startsWith(prefix));
}

describe("FileStreamSourceSuite", () => {
  const src = "/streaming.src";
  let t: TestSession;
  beforeEach(async () => {
    t = await newTestSession();
    await t.spark.fs.mkdirs(src); // Spark's Utils.createTempDir
  });
  afterEach(() => t.cleanup());

  it("read from text files", async () => {
    const filtered = t.spark.readStream.format("text").load(src).filter(col("value").contains("keep"));
    await testStream(
      t,
      filtered,
      "append",
      AddTextFileData("drop1\nkeep2\nkeep3", src),
      CheckAnswer(["keep2"], ["keep3"]),
      StopStream,
      AddTextFileData("drop4\nkeep5\nkeep6", src),
      StartStream(),
      CheckAnswer(["keep2"], ["keep3"], ["keep5"], ["keep6"]),
      AddTextFileData("drop7\nkeep8\nkeep9", src),
      CheckAnswer(["keep2"], ["keep3"], ["keep5"], ["keep6"], ["keep8"], ["keep9"]),
    );
  });

  it("read from json files", async () => {
    const filtered = t.spark.readStream
      .format("json")
      .schema("value STRING")
      .load(src)
      .filter(col("value").contains("keep"));
    await testStream(
      t,
      filtered,
      "append",
      AddTextFileData("{'value': 'drop1'}\n{'value': 'keep2'}\n{'value': 'keep3'}", src),
      CheckAnswer(["keep2"], ["keep3"]),
      StopStream,
      AddTextFileData("{'value': 'drop4'}\n{'value': 'keep5'}\n{'value': 'keep6'}", src),
      StartStream(),
      CheckAnswer(["keep2"], ["keep3"], ["keep5"], ["keep6"]),
      AddTextFileData("{'value': 'drop7'}\n{'value': 'keep8'}\n{'value': 'keep9'}", src),
      CheckAnswer(["keep2"], ["keep3"], ["keep5"], ["keep6"], ["keep8"], ["keep9"]),
    );
  });

  it("read from json files with inferring schema", async () => {
    t.spark.conf.set("spark.sql.streaming.schemaInference", "true");
    await t.spark.fs.writeFile(`${src}/existing`, "{'c': 'drop1'}\n{'c': 'keep2'}\n{'c': 'keep3'}");
    const fileStream = t.spark.readStream.format("json").load(src);
    await fileStream.resolve();
    expect(fileStream.schema.equals(new StructType([new StructField("c", StringType)]))).toBe(true);
    const filtered = fileStream.filter(col("c").contains("keep"));
    await testStream(
      t,
      filtered,
      "append",
      AddTextFileData("{'c': 'drop4'}\n{'c': 'keep5'}\n{'c': 'keep6'}", src),
      CheckAnswer(["keep2"], ["keep3"], ["keep5"], ["keep6"]),
    );
  });

  it("reading from json files inside partitioned directory", async () => {
    t.spark.conf.set("spark.sql.streaming.schemaInference", "true");
    const dir = `${src}/type=X`;
    await t.spark.fs.writeFile(`${dir}/existing`, "{'c': 'drop1'}\n{'c': 'keep2'}\n{'c': 'keep3'}");
    const fileStream = t.spark.readStream.format("json").load(dir);
    await fileStream.resolve();
    await testStream(
      t,
      fileStream.filter(col("c").contains("keep")),
      "append",
      AddTextFileData("{'c': 'drop4'}\n{'c': 'keep5'}\n{'c': 'keep6'}", dir),
      CheckAnswer(["keep2"], ["keep3"], ["keep5"], ["keep6"]),
    );
  });

  it("reading from json files with changing schema", async () => {
    t.spark.conf.set("spark.sql.streaming.schemaInference", "true");
    await t.spark.fs.writeFile(`${src}/existing`, "{'k': 'value0'}");
    const fileStream = t.spark.readStream.format("json").load(src);
    await fileStream.resolve();
    expect(fileStream.schema.equals(new StructType([new StructField("k", StringType)]))).toBe(true);
    // Data with another schema, added after the DataFrame is made: the inferred schema stays.
    await t.spark.fs.writeFile(`${src}/existing2`, "{'k': 'value1', 'v': 'new'}");
    await testStream(
      t,
      fileStream,
      "append",
      AddTextFileData("{'k': 'value2'}", src),
      CheckAnswer(["value0"], ["value1"], ["value2"]),
      AddTextFileData("{'k': 'value3', 'v': 'new'}", src),
      CheckAnswer(["value0"], ["value1"], ["value2"], ["value3"]),
      AddTextFileData("{'v': 'value4'}", src),
      CheckAnswer(["value0"], ["value1"], ["value2"], ["value3"], [null]),
    );
  });

  it("read new files in nested directories with globbing", async () => {
    const fileStream = t.spark.readStream.format("text").load(`${src}/*/*`);
    const subDir = `${src}/subdir`;
    const subSubDir = `${subDir}/subsubdir`;
    const subSubSubDir = `${subSubDir}/subsubsubdir`;
    await testStream(
      t,
      fileStream.filter(col("value").contains("keep")),
      "append",
      AddTextFileData("drop1\nkeep2", subDir),
      CheckAnswer(["keep2"]),
      AddTextFileData("keep3", subDir),
      CheckAnswer(["keep2"], ["keep3"]),
      AddTextFileData("keep4", subSubDir),
      CheckAnswer(["keep2"], ["keep3"], ["keep4"]),
      AddTextFileData("keep5", subSubDir),
      CheckAnswer(["keep2"], ["keep3"], ["keep4"], ["keep5"]),
      // src/*/* matches neither files in src itself nor files three levels down.
      AddTextFileData("keep6", src),
      AddTextFileData("keep7", subSubSubDir),
      AddTextFileData("keep8", subDir),
      CheckAnswer(["keep2"], ["keep3"], ["keep4"], ["keep5"], ["keep8"]),
    );
  });

  it("read new files in partitioned table with globbing, should not read partition data", async () => {
    const fileStream = t.spark.readStream
      .format("json")
      .schema("value STRING, partition STRING")
      .load(`${src}/*/*`);
    const foo = `${src}/partition=foo`;
    const bar = `${src}/partition=bar`;
    await testStream(
      t,
      fileStream.filter(col("value").contains("keep")),
      "append",
      AddTextFileData("{'value': 'drop1'}\n{'value': 'keep2'}", foo),
      CheckAnswer(["keep2", null]),
      AddTextFileData("{'value': 'keep3'}", foo),
      CheckAnswer(["keep2", null], ["keep3", null]),
      AddTextFileData("{'value': 'keep4'}", bar),
      CheckAnswer(["keep2", null], ["keep3", null], ["keep4", null]),
      AddTextFileData("{'value': 'keep5'}", bar),
      CheckAnswer(["keep2", null], ["keep3", null], ["keep4", null], ["keep5", null]),
    );
  });

  it("read new files in partitioned table without globbing, should read partition data", async () => {
    const fileStream = t.spark.readStream.format("json").schema("value STRING, partition STRING").load(src);
    const foo = `${src}/partition=foo`;
    const bar = `${src}/partition=bar`;
    await testStream(
      t,
      fileStream.filter(col("value").contains("keep")),
      "append",
      AddTextFileData("{'value': 'drop1'}\n{'value': 'keep2'}", foo),
      CheckAnswer(["keep2", "foo"]),
      AddTextFileData("{'value': 'keep3'}", foo),
      CheckAnswer(["keep2", "foo"], ["keep3", "foo"]),
      AddTextFileData("{'value': 'keep4'}", bar),
      CheckAnswer(["keep2", "foo"], ["keep3", "foo"], ["keep4", "bar"]),
      AddTextFileData("{'value': 'keep5'}", bar),
      CheckAnswer(["keep2", "foo"], ["keep3", "foo"], ["keep4", "bar"], ["keep5", "bar"]),
    );
  });

  it("read data from outputs of another streaming query", async () => {
    t.spark.conf.set("spark.sql.streaming.fileSink.log.compactInterval", "3");
    const outputDir = "/output";
    await t.spark.fs.mkdirs(outputDir); // Spark's withTempDirs
    const q1Source = new MemoryStream(t.spark, "value STRING");
    const q1 = await q1Source
      .toDF()
      .writeStream.option("checkpointLocation", "/checkpoint")
      .format("text")
      .start(outputDir);
    const q2 = t.spark.readStream.format("text").load(outputDir).filter(col("value").contains("keep"));
    const q1AddData = (...data: string[]) =>
      AssertOnQuery(async () => {
        q1Source.addData(data.map((d) => [d]));
        await q1.processAllAvailable();
      });
    const q2ProcessAllAvailable = AssertOnQuery((q) => q.processAllAvailable());
    await testStream(
      t,
      q2,
      "append",
      q1AddData("drop1", "keep2"),
      q2ProcessAllAvailable,
      CheckAnswer(["keep2"]),
      // A file the sink never logged is not read, whatever it holds.
      AssertOnQuery(() => t.spark.fs.writeFile(`${outputDir}/should_not_keep.txt`, "should_not_keep!!!")),
      q1AddData("keep3"),
      q2ProcessAllAvailable,
      CheckAnswer(["keep2"], ["keep3"]),
      // With a compact interval of 3, batch 2 of the sink log is compacted.
      q1AddData("keep4"),
      AssertOnQuery(
        async () => (await t.spark.fs.stat(`${outputDir}/_spark_metadata/2.compact`)) !== undefined,
      ),
      q2ProcessAllAvailable,
      CheckAnswer(["keep2"], ["keep3"], ["keep4"]),
      AssertOnQuery(() => q1.stop()),
    );
  });

  it("SPARK-35565: read data from outputs of another streaming query but ignore its metadata", async () => {
    t.spark.conf.set("spark.sql.streaming.fileSink.log.compactInterval", "3");
    t.spark.conf.set("spark.sql.streaming.fileStreamSink.ignoreMetadata", "true");
    const outputDir = "/output";
    await t.spark.fs.mkdirs(outputDir); // Spark's withTempDirs
    // q0 writes text files, then its metadata log is deleted.
    const q0Source = new MemoryStream(t.spark, "value STRING");
    const q0 = await q0Source
      .toDF()
      .writeStream.option("checkpointLocation", "/checkpoint1")
      .format("text")
      .start(outputDir);
    q0Source.addData([["keep0"]]);
    await q0.processAllAvailable();
    await q0.stop();
    await t.spark.fs.delete(`${outputDir}/_spark_metadata`);
    // q1 writes text files into the same directory; q2 reads both queries' output.
    const q1Source = new MemoryStream(t.spark, "value STRING");
    const q1 = await q1Source
      .toDF()
      .writeStream.option("checkpointLocation", "/checkpoint2")
      .format("text")
      .start(outputDir);
    const q2 = t.spark.readStream.format("text").load(outputDir).filter(col("value").contains("keep"));
    const q1AddData = (...data: string[]) =>
      AssertOnQuery(async () => {
        q1Source.addData(data.map((d) => [d]));
        await q1.processAllAvailable();
      });
    const q2ProcessAllAvailable = AssertOnQuery((q) => q.processAllAvailable());
    await testStream(
      t,
      q2,
      "append",
      q1AddData("drop1", "keep2"),
      q2ProcessAllAvailable,
      CheckAnswer(["keep0"], ["keep2"]),
      q1AddData("keep3"),
      q2ProcessAllAvailable,
      CheckAnswer(["keep0"], ["keep2"], ["keep3"]),
      q1AddData("keep4"),
      AssertOnQuery(
        async () => (await t.spark.fs.stat(`${outputDir}/_spark_metadata/2.compact`)) !== undefined,
      ),
      q2ProcessAllAvailable,
      CheckAnswer(["keep0"], ["keep2"], ["keep3"], ["keep4"]),
      AssertOnQuery(() => q1.stop()),
    );
  });

  it("when schema inference is turned on, should read partition data", async () => {
    t.spark.conf.set("spark.sql.streaming.schemaInference", "true");
    const foo = `${src}/partition=foo`;
    const bar = `${src}/partition=bar`;
    await t.spark.fs.writeFile(`${foo}/existing`, "{'value': 'drop0'}");
    const fileStream = t.spark.readStream.format("json").load(src);
    await fileStream.resolve();
    await testStream(
      t,
      fileStream.filter(col("value").contains("keep")),
      "append",
      AddTextFileData("{'value': 'drop1'}\n{'value': 'keep2'}", foo),
      CheckAnswer(["keep2", "foo"]),
      AddTextFileData("{'value': 'keep3'}", foo),
      CheckAnswer(["keep2", "foo"], ["keep3", "foo"]),
      AddTextFileData("{'value': 'keep4'}", bar),
      CheckAnswer(["keep2", "foo"], ["keep3", "foo"], ["keep4", "bar"]),
      AddTextFileData("{'value': 'keep5'}", bar),
      CheckAnswer(["keep2", "foo"], ["keep3", "foo"], ["keep4", "bar"], ["keep5", "bar"]),
      AddTextFileData("{'value': 'keep6'}", bar),
      CheckAnswer(["keep2", "foo"], ["keep3", "foo"], ["keep4", "bar"], ["keep5", "bar"], ["keep6", "bar"]),
    );
  });

  it("max files per trigger - incorrect values", async () => {
    for (const value of ["not-a-integer", "-1", "0", "10.1"]) {
      const df = t.spark.readStream.option("maxFilesPerTrigger", value).text(src);
      const q = await df.writeStream.format("memory").queryName("maxFilesPerTrigger_test").start();
      const error = await q.processAllAvailable().then(
        () => undefined,
        (e: Error & { cause?: Error }) => e,
      );
      await q.stop();
      expect(error?.name).toBe("StreamingQueryException");
      expect(error?.cause?.name).toBe("IllegalArgumentException");
      for (const part of ["maxFilesPerTrigger", value, "positive integer"])
        expect(error?.message).toContain(part);
    }
  });

  it("FileStreamSource - latestFirst", async () => {
    const clocked = await newTestSession(new ManualClock(0));
    try {
      await clocked.spark.fs.mkdirs(src);
      // Two files, 2.txt a second newer than 1.txt.
      const now = Date.now();
      await writeFileAt(clocked, `${src}/1.txt`, "1", now);
      await writeFileAt(clocked, `${src}/2.txt`, "2", now + 1000);
      // Oldest first: "1", then "2"; latest first: "2", then "1".
      await runTwoBatchesAndVerifyResults(clocked, { latestFirst: false, firstBatch: "1", secondBatch: "2" });
      await runTwoBatchesAndVerifyResults(clocked, { latestFirst: true, firstBatch: "2", secondBatch: "1" });
    } finally {
      await clocked.cleanup();
    }
  });

  it("SPARK-19813: Ignore maxFileAge when maxFilesPerTrigger and latestFirst is used", async () => {
    const clocked = await newTestSession(new ManualClock(0));
    try {
      await clocked.spark.fs.mkdirs(src);
      const now = Date.now();
      await writeFileAt(clocked, `${src}/1.txt`, "1", now);
      await writeFileAt(clocked, `${src}/2.txt`, "2", now + 3600 * 1000); // 1 hour later
      await runTwoBatchesAndVerifyResults(clocked, {
        latestFirst: true,
        firstBatch: "2",
        secondBatch: "1",
        maxFileAge: "1m",
      });
    } finally {
      await clocked.cleanup();
    }
  });

  /** Spark's runTwoBatchesAndVerifyResults: one file per trigger, a trigger each 10 ms of a manual clock. */
  async function runTwoBatchesAndVerifyResults(
    session: TestSession,
    o: { latestFirst: boolean; firstBatch: string; secondBatch: string; maxFileAge?: string },
  ): Promise<void> {
    const options: Record<string, string> = {
      latestFirst: String(o.latestFirst),
      maxFilesPerTrigger: "1",
      cleanSource: "off",
      ...(o.maxFileAge !== undefined && { maxFileAge: o.maxFileAge }),
    };
    const clock = session.spark.clock as ManualClock;
    const start = clock.getTimeMillis();
    await testStream(
      session,
      session.spark.readStream.format("text").options(options).load(src),
      "append",
      StartStream({ processingTime: 10 }),
      AssertOnQuery(() => clock.waitingAt(start)), // the first batch has run
      CheckLastBatch([o.firstBatch]),
      AdvanceManualClock(10),
      AssertOnQuery(() => clock.waitingAt(start + 10)), // the second batch has run
      CheckLastBatch([o.secondBatch]),
    );
  }

  it("SeenFilesMap", () => {
    const map = new SeenFilesMap(10, false);
    map.add("a", 5);
    expect(map.size).toBe(1);
    map.purge();
    expect(map.size).toBe(1);
    // A new entry; purging does nothing, the gap being exactly 10 ms.
    map.add("b", 15);
    expect(map.size).toBe(2);
    map.purge();
    expect(map.size).toBe(2);
    // An entry more than 10 ms after the first: the first is purged.
    map.add("c", 16);
    expect(map.size).toBe(3);
    map.purge();
    expect(map.size).toBe(2);
    // Overriding an entry keeps the size.
    map.add("c", 25);
    expect(map.size).toBe(2);
    expect(map.isNewFile("c", 20)).toBe(false); // seen before
    expect(map.isNewFile("d", 5)).toBe(false); // too old
    expect(map.isNewFile("e", 20)).toBe(true);
  });

  it("SeenFilesMap with fileNameOnly = true", () => {
    const map = new SeenFilesMap(10, true);
    map.add("file:///a/b/c/d", 5);
    map.add("file:///a/b/c/e", 5);
    expect(map.size).toBe(2);
    for (const path of ["d", "file:///d", "file:///x/d", "file:///x/y/d"])
      expect(map.isNewFile(path, 5)).toBe(false);
    map.add("s3:///bucket/d", 5);
    map.add("s3n:///bucket/d", 5);
    map.add("s3a:///bucket/d", 5);
    expect(map.size).toBe(2);
  });

  it("SeenFilesMap should only consider a file old if it is earlier than last purge time", () => {
    const map = new SeenFilesMap(10, false);
    map.add("a", 20);
    expect(map.size).toBe(1);
    // The purge time is still 0: both are new.
    expect(map.isNewFile("b", 9)).toBe(true);
    expect(map.isNewFile("b", 10)).toBe(true);
    // Purged at 10: b is old below 10.
    map.purge();
    expect(map.isNewFile("b", 9)).toBe(false);
    expect(map.isNewFile("b", 10)).toBe(true);
  });

  it("remove completed files when remove option is enabled", async () => {
    t.spark.conf.set("spark.sql.streaming.fileSource.log.compactInterval", "2");
    t.spark.conf.set("spark.sql.streaming.fileSource.log.cleanupDelay", "1"); // force deleting the old logs
    const fileStream = t.spark.readStream
      .format("text")
      .options({ latestFirst: "false", maxFilesPerTrigger: "1", cleanSource: "delete" })
      .load(src);
    const fs = t.spark.fs;
    await testStream(
      t,
      fileStream.filter(col("value").contains("keep")),
      "append",
      AddTextFileData("keep1", src, "keep1"),
      CheckAnswer(["keep1"]),
      // Nothing removed yet.
      AssertOnQuery(async () => expect(await hasFile(fs, src, "keep1")).toBe(true)),
      AddTextFileData("keep2", src, "ke ep2 %"),
      CheckAnswer(["keep1"], ["keep2"]),
      // The first batch's file is removed, not the second's yet.
      AssertOnQuery(async () => {
        expect(await hasFile(fs, src, "keep1")).toBe(false);
        expect(await hasFile(fs, src, "ke ep2 %")).toBe(true);
      }),
      AddTextFileData("keep3", src, "keep3"),
      CheckAnswer(["keep1"], ["keep2"], ["keep3"]),
      AssertOnQuery(async () => {
        expect(await hasFile(fs, src, "ke ep2 %")).toBe(false);
        expect(await hasFile(fs, src, "keep3")).toBe(true);
      }),
    );
  });

  it("move completed files to archive directory when archive option is enabled", async () => {
    t.spark.conf.set("spark.sql.streaming.fileSource.log.compactInterval", "2");
    t.spark.conf.set("spark.sql.streaming.fileSource.log.cleanupDelay", "1");
    const archiveDir = "/streaming.archive";
    await t.spark.fs.mkdirs(archiveDir);
    const fileStream = t.spark.readStream
      .format("text")
      .options({
        latestFirst: "false",
        maxFilesPerTrigger: "1",
        cleanSource: "archive",
        sourceArchiveDir: archiveDir,
      })
      .load(`${src}/*/*`);
    const dirForKeep1 = `${src}/k %1`;
    const dirForKeep2 = `${dirForKeep1}/k 2`;
    const dirForKeep3 = `${src}/k3`;
    const moved = (dir: string) => `${archiveDir}${dir}`;
    const fs = t.spark.fs;
    const assertFileIsMoved = async (dir: string, prefix: string) => {
      expect(await hasFile(fs, dir, prefix)).toBe(false);
      expect(await hasFile(fs, moved(dir), prefix)).toBe(true);
    };
    const assertFileIsNotMoved = async (dir: string, prefix: string) => {
      expect(await hasFile(fs, dir, prefix)).toBe(true);
      expect(await hasFile(fs, moved(dir), prefix)).toBe(false);
    };
    await testStream(
      t,
      fileStream.filter(col("value").contains("keep")),
      "append",
      AddTextFileData("keep1", dirForKeep1, "keep1"),
      CheckAnswer(["keep1"]),
      AssertOnQuery(() => assertFileIsNotMoved(dirForKeep1, "keep1")),
      AddTextFileData("keep2", dirForKeep2, "keep2 %"),
      CheckAnswer(["keep1"], ["keep2"]),
      AssertOnQuery(async () => {
        await assertFileIsMoved(dirForKeep1, "keep1");
        await assertFileIsNotMoved(dirForKeep2, "keep2 %");
      }),
      AddTextFileData("keep3", dirForKeep3, "keep3"),
      CheckAnswer(["keep1"], ["keep2"], ["keep3"]),
      AssertOnQuery(async () => {
        await assertFileIsMoved(dirForKeep2, "keep2 %");
        await assertFileIsNotMoved(dirForKeep3, "keep3");
      }),
      AddTextFileData("keep4", dirForKeep3, "keep4"),
      CheckAnswer(["keep1"], ["keep2"], ["keep3"], ["keep4"]),
      AssertOnQuery(async () => {
        await assertFileIsMoved(dirForKeep3, "keep3");
        await assertFileIsNotMoved(dirForKeep3, "keep4");
      }),
    );
  });

  for (const cleanOption of ["delete", "archive"]) {
    it(`Throw UnsupportedOperationException on configuring ${cleanOption} when source path refers the output dir of FileStreamSink`, async () => {
      t.spark.conf.set("spark.sql.streaming.fileSource.log.compactInterval", "2");
      t.spark.conf.set("spark.sql.streaming.fileSource.log.cleanupDelay", "1");
      const archiveDir = "/streaming.archive";
      await t.spark.fs.mkdirs(archiveDir);
      const fileStream = t.spark.readStream
        .format("text")
        .options({
          latestFirst: "false",
          maxFilesPerTrigger: "1",
          cleanSource: cleanOption,
          sourceArchiveDir: archiveDir,
        })
        .load(src);
      // A file, and a file sink's log under the source directory that lists it. Both are in place before the
      // query first lists the directory (Spark adds them in two steps, the query most likely idle between).
      await t.spark.fs.writeFile(`${src}/keep100001`, "keep1");
      const status = (await t.spark.fs.stat(`${src}/keep100001`))!;
      const sinkLog = new FileStreamSinkLog(t.spark.fs, src, compactibleLogOptions(t.spark.conf, "fileSink"));
      await sinkLog.add(0, [
        {
          path: `file://${status.path}`,
          size: status.size,
          isDir: false,
          modificationTime: status.modificationTime,
          blockReplication: 1,
          blockSize: 33554432,
          action: "add",
        },
      ]);
      await testStream(
        t,
        fileStream.filter(col("value").contains("keep")),
        "append",
        ExpectFailure((e) => {
          const cause = (e as Error & { cause?: Error }).cause;
          expect(cause?.name).toBe("UnsupportedOperationException");
          expect(cause?.message.startsWith("Clean up source files is not supported")).toBe(true);
        }),
      );
    });
  }

  it("SourceFileArchiver - fail when base archive path matches source pattern", () => {
    const fs = t.spark.fs;
    const assertThrowIllegalArgumentException = (sourcePattern: string, baseArchivePath: string) =>
      expect(() => new SourceFileArchiver(fs, sourcePattern, baseArchivePath)).toThrow(
        expect.objectContaining({ name: "IllegalArgumentException" }),
      );
    // 1) a prefix of the base archive path matches the source pattern (the archive path is deeper)
    assertThrowIllegalArgumentException("/hello*/spar?", "/hello/spark/structured/streaming");
    // 2) a prefix of the source pattern matches the base archive path (the source pattern is deeper)
    assertThrowIllegalArgumentException("/hello*/spar?/structured/streaming", "/hello/spark/structured");
    // 3) the source pattern matches the base archive path (both the same depth)
    assertThrowIllegalArgumentException("/hello*/spar?/structured/*", "/hello/spark/structured/streaming");
  });

  it("cleanSource and sourceArchiveDir: bad values fail the query with Spark's IllegalArgumentException", async () => {
    // Spark's FileStreamOptions / SourceFileArchiver checks, made when the query creates its source.
    const cases: [Record<string, string>, string][] = [
      [
        { cleanSource: "rename" },
        "Invalid mode for clean source option Some(rename). Must be one of ARCHIVE,DELETE,OFF",
      ],
      [{ cleanSource: "archive" }, "Archive mode must be used with 'sourceArchiveDir' option."],
      [
        { cleanSource: "ARCHIVE", sourceArchiveDir: `${src}/archived` },
        "requirement failed: Base archive path cannot be set to the path where archived path can possibly match with source pattern.",
      ],
      [{ fileNameOnly: "yes" }, "Invalid value 'yes' for option 'fileNameOnly', must be 'true' or 'false'"],
    ];
    for (const [options, message] of cases) {
      const q = await t.spark.readStream.options(options).text(src).writeStream.format("noop").start();
      const error = await q.processAllAvailable().then(
        () => undefined,
        (e: Error & { cause?: Error }) => e,
      );
      await q.stop();
      expect(error?.name).toBe("StreamingQueryException");
      expect(error?.cause?.name).toBe("IllegalArgumentException");
      expect(error?.cause?.message).toContain(message);
    }
  });

  it("fileNameOnly: a file whose name was seen in another directory is not read again", async () => {
    // FileStreamOptions' fileNameOnly: files are the same file where their names are.
    const fileStream = t.spark.readStream.option("fileNameOnly", "true").format("text").load(`${src}/*`);
    await testStream(
      t,
      fileStream,
      "append",
      AssertOnQuery(() => t.spark.fs.writeFile(`${src}/a/dataset.txt`, "first")),
      AssertOnQuery((q) => q.processAllAvailable()),
      CheckAnswer(["first"]),
      AssertOnQuery(() => t.spark.fs.writeFile(`${src}/b/dataset.txt`, "again")),
      AssertOnQuery(() => t.spark.fs.writeFile(`${src}/b/other.txt`, "other")),
      AssertOnQuery((q) => q.processAllAvailable()),
      CheckAnswer(["first"], ["other"]),
    );
  });
});

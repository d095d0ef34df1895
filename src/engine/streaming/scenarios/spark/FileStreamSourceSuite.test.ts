/**
 * Cases of Spark's FileStreamSourceSuite (sql/core/src/test/scala/org/apache/spark/sql/streaming), each named as
 * there, with Spark's inputs and expected answers.
 *
 * Not ported, as they need a JVM, Hadoop or what Sluice does not have:
 * - the ORC cases ("FileStreamSource schema: orc, ...", "read from orc files", "read from orc files with changing
 *   schema"): Sluice reads no ORC;
 * - "SPARK-31935: Hadoop file system config should be effective in data source options": Hadoop's fs.defaultFS;
 * - "read from textfile": Scala's typed `readStream.textFile` (a Dataset[String]), in neither Sluice's API nor
 *   PySpark's;
 * - "SPARK-17372 - write file names to WAL as Array[String]": the JVM's serialization of the log; its query
 *   relies on Spark's constant folding to skip scanning 10,000 files, where Sluice loads each file it logged;
 * - "SourceFileArchiver - different filesystems between source and archive": Sluice has one file system;
 * - FileStreamSourceStressTestSuite's "file source stress test": a random stress run of the JVM engine;
 * - FileStreamStressSuite's "fault tolerance stress test - unpartitioned output" / "- partitioned output": a
 *   writer thread sleeping random times between files while a typed mapPartitions fails at random; restarts
 *   under failures are covered by Sluice's crash scenarios and `npm run test:soak`.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { compactibleLogOptions } from "../../../checkpoint/CompactibleFileStreamLog";
import { FileStreamSinkLog } from "../../../checkpoint/FileStreamSinkLog";
import { FileStreamSourceLog } from "../../../checkpoint/FileStreamSourceLog";
import { IllegalArgumentException } from "../../../errors/exceptions";
import { type FileSystem, joinPath } from "../../../io/FileSystem";
import { parseFileStreamOptions } from "../../../sources/FileStreamOptions";
import { FileStreamSource, logOffsetOf, SeenFilesMap } from "../../../sources/FileStreamSource";
import { SourceFileArchiver } from "../../../sources/FileStreamSourceCleaner";
import { MemoryStream } from "../../../sources/MemoryStream";
import type { SourceBatch } from "../../../sources/Source";
import { col, concat, lit } from "../../../sql/api/functions";
import { toRows } from "../../../sql/api/rows";
import {
  ArrayType,
  IntegerType,
  LongType,
  MapType,
  StringType,
  StructField,
  StructType,
} from "../../../sql/types";
import { writeFileAt } from "../../../testing/files";
import { newTestSession, type TestSession } from "../../../testing/fixtures";
import {
  AddTextFileData,
  AdvanceManualClock,
  AssertOnQuery,
  CheckAnswer,
  CheckLastBatch,
  CheckNewAnswer,
  ExpectFailure,
  StartStream,
  StopStream,
  testStream,
} from "../../../testing/testStream";
import { ManualClock } from "../../runtime/ManualClock";
import type { StreamingQuery } from "../../runtime/StreamingQuery";

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

  it("maxCachedFiles and discardCachedInputRatio - incorrect values fail the query", async () => {
    const cases: [string, string, string][] = [
      ["maxCachedFiles", "-1", "must be an integer greater than or equal to 0"],
      ["maxCachedFiles", "not-a-integer", "must be an integer greater than or equal to 0"],
      ["discardCachedInputRatio", "1.5", "must be a positive float between 0 and 1"],
      ["discardCachedInputRatio", "-0.5", "must be a positive float between 0 and 1"],
    ];
    for (const [option, value, rule] of cases) {
      const df = t.spark.readStream.option("maxFilesPerTrigger", 1).option(option, value).text(src);
      const q = await df.writeStream.format("memory").queryName("cache_options_test").start();
      const error = await q.processAllAvailable().then(
        () => undefined,
        (e: Error & { cause?: Error }) => e,
      );
      await q.stop();
      expect(error?.name).toBe("StreamingQueryException");
      expect(error?.cause?.name).toBe("IllegalArgumentException");
      expect(error?.cause?.message).toBe(`Invalid value '${value}' for option '${option}', ${rule}`);
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

  it("SPARK-46641: Ignore maxFileAge when maxBytesPerTrigger and latestFirst is used", async () => {
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
        thresholdOption: "maxBytesPerTrigger",
      });
    } finally {
      await clocked.cleanup();
    }
  });

  /** Spark's runTwoBatchesAndVerifyResults: one file (or byte) per trigger, a trigger each 10 ms of a manual clock. */
  async function runTwoBatchesAndVerifyResults(
    session: TestSession,
    o: {
      latestFirst: boolean;
      firstBatch: string;
      secondBatch: string;
      maxFileAge?: string;
      thresholdOption?: "maxFilesPerTrigger" | "maxBytesPerTrigger";
    },
  ): Promise<void> {
    const options: Record<string, string> = {
      latestFirst: String(o.latestFirst),
      [o.thresholdOption ?? "maxFilesPerTrigger"]: "1",
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

  // ============= Basic parameter exists tests ================

  /** Spark's createFileStreamSourceAndGetSchema: the source's schema, as the DataFrame resolves it. */
  async function sourceSchema(format?: string, path?: string, schema?: StructType): Promise<StructType> {
    let reader = t.spark.readStream;
    if (format !== undefined) reader = reader.format(format);
    if (schema !== undefined) reader = reader.schema(schema);
    const df = path === undefined ? reader.load() : reader.load(path);
    await df.resolve();
    return df.schema;
  }

  /** The error `run` fails with. */
  async function failure(run: () => Promise<unknown>): Promise<Error & Record<string, unknown>> {
    const error = await run().then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error, "should have failed").toBeInstanceOf(Error);
    return error as Error & Record<string, unknown>;
  }

  const valueSchema = new StructType([new StructField("value", StringType)]);
  const userSchema = new StructType([new StructField("userColumn", StringType)]);

  it("FileStreamSource schema: no path", async () => {
    for (const inference of ["false", "true"]) {
      t.spark.conf.set("spark.sql.streaming.schemaInference", inference);
      const e = await failure(() => sourceSchema());
      expect(e.name).toBe("IllegalArgumentException");
      expect(e.message).toContain("path"); // the reason is the path, not the schema
    }
  });

  it("FileStreamSource schema: path doesn't exist (without schema) should throw exception", async () => {
    expect((await failure(() => sourceSchema(undefined, "/nowhere/1"))).name).toBe("AnalysisException");
  });

  it("FileStreamSource schema: path doesn't exist (with schema) should throw exception", async () => {
    const intSchema = new StructType([new StructField("value", IntegerType)]);
    expect((await failure(() => sourceSchema(undefined, "/nowhere/1", intSchema))).name).toBe(
      "AnalysisException",
    );
  });

  it("FileStreamSource schema: text, no existing files, no schema", async () => {
    expect((await sourceSchema("text", src)).equals(valueSchema)).toBe(true);
  });

  it("FileStreamSource schema: text, existing files, no schema", async () => {
    await t.spark.fs.writeFile(`${src}/1`, "a\nb\nc");
    expect((await sourceSchema("text", src)).equals(valueSchema)).toBe(true);
  });

  it("FileStreamSource schema: text, existing files, schema", async () => {
    await t.spark.fs.writeFile(`${src}/1`, "a\nb\nc");
    expect((await sourceSchema("text", src, userSchema)).equals(userSchema)).toBe(true);
  });

  it("FileStreamSource schema: parquet, existing files, no schema", async () => {
    await t.spark
      .createDataFrame([["a"], ["b"], ["c"]], "value STRING")
      .write.mode("overwrite")
      .parquet(src);
    t.spark.conf.set("spark.sql.streaming.schemaInference", "false");
    expect((await failure(() => sourceSchema("parquet", src))).name).toBe("IllegalArgumentException");
    t.spark.conf.set("spark.sql.streaming.schemaInference", "true");
    expect((await sourceSchema("parquet", src)).equals(valueSchema)).toBe(true);
  });

  it("FileStreamSource schema: parquet, existing files, schema", async () => {
    const path = "/streaming.path";
    await t.spark.createDataFrame([["a"], ["b"], ["c"]], "oldUserColumn STRING").write.parquet(`${path}/1`);
    expect((await sourceSchema("parquet", path, userSchema)).equals(userSchema)).toBe(true);
  });

  it("FileStreamSource schema: json, no existing files, no schema", async () => {
    t.spark.conf.set("spark.sql.streaming.schemaInference", "true");
    const e = await failure(() => sourceSchema("json", src));
    expect(e.name).toBe("AnalysisException");
    expect(e.errorClass).toBe("UNABLE_TO_INFER_SCHEMA");
    expect(e.messageParameters).toEqual({ format: "JSON" });
  });

  it("FileStreamSource schema: json, existing files, no schema", async () => {
    t.spark.conf.set("spark.sql.streaming.schemaInference", "false");
    expect((await failure(() => sourceSchema("json", src))).name).toBe("IllegalArgumentException");
    t.spark.conf.set("spark.sql.streaming.schemaInference", "true");
    await t.spark.fs.writeFile(`${src}/1`, "{'c': '1'}\n{'c': '2'}\n{'c': '3'}");
    expect((await sourceSchema("json", src)).equals(new StructType([new StructField("c", StringType)]))).toBe(
      true,
    );
  });

  it("FileStreamSource schema: json, existing files, schema", async () => {
    await t.spark.fs.writeFile(`${src}/1`, "{'c': '1'}\n{'c': '2'}\n{'c', '3'}");
    expect((await sourceSchema("json", src, userSchema)).equals(userSchema)).toBe(true);
  });

  // =============== Text file stream tests ================

  it("SPARK-21996/SPARK-43343 read from text files -- file name has special chars", async () => {
    for (const [i, special] of [" ", "[", "[123]"].entries()) {
      const dir = `${src}/${i}`;
      await t.spark.fs.mkdirs(dir);
      await testStream(
        t,
        t.spark.readStream.format("text").load(dir).filter(col("value").contains("keep")),
        "append",
        AddTextFileData("drop1\nkeep2\nkeep3", dir, `text${special}text`),
        CheckAnswer(["keep2"], ["keep3"]),
      );
    }
  });

  it("SPARK-21996/SPARK-43343 read from text files generated by file sink --file name has special chars", async () => {
    for (const [i, special] of [" ", "[", "[123]"].entries()) {
      const output = `${src}/text${special}text`;
      const inputData = new MemoryStream(t.spark, "value STRING");
      const query = await inputData
        .toDF()
        .writeStream.option("checkpointLocation", `/checkpoint${i}`)
        .format("text")
        .start(output);
      try {
        inputData.addData([["foo"]]);
        await query.processAllAvailable();
      } finally {
        await query.stop();
      }
      // '[' and ']' are escaped; else the path is a glob that does not match the directory.
      const inputPath = output.replace(/\[/g, "\\[").replace(/]/g, "\\]");
      const query2 = await t.spark.readStream
        .format("text")
        .load(inputPath)
        .writeStream.format("memory")
        .queryName(`FileStreamSourceTest${i}`)
        .start();
      try {
        await query2.processAllAvailable();
        const rows = await t.spark.table(`FileStreamSourceTest${i}`).collect();
        expect(rows.map((r) => r.value)).toEqual(["foo"]);
      } finally {
        await query2.stop();
      }
    }
  });

  it("Option pathGlobFilter", async () => {
    const output = "/streaming.path";
    await t.spark.createDataFrame([["foo"]], "value STRING").write.text(output);
    // Spark appends an ORC file, which Sluice does not write; a Parquet file is as much not a ".txt".
    await t.spark
      .createDataFrame([["bar"]], "value STRING")
      .write.mode("append")
      .parquet(output);
    const query = await t.spark.readStream
      .option("pathGlobFilter", "*.txt")
      .format("text")
      .load(output)
      .writeStream.format("memory")
      .queryName("FileStreamSourceTest")
      .start();
    try {
      await query.processAllAvailable();
      const rows = await t.spark.table("FileStreamSourceTest").collect();
      expect(rows.map((r) => r.value)).toEqual(["foo"]);
    } finally {
      await query.stop();
    }
  });

  // =============== Parquet file stream tests ================

  /** Spark's AddParquetFileData: `rows` written as Parquet in a temporary directory, its files moved into `dir`. */
  const AddParquetFileData = (rows: unknown[][], schema: string, dir: string) =>
    AssertOnQuery(async () => {
      const tmp = `/streaming.tmp/parquet-${Math.random().toString(36).slice(2)}`;
      await t.spark.createDataFrame(rows, schema).write.parquet(tmp);
      await t.spark.fs.mkdirs(dir);
      for (const f of await t.spark.fs.list(tmp)) await t.spark.fs.rename(f.path, joinPath(dir, f.name));
    });

  it("read from parquet files", async () => {
    const fileStream = t.spark.readStream.format("parquet").schema(valueSchema).load(src);
    const strings = (...values: string[]) => values.map((v) => [v]);
    await testStream(
      t,
      fileStream.filter(col("value").contains("keep")),
      "append",
      AddParquetFileData(strings("drop1", "keep2", "keep3"), "value STRING", src),
      CheckAnswer(["keep2"], ["keep3"]),
      StopStream,
      AddParquetFileData(strings("drop4", "keep5", "keep6"), "value STRING", src),
      StartStream(),
      CheckAnswer(["keep2"], ["keep3"], ["keep5"], ["keep6"]),
      AddParquetFileData(strings("drop7", "keep8", "keep9"), "value STRING", src),
      CheckAnswer(["keep2"], ["keep3"], ["keep5"], ["keep6"], ["keep8"], ["keep9"]),
    );
  });

  it("read from parquet files with changing schema", async () => {
    t.spark.conf.set("spark.sql.streaming.schemaInference", "true");
    const write = async (rows: unknown[][], schema: string) => {
      const tmp = `/streaming.tmp/parquet-${Math.random().toString(36).slice(2)}`;
      await t.spark.createDataFrame(rows, schema).write.parquet(tmp);
      for (const f of await t.spark.fs.list(tmp)) await t.spark.fs.rename(f.path, joinPath(src, f.name));
    };
    // A file to infer the schema from.
    await write([["value0"]], "k STRING");
    const fileStream = t.spark.readStream.format("parquet").load(src);
    await fileStream.resolve();
    expect(fileStream.schema.equals(new StructType([new StructField("k", StringType)]))).toBe(true);
    // Data of another schema, added after the DataFrame is made: the inferred schema stays.
    await write([["value1", 0]], "k STRING, v INT");
    await testStream(
      t,
      fileStream,
      "append",
      AddParquetFileData([["value2"]], "k STRING", src),
      CheckAnswer(["value0"], ["value1"], ["value2"]),
      AddParquetFileData([["value3", 1]], "k STRING, v INT", src),
      CheckAnswer(["value0"], ["value1"], ["value2"], ["value3"]),
      AddParquetFileData([["value5"]], "v STRING", src),
      CheckAnswer(["value0"], ["value1"], ["value2"], ["value3"], [null]),
    );
  });

  // =============== other tests ================

  it("start before another streaming query, and read its output", async () => {
    const outputDir = "/output";
    await t.spark.fs.mkdirs(outputDir); // Spark's withTempDirs
    const q1Source = new MemoryStream(t.spark, "value STRING");
    // q1 is defined, not started yet.
    const q1Write = q1Source.toDF().writeStream.option("checkpointLocation", "/checkpoint").format("text");
    let q1: StreamingQuery | undefined;
    const q2 = t.spark.readStream.format("text").load(outputDir).filter(col("value").contains("keep"));
    await testStream(
      t,
      q2,
      "append",
      AssertOnQuery(async () => {
        q1 = await q1Write.start(outputDir);
        q1Source.addData([["drop1"], ["keep2"]]);
        await q1.processAllAvailable();
      }),
      AssertOnQuery((q) => q.processAllAvailable()),
      CheckAnswer(["keep2"]),
      AssertOnQuery(() => q1?.stop()),
    );
  });

  it("fault tolerance", async () => {
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

  /** Spark's createFile of the rate-limit cases: `<data>.txt` holding `data`, each a second newer than the last. */
  function fileCreator(session: TestSession) {
    let lastFileModTime: number | undefined;
    return async (data: number | string) => {
      const mtime =
        lastFileModTime === undefined ? Math.floor(Date.now() / 1000) * 1000 : lastFileModTime + 1000;
      await writeFileAt(session, `${src}/${data}.txt`, String(data), mtime);
      lastFileModTime = mtime;
    };
  }

  /** Spark's testThresholdLogic: one-byte files "a".."l" read two at a time (two files, or two bytes). */
  async function testThresholdLogic(option: "maxFilesPerTrigger" | "maxBytesPerTrigger") {
    const createFile = fileCreator(t);
    for (const c of ["a", "b", "c"]) await createFile(c);
    const df = t.spark.readStream.option(option, 2).text(src);
    const batches = new Map<number, string[]>();
    const start = () =>
      df.writeStream
        .option("checkpointLocation", "/checkpoint")
        .foreachBatch(async (batch, id) => {
          batches.set(
            id,
            (await batch.collect()).map((r) => r.value as string),
          );
        })
        .start();
    const lastBatchId = () => Math.max(...batches.keys());
    const checkLastBatchData = (...data: string[]) =>
      expect([...batches.get(lastBatchId())!].sort()).toEqual(data.sort());
    const checkAllData = (to: string) =>
      expect([...batches.values()].flat().sort()).toEqual(
        Array.from({ length: to.charCodeAt(0) - 96 }, (_, i) => String.fromCharCode(97 + i)),
      );
    let q = await start();
    await q.processAllAvailable();
    checkLastBatchData("c"); // a and b in the first batch, c in the last
    checkAllData("c");
    let last = lastBatchId();
    // Spark adds the files with batching locked: here, while the query is stopped (a restart on the same
    // checkpoint plans the same batches).
    const addLocked = async (...data: string[]) => {
      await q.stop();
      for (const c of data) await createFile(c);
      q = await start();
      await q.processAllAvailable();
    };
    await addLocked("d", "e", "f", "g"); // d and e in a batch, f and g in the last
    expect(lastBatchId()).toBe(last + 2);
    last = lastBatchId();
    checkLastBatchData("f", "g");
    checkAllData("g");
    await addLocked("h", "i", "j", "k", "l"); // h and i, j and k, then l
    expect(lastBatchId()).toBe(last + 3);
    checkLastBatchData("l");
    checkAllData("l");
    await q.stop();
  }

  it("max files per trigger", () => testThresholdLogic("maxFilesPerTrigger"));

  it("SPARK-46641: max bytes per trigger", () => testThresholdLogic("maxBytesPerTrigger"));

  /** Spark's testIncorrectThresholdValues: the query fails in its stream thread, as Spark's source is created there. */
  async function testIncorrectThresholdValues(option: "maxFilesPerTrigger" | "maxBytesPerTrigger") {
    for (const value of ["not-a-integer", "-1", "0", "10.1"]) {
      const df = t.spark.readStream.option(option, value).text(src);
      const q = await df.writeStream.format("memory").queryName(`${option}_test`).start();
      const error = await q.processAllAvailable().then(
        () => undefined,
        (e: Error & { cause?: Error }) => e,
      );
      await q.stop();
      expect(error?.name).toBe("StreamingQueryException");
      expect(error?.cause?.name).toBe("IllegalArgumentException");
      for (const part of [option, value, "positive integer"]) expect(error?.message).toContain(part);
    }
  }

  it("max files per trigger - incorrect values", () => testIncorrectThresholdValues("maxFilesPerTrigger"));

  it("SPARK-46641: max files per trigger - incorrect values", () =>
    testIncorrectThresholdValues("maxBytesPerTrigger"));

  it("SPARK-46641: max bytes per trigger & max files per trigger - both set", async () => {
    const df = t.spark.readStream
      .option("maxBytesPerTrigger", "1")
      .option("maxFilesPerTrigger", "1")
      .text(src);
    const q = await df.writeStream
      .format("memory")
      .queryName("maxBytesPerTrigger_maxFilesPerTrigger_test")
      .start();
    const error = await q.processAllAvailable().then(
      () => undefined,
      (e: Error & { cause?: Error }) => e,
    );
    await q.stop();
    expect(error?.name).toBe("StreamingQueryException");
    expect(error?.cause?.name).toBe("IllegalArgumentException");
    for (const part of ["maxBytesPerTrigger", "maxFilesPerTrigger", "can't be both set"])
      expect(error?.message).toContain(part);
  });

  /** Spark's testIgnoreThresholdWithTriggerOnce: Trigger.Once reads every new file in one batch. */
  async function testIgnoreThresholdWithTriggerOnce(optionName: "maxFilesPerTrigger" | "maxBytesPerTrigger") {
    const createFile = fileCreator(t);
    for (const i of [1, 2, 3]) await createFile(i);
    const targetDir = "/target/data";
    const df = t.spark.readStream.option(optionName, 1).text(src);
    const startQuery = () =>
      df.writeStream
        .format("parquet")
        .trigger({ once: true })
        .option("checkpointLocation", "/target/chk")
        .start(targetDir);
    // Spark reads the output with SQL on files (parquet.`dir`); the same files read with read.parquet.
    const values = async () => (await t.spark.read.parquet(targetDir).collect()).map((r) => r.value).sort();
    const q = await startQuery();
    await q.awaitTermination();
    expect(q.recentProgress.filter((p) => p.numInputRows !== 0).length).toBe(1); // one trigger ran
    expect(await values()).toEqual(["1", "2", "3"]);
    await createFile(4);
    await createFile(5);
    // A second batch.
    const q2 = await startQuery();
    await q2.awaitTermination();
    expect(q2.recentProgress.filter((p) => p.numInputRows !== 0).length).toBe(1);
    expect(await values()).toEqual(["1", "2", "3", "4", "5"]);
  }

  it("SPARK-30669: maxFilesPerTrigger - ignored when using Trigger.Once", () =>
    testIgnoreThresholdWithTriggerOnce("maxFilesPerTrigger"));

  it("SPARK-46641: maxBytesPerTrigger - ignored when using Trigger.Once", () =>
    testIgnoreThresholdWithTriggerOnce("maxBytesPerTrigger"));

  it("SPARK-36533: Trigger.AvailableNow - multiple queries with checkpoint", async () => {
    const createFile = fileCreator(t);
    for (const i of [1, 2, 3]) await createFile(i);
    const df = t.spark.readStream.option("maxFilesPerTrigger", 1).text(src);
    const checkpoint = "/target/chk";
    // Trigger.Once first.
    const q = await df.writeStream
      .foreachBatch(() => {})
      .trigger({ once: true })
      .option("checkpointLocation", checkpoint)
      .start();
    await q.awaitTermination();
    // Trigger.AvailableNow honours maxFilesPerTrigger: one row, one file, per micro-batch; 3 rows read so far.
    let index = 3;
    const startTriggerAvailableNowQuery = () =>
      df.writeStream
        .foreachBatch(async (batch) => {
          index += 1;
          expect((await batch.collect()).map((r) => r.value)).toEqual([String(index)]);
        })
        .trigger({ availableNow: true })
        .option("checkpointLocation", checkpoint)
        .start();
    await createFile(4);
    await createFile(5);
    await (await startTriggerAvailableNowQuery()).awaitTermination();
    expect(index).toBe(5);
    await createFile(6);
    await createFile(7);
    await (await startTriggerAvailableNowQuery()).awaitTermination();
    expect(index).toBe(7);
  });

  it("explain", async () => {
    const df = t.spark.readStream
      .format("text")
      .load(src)
      .select(concat(col("value"), lit("-x")));
    const q = await df.writeStream.queryName("file_explain").format("memory").start();
    try {
      expect(q.explainInternal(false)).toBe("No physical plan. Waiting for data.");
      expect(q.explainInternal(true)).toBe("No physical plan. Waiting for data.");
      await t.spark.fs.writeFile(`${src}/text00001`, "foo");
      await q.processAllAvailable();
      // Without `extended` only the physical plan: its scan, no relation.
      const count = (re: RegExp, text: string) => [...text.matchAll(re)].length;
      const withoutExtended = q.explainInternal(false);
      expect(count(/Relation.*text/g, withoutExtended)).toBe(0);
      expect(count(/: Text/g, withoutExtended)).toBe(1);
      // With `extended`: three logical plans (parsed, analyzed, optimized) and the physical one.
      const withExtended = q.explainInternal(true);
      expect(count(/Relation.*text/g, withExtended)).toBe(3);
      expect(count(/: Text/g, withExtended)).toBe(1);
    } finally {
      await q.stop();
    }
  });

  it("compact interval metadata log", async () => {
    t.spark.conf.set("spark.sql.streaming.fileSource.log.compactInterval", "2");
    const filtered = t.spark.readStream.format("text").load(src).filter(col("value").contains("keep"));
    /** Spark's verify: a compaction batch's `.compact` file holds every entry up to it. */
    const verify = (batchId: number, expectedEntries: number, compactInterval: number) =>
      AssertOnQuery(async (q) => {
        const log = joinPath(q.checkpointLocation, "sources", "0");
        const compaction = (batchId + 1) % compactInterval === 0;
        const file = joinPath(log, compaction ? `${batchId}.compact` : String(batchId));
        expect(await t.spark.fs.stat(file), file).toBeDefined();
        if (compaction) {
          const text = new TextDecoder().decode(await t.spark.fs.readFile(file));
          expect(text.split("\n").filter((l) => l.startsWith("{")).length).toBe(expectedEntries);
        }
      });
    await testStream(
      t,
      filtered,
      "append",
      AddTextFileData("drop1\nkeep2\nkeep3", src),
      CheckAnswer(["keep2"], ["keep3"]),
      verify(0, 1, 2),
      AddTextFileData("drop4\nkeep5\nkeep6", src),
      CheckAnswer(["keep2"], ["keep3"], ["keep5"], ["keep6"]),
      verify(1, 2, 2),
      AddTextFileData("drop7\nkeep8\nkeep9", src),
      CheckAnswer(["keep2"], ["keep3"], ["keep5"], ["keep6"], ["keep8"], ["keep9"]),
      verify(2, 3, 2),
      StopStream,
      // A new compact interval after a restart: the log keeps the one it was written with.
      AssertOnQuery(() => t.spark.conf.set("spark.sql.streaming.fileSource.log.compactInterval", "5")),
      StartStream(),
      verify(2, 3, 2),
      AddTextFileData("drop10\nkeep11", src),
      CheckAnswer(["keep2"], ["keep3"], ["keep5"], ["keep6"], ["keep8"], ["keep9"], ["keep11"]),
      verify(3, 4, 2),
      AddTextFileData("drop12\nkeep13", src),
      CheckAnswer(["keep2"], ["keep3"], ["keep5"], ["keep6"], ["keep8"], ["keep9"], ["keep11"], ["keep13"]),
      verify(4, 5, 2),
    );
  });

  it("restore from file stream source log", async () => {
    t.spark.conf.set("spark.sql.streaming.fileSource.log.compactInterval", "5");
    const options = compactibleLogOptions(t.spark.conf, "fileSource");
    const createEntries = (batchId: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({
        path: `path_${batchId}_${i + 1}`,
        timestamp: 10000 * batchId + count,
        batchId,
      }));
    const chk = "/chk";
    const metadata = new FileStreamSourceLog(t.spark.fs, chk, options);
    for (let batchId = 0; batchId <= 4; batchId++)
      expect(await metadata.add(batchId, createEntries(batchId, 100))).toBe(true);
    const allFiles = await metadata.allFiles();
    expect(allFiles).toHaveLength(500);
    // Batch 4 is a compaction: it holds every entry, and a log opened anew reads them all through it.
    expect(await t.spark.fs.stat(`${chk}/4.compact`)).toBeDefined();
    const metadata2 = new FileStreamSourceLog(t.spark.fs, chk, options);
    expect(await metadata2.allFiles()).toEqual(allFiles);
    // Batches past the compaction: a log opened anew reads the compaction and each batch after it.
    for (let batchId = 5; batchId <= 7; batchId++)
      expect(await metadata2.add(batchId, createEntries(batchId, 100))).toBe(true);
    const metadata3 = new FileStreamSourceLog(t.spark.fs, chk, options);
    expect(await metadata3.allFiles()).toEqual(await metadata2.allFiles());
    expect(await metadata3.allFiles()).toHaveLength(800);
  });

  /** A file source as the query creates it, over `path`, logging under `metadataDir`. */
  const newFileSource = (
    path: string,
    options: Record<string, string>,
    metadataDir: string,
    format = "text",
  ) =>
    new FileStreamSource(
      t.spark.fs,
      t.spark.files,
      path,
      format as "text",
      new StructType([new StructField("value", StringType)]),
      options,
      metadataDir,
      compactibleLogOptions(t.spark.conf, "fileSource"),
      false,
    );
  /** The values of a batch a source returned, sorted. */
  const valuesOf = (batch: SourceBatch): string[] => {
    const values = batch.sql === "" ? [] : toRows(t.spark.db.query(batch.sql)).map((r) => r.value as string);
    t.spark.files.dropTables(batch.tables);
    return values.sort();
  };
  const offset = (logOffset: number) => JSON.stringify({ logOffset });

  it("get arbitrary batch from FileStreamSource", async () => {
    t.spark.conf.set("spark.sql.streaming.fileSource.log.compactInterval", "2");
    // Force deleting the old logs.
    t.spark.conf.set("spark.sql.streaming.fileSource.log.cleanupDelay", "1");
    const filtered = t.spark.readStream.format("text").load(src).filter(col("value").contains("keep"));
    await testStream(
      t,
      filtered,
      "append",
      AddTextFileData("keep1", src),
      CheckAnswer(["keep1"]),
      AddTextFileData("keep2", src),
      CheckAnswer(["keep1"], ["keep2"]),
      AddTextFileData("keep3", src),
      CheckAnswer(["keep1"], ["keep2"], ["keep3"]),
      AssertOnQuery(async (q) => {
        // Spark calls the running query's source; here a source over the same source log.
        const fileSource = newFileSource(src, {}, joinPath(q.checkpointLocation, "sources", "0"));
        await fileSource.setUp();
        const verify = async (startId: number | undefined, endId: number, ...expected: string[]) =>
          expect(
            valuesOf(
              await fileSource.getBatch(startId === undefined ? undefined : offset(startId), offset(endId)),
            ),
          ).toEqual(expected);
        await verify(undefined, 2, "keep1", "keep2", "keep3");
        await verify(0, 1, "keep2");
        await verify(0, 2, "keep2", "keep3");
        await verify(1, 2, "keep3");
      }),
    );
  });

  it("SPARK-17165 should not track the list of seen files indefinitely", async () => {
    // Spark reads through a query and sleeps a second (longer than maxFileAge) between the files; here the
    // second file is a second newer, and the source is driven as the query drives it.
    const source = newFileSource(src, { maxFileAge: "5ms" }, "/streaming.tmp/sources/0");
    await source.validate();
    await source.setUp();
    const now = Date.now();
    await writeFileAt(t, `${src}/text1`, "a\nb", now);
    const first = await source.latestOffset(undefined, "default");
    expect(valuesOf(await source.getBatch(undefined, first!))).toEqual(["a", "b"]);
    await writeFileAt(t, `${src}/text2`, "c\nd", now + 1000);
    const second = await source.latestOffset(first, "default");
    expect(valuesOf(await source.getBatch(first, second!))).toEqual(["c", "d"]);
    // Seen files contain only one entry: the first file was forgotten.
    expect(source.seen.size).toBe(1);
  });

  it("do not recheck that files exist during getBatch", async () => {
    // The log's entries as a pre-req, in a directory that does not exist yet (the log makes it).
    const dir = "/temp/dir";
    const metadataLog = new FileStreamSourceLog(
      t.spark.fs,
      dir,
      compactibleLogOptions(t.spark.conf, "fileSource"),
    );
    expect(await metadataLog.add(0, [{ path: "/file1", timestamp: 100, batchId: 0 }])).toBe(true);
    expect(await metadataLog.add(1, [{ path: "/file2", timestamp: 200, batchId: 0 }])).toBe(true);
    const newSource = newFileSource("/", {}, dir, "parquet");
    const stat = vi.spyOn(t.spark.fs, "stat");
    await newSource.getBatch(undefined, offset(1));
    // Spark's file system throws where `exists` is called: no file of the log is looked up before it is read.
    expect(stat.mock.calls.filter(([path]) => path === "/file1" || path === "/file2")).toEqual([]);
  });

  it("input row metrics", async () => {
    await testStream(
      t,
      t.spark.readStream.format("text").load(src),
      "append",
      AddTextFileData("100", src),
      CheckAnswer(["100"]),
      AssertOnQuery((q) => {
        const progress = q.recentProgress.find((p) => p.numInputRows > 0);
        expect(progress, "records with data").toBeDefined();
        expect(progress!.numInputRows).toBe(1);
        expect(progress!.sources[0].processedRowsPerSecond).toBeGreaterThan(0);
      }),
    );
  });

  it("SPARK-18433: Improve DataSource option keys to be more case-insensitive", () => {
    expect(parseFileStreamOptions({ maxfilespertrigger: "1" }).maxFilesPerTrigger).toBe(1);
  });

  it("FileStreamSource offset - read Spark 2.1.0 offset json format", () => {
    // structured-streaming/file-source-offset-version-2.1.0-json.txt
    expect(logOffsetOf('{"logOffset":345}')).toBe(345);
  });

  it("FileStreamSource offset - read Spark 2.1.0 offset long format", () => {
    // structured-streaming/file-source-offset-version-2.1.0-long.txt
    expect(logOffsetOf("345")).toBe(345);
  });

  it("FileStreamSourceLog - read Spark 2.1.0 log format", async () => {
    // Spark's structured-streaming/file-source-log-version-2.1.0 directory, file by file.
    const dir = "/structured-streaming/file-source-log-version-2.1.0";
    await t.spark.fs.writeFile(
      `${dir}/2.compact`,
      'v1\n{"path":"/a/b/0","timestamp":1480730949000,"batchId":0}\n{"path":"/a/b/1","timestamp":1480730950000,"batchId":1}\n{"path":"/a/b/2","timestamp":1480730950000,"batchId":2}\n',
    );
    await t.spark.fs.writeFile(`${dir}/3`, 'v1\n{"path":"/a/b/3","timestamp":1480730950000,"batchId":3}\n');
    await t.spark.fs.writeFile(`${dir}/4`, 'v1\n{"path":"/a/b/4","timestamp":1480730951000,"batchId":4}\n');
    const log = new FileStreamSourceLog(t.spark.fs, dir, compactibleLogOptions(t.spark.conf, "fileSource"));
    expect(await log.allFiles()).toEqual([
      { path: "/a/b/0", timestamp: 1480730949000, batchId: 0 },
      { path: "/a/b/1", timestamp: 1480730950000, batchId: 1 },
      { path: "/a/b/2", timestamp: 1480730950000, batchId: 2 },
      { path: "/a/b/3", timestamp: 1480730950000, batchId: 3 },
      { path: "/a/b/4", timestamp: 1480730951000, batchId: 4 },
    ]);
  });

  it("SPARK-26629: multiple file sources work with restarts when a source does not have data", async () => {
    const sourceDir1 = `${src}/source1`;
    const sourceDir2 = `${src}/source2`;
    await t.spark.fs.mkdirs(sourceDir1);
    await t.spark.fs.mkdirs(sourceDir2);
    const source1 = t.spark.readStream.format("text").load(sourceDir1);
    const source2 = t.spark.readStream.format("text").load(sourceDir2);
    const addMultiTextFileData = (source1Content: string | null, source2Content: string | null) =>
      AssertOnQuery(async () => {
        // Spark adds both with the query's progress locked: the query is between triggers while they land.
        if (source1Content !== null)
          await t.spark.fs.writeFile(`${sourceDir1}/${source1Content}`, source1Content);
        if (source2Content !== null)
          await t.spark.fs.writeFile(`${sourceDir2}/${source2Content}`, source2Content);
      });
    await testStream(
      t,
      source1.union(source2),
      "append",
      StartStream(),
      addMultiTextFileData("source1_0", "source2_0"),
      CheckNewAnswer(["source1_0"], ["source2_0"]),
      StopStream,
      StartStream(),
      addMultiTextFileData("source1_1", null),
      CheckNewAnswer(["source1_1"]),
      StopStream,
      // A restart after a batch in which one file source had no new data (SPARK-26629).
      StartStream(),
      addMultiTextFileData(null, "source2_2"),
      CheckNewAnswer(["source2_2"]),
      StopStream,
      StartStream(),
      addMultiTextFileData("source1_3", "source2_3"),
      CheckNewAnswer(["source1_3"], ["source2_3"]),
      StopStream,
    );
  });

  it("SPARK-28651: force streaming file source to be nullable", async () => {
    const schema = new StructType([new StructField("foo", LongType, false)]);
    const nullableSchema = new StructType([new StructField("foo", LongType, true)]);
    const streaming = t.spark.readStream.schema(schema).json(src);
    await streaming.resolve();
    expect(streaming.schema.equals(nullableSchema)).toBe(true);
    // As a batch DataFrame.
    const batch = t.spark.read.schema(schema).json(src);
    await batch.resolve();
    expect(batch.schema.equals(streaming.schema)).toBe(true);
    // The flag works.
    t.spark.conf.set("spark.sql.streaming.fileSource.schema.forceNullable", "false");
    const notForced = t.spark.readStream.schema(schema).json(src);
    await notForced.resolve();
    expect(notForced.schema.equals(schema)).toBe(true);
  });

  it("SPARK-31962: file stream source shouldn't allow modifiedBefore/modifiedAfter", async () => {
    const formatTime = (ms: number) => new Date(ms).toISOString().slice(0, 19);
    const year = 365 * 24 * 3600 * 1000;
    const futureTime = formatTime(Date.now() + year);
    const prevTime = formatTime(Date.now() - year);
    const assertOptionIsNotSupported = async (options: Record<string, string>) => {
      const df = t.spark.readStream
        .format("csv")
        .option("timeZone", "UTC")
        .schema(new StructType([new StructField("a", StringType)]))
        .options(options)
        .load(src);
      await testStream(
        t,
        df,
        "append",
        ExpectFailure((e) => {
          const cause = (e as Error & { cause?: Error }).cause;
          expect(cause?.name).toBe("IllegalArgumentException");
          expect(cause?.message).toContain("is not allowed in file stream source");
        }),
      );
    };
    await assertOptionIsNotSupported({ modifiedBefore: futureTime });
    await assertOptionIsNotSupported({ modifiedAfter: prevTime });
    await assertOptionIsNotSupported({ modifiedBefore: futureTime, modifiedAfter: prevTime });
  });

  it("SPARK-35320: Reading JSON with key type different to String in a map should fail", async () => {
    const schemas = [
      new MapType(IntegerType, StringType),
      new StructType([new StructField("test", new MapType(IntegerType, StringType))]),
      new ArrayType(new MapType(IntegerType, StringType)),
      new MapType(StringType, new MapType(IntegerType, StringType)),
    ];
    for (const schema of schemas) {
      const e = await failure(async () => {
        const df = t.spark.readStream.schema(new StructType([new StructField("col", schema)])).json(src);
        await df.resolve();
        return df.schema;
      });
      expect(e.name).toBe("AnalysisException");
      expect(e.message).toContain("can only contain STRING as a key type for a MAP");
    }
  });

  /**
   * Spark's cases of the listing cache count Hadoop's listStatus calls on the source directory through a
   * CountListingLocalFileSystem; here the session file system's `list` calls on it are counted. The source is
   * driven as Spark's cases drive it, through latestOffset, and each batch's files are read from its log.
   */
  async function cachingSource(options: Record<string, string>, count = 41) {
    // Each file in its own directory, read through the glob `src/*/*`; modification times 10 s apart.
    const inputFiles: string[] = [];
    for (let i = 0; i < count; i++) {
      const path = `${src}/${i}/${i}.txt`;
      await writeFileAt(t, path, String(i), i * 10_000);
      inputFiles.push(path);
    }
    const metadataDir = "/streaming.tmp/sources/0";
    const source = new FileStreamSource(
      t.spark.fs,
      t.spark.files,
      `${src}/*/*`,
      "text",
      new StructType([new StructField("value", StringType)]),
      options,
      metadataDir,
      compactibleLogOptions(t.spark.conf, "fileSource"),
      false,
    );
    await source.validate();
    await source.setUp();
    const list = vi.spyOn(t.spark.fs, "list");
    const listingCount = () => list.mock.calls.filter(([dir]) => dir === src).length;
    const log = new FileStreamSourceLog(
      t.spark.fs,
      metadataDir,
      compactibleLogOptions(t.spark.conf, "fileSource"),
    );
    let offset: string | undefined;
    /** One trigger: the batch id it planned, its files, and how often the directory has been listed so far. */
    const trigger = async () => {
      offset = await source.latestOffset(offset, "default");
      const batchId = logOffsetOf(offset);
      const entries = (await log.get(batchId)) ?? [];
      expect(entries.every((e) => e.batchId === batchId)).toBe(true);
      return { batchId, files: entries.map((e) => e.path), listings: listingCount() };
    };
    return {
      source,
      inputFiles,
      trigger,
      /** Spark's CountListingLocalFileSystem.resetCount. */
      resetCount: () => list.mockClear(),
      createFile: (path: string, mtime: number) => writeFileAt(t, path, "x", mtime),
    };
  }

  it("Caches and leverages unread files", async () => {
    const { inputFiles, trigger } = await cachingSource({ latestFirst: "false", maxFilesPerTrigger: "10" });
    // 41 files, 10 per batch: one listing serves four batches; the last file (1 left, under 10 * 0.2 = 2) is
    // dropped from the cache, and the fifth batch lists again.
    expect(await trigger()).toEqual({ batchId: 0, files: inputFiles.slice(0, 10), listings: 1 });
    expect(await trigger()).toEqual({ batchId: 1, files: inputFiles.slice(10, 20), listings: 1 });
    expect(await trigger()).toEqual({ batchId: 2, files: inputFiles.slice(20, 30), listings: 1 });
    expect(await trigger()).toEqual({ batchId: 3, files: inputFiles.slice(30, 40), listings: 1 });
    expect(await trigger()).toEqual({ batchId: 4, files: inputFiles.slice(40, 41), listings: 2 });
    // Nothing new: the offset stays at batch 4, and the directory is listed once the cache is exhausted.
    expect(await trigger()).toEqual({ batchId: 4, files: inputFiles.slice(40, 41), listings: 3 });
  });

  it("Don't cache unread files when latestFirst is true", async () => {
    const { inputFiles, trigger } = await cachingSource({ latestFirst: "true", maxFilesPerTrigger: "10" });
    // Newest first, and a listing per batch.
    const newest = [...inputFiles].reverse();
    expect(await trigger()).toEqual({ batchId: 0, files: newest.slice(0, 10), listings: 1 });
    expect(await trigger()).toEqual({ batchId: 1, files: newest.slice(10, 20), listings: 2 });
    expect(await trigger()).toEqual({ batchId: 2, files: newest.slice(20, 30), listings: 3 });
  });

  it("Options for caching unread files", async () => {
    const { inputFiles, trigger } = await cachingSource(
      {
        latestFirst: "false",
        maxFilesPerTrigger: "10",
        maxCachedFiles: "12",
        discardCachedInputRatio: "0.1",
      },
      44,
    );
    // One listing serves three batches: 10 (12 cached), 10 from the cache (2 left, kept as 2 >= 10 * 0.1), 2.
    expect(await trigger()).toEqual({ batchId: 0, files: inputFiles.slice(0, 10), listings: 1 });
    expect(await trigger()).toEqual({ batchId: 1, files: inputFiles.slice(10, 20), listings: 1 });
    expect(await trigger()).toEqual({ batchId: 2, files: inputFiles.slice(20, 22), listings: 1 });
    // The next listing serves the next three the same way.
    expect(await trigger()).toEqual({ batchId: 3, files: inputFiles.slice(22, 32), listings: 2 });
    expect(await trigger()).toEqual({ batchId: 4, files: inputFiles.slice(32, 42), listings: 2 });
    expect(await trigger()).toEqual({ batchId: 5, files: inputFiles.slice(42, 44), listings: 2 });
    // No file left: another listing, and no new batch.
    expect(await trigger()).toEqual({ batchId: 5, files: inputFiles.slice(42, 44), listings: 3 });
  });

  it("SPARK-48802: Ensure maxCachedFiles set to 0 forces each batch to list files", async () => {
    const { inputFiles, trigger } = await cachingSource(
      { latestFirst: "false", maxFilesPerTrigger: "10", maxCachedFiles: "0" },
      20,
    );
    expect(await trigger()).toEqual({ batchId: 0, files: inputFiles.slice(0, 10), listings: 1 });
    expect(await trigger()).toEqual({ batchId: 1, files: inputFiles.slice(10, 20), listings: 2 });
    // No file left: another listing, and no new batch.
    expect(await trigger()).toEqual({ batchId: 1, files: inputFiles.slice(10, 20), listings: 3 });
  });

  it("SPARK-48314: Don't cache unread files when using Trigger.AvailableNow", async () => {
    const { source, trigger, resetCount } = await cachingSource(
      { latestFirst: "false", maxFilesPerTrigger: "5", maxCachedFiles: "2" },
      20,
    );
    await source.prepareForTriggerAvailableNow();
    resetCount();
    // Every file is already known from the listing Trigger.AvailableNow made: 5 files a batch, no listing, and
    // no cache of 2 (maxCachedFiles) cutting the next batch short.
    const first = await trigger();
    expect([first.files.length, first.listings]).toEqual([5, 0]);
    const second = await trigger();
    expect([second.batchId, second.files.length, second.listings]).toEqual([1, 5, 0]);
  });

  it("a file arriving while files wait in the cache is read after them, whatever its time", async () => {
    const { inputFiles, trigger, createFile } = await cachingSource({ maxFilesPerTrigger: "10" }, 20);
    expect(await trigger()).toEqual({ batchId: 0, files: inputFiles.slice(0, 10), listings: 1 });
    // Older than every file waiting: a listing would put it first; the cache reads it after them.
    const late = `${src}/late/late.txt`;
    await createFile(late, 95_000);
    expect(await trigger()).toEqual({ batchId: 1, files: inputFiles.slice(10, 20), listings: 1 });
    expect(await trigger()).toEqual({ batchId: 2, files: [late], listings: 2 });
  });

  it("maxCachedFiles: at most that many files are kept", async () => {
    const kept = await cachingSource({ maxFilesPerTrigger: "10", maxCachedFiles: "15" });
    // 31 left after the first batch; 15 kept: one batch of 10, then 5 (5 >= 2), then a listing.
    expect(await kept.trigger()).toEqual({ batchId: 0, files: kept.inputFiles.slice(0, 10), listings: 1 });
    expect(await kept.trigger()).toEqual({ batchId: 1, files: kept.inputFiles.slice(10, 20), listings: 1 });
    expect(await kept.trigger()).toEqual({ batchId: 2, files: kept.inputFiles.slice(20, 25), listings: 1 });
    expect(await kept.trigger()).toEqual({ batchId: 3, files: kept.inputFiles.slice(25, 35), listings: 2 });
  });

  it("maxCachedFiles 0 disables the cache", async () => {
    const { inputFiles, trigger } = await cachingSource({ maxFilesPerTrigger: "10", maxCachedFiles: "0" });
    expect(await trigger()).toEqual({ batchId: 0, files: inputFiles.slice(0, 10), listings: 1 });
    expect(await trigger()).toEqual({ batchId: 1, files: inputFiles.slice(10, 20), listings: 2 });
    expect(await trigger()).toEqual({ batchId: 2, files: inputFiles.slice(20, 30), listings: 3 });
  });

  it("discardCachedInputRatio: what is left is kept from that share of the limit on", async () => {
    // 41 files, 10 per batch, ratio 0.1: the 1 file left after four batches is kept (1 >= 10 * 0.1).
    const low = await cachingSource({ maxFilesPerTrigger: "10", discardCachedInputRatio: "0.1" });
    for (let batch = 0; batch < 4; batch++)
      expect(await low.trigger()).toEqual({
        batchId: batch,
        files: low.inputFiles.slice(batch * 10, batch * 10 + 10),
        listings: 1,
      });
    expect(await low.trigger()).toEqual({ batchId: 4, files: low.inputFiles.slice(40), listings: 1 });
  });

  it("discardCachedInputRatio 1: fewer files left than the limit are dropped", async () => {
    // 25 files, 10 per batch: 15 left are kept (15 >= 10), then 5 left are dropped (5 < 10).
    const { inputFiles, trigger } = await cachingSource(
      { maxFilesPerTrigger: "10", discardCachedInputRatio: "1" },
      25,
    );
    expect(await trigger()).toEqual({ batchId: 0, files: inputFiles.slice(0, 10), listings: 1 });
    expect(await trigger()).toEqual({ batchId: 1, files: inputFiles.slice(10, 20), listings: 1 });
    expect(await trigger()).toEqual({ batchId: 2, files: inputFiles.slice(20, 25), listings: 2 });
  });

  it("maxBytesPerTrigger keeps what is left by bytes, against the ratio of the byte limit", async () => {
    // 36 files of 1 or 2 bytes ("0".."35"), 20 bytes per batch: the 10 one-byte files and 5 two-byte ones
    // (20 bytes), then two-byte files 10 at a time; the one file left after the third batch (2 bytes, under
    // 20 * 0.2 = 4) is dropped, and the fourth batch lists again.
    const { inputFiles, trigger } = await cachingSource({ maxBytesPerTrigger: "20" }, 36);
    expect(await trigger()).toEqual({ batchId: 0, files: inputFiles.slice(0, 15), listings: 1 });
    expect(await trigger()).toEqual({ batchId: 1, files: inputFiles.slice(15, 25), listings: 1 });
    expect(await trigger()).toEqual({ batchId: 2, files: inputFiles.slice(25, 35), listings: 1 });
    expect(await trigger()).toEqual({ batchId: 3, files: inputFiles.slice(35), listings: 2 });
  });

  it("maxCachedFiles and discardCachedInputRatio are validated as Spark's FileStreamOptions", () => {
    expect(parseFileStreamOptions({}).maxCachedFiles).toBe(10000);
    expect(parseFileStreamOptions({}).discardCachedInputRatio).toBeCloseTo(0.2);
    expect(parseFileStreamOptions({ maxcachedfiles: "0" }).maxCachedFiles).toBe(0);
    expect(parseFileStreamOptions({ discardCachedInputRatio: "0" }).discardCachedInputRatio).toBe(0);
    expect(parseFileStreamOptions({ discardCachedInputRatio: "1" }).discardCachedInputRatio).toBe(1);
    for (const value of ["-1", "1.5", "x", ""]) {
      expect(() => parseFileStreamOptions({ maxCachedFiles: value })).toThrow(
        `Invalid value '${value}' for option 'maxCachedFiles', must be an integer greater than or equal to 0`,
      );
    }
    for (const value of ["-0.1", "1.1", "x", ""]) {
      expect(() => parseFileStreamOptions({ discardCachedInputRatio: value })).toThrow(
        `Invalid value '${value}' for option 'discardCachedInputRatio', must be a positive float between 0 and 1`,
      );
    }
    expect(() => parseFileStreamOptions({ maxCachedFiles: "-1" })).toThrow(IllegalArgumentException);
    expect(() => parseFileStreamOptions({ discardCachedInputRatio: "2" })).toThrow(IllegalArgumentException);
  });

  it("maxFilesPerTrigger and maxBytesPerTrigger are parsed as Spark's FileStreamOptions (toInt, toLong)", () => {
    // Scala's toInt / toLong are Java's parseInt / parseLong: a sign and decimal digits, nothing else.
    expect(parseFileStreamOptions({ maxFilesPerTrigger: "+5" }).maxFilesPerTrigger).toBe(5);
    expect(parseFileStreamOptions({ maxBytesPerTrigger: "3000000000" }).maxBytesPerTrigger).toBe(3000000000);
    for (const value of [" 5", "10.0", "1e3", "0x10", "3000000000", "0", "-1"]) {
      expect(() => parseFileStreamOptions({ maxFilesPerTrigger: value })).toThrow(
        `Invalid value '${value}' for option 'maxFilesPerTrigger', must be a positive integer`,
      );
    }
    for (const value of [" 5", "10.0", "1e3", "9223372036854775808", "0"]) {
      expect(() => parseFileStreamOptions({ maxBytesPerTrigger: value })).toThrow(
        `Invalid value '${value}' for option 'maxBytesPerTrigger', must be a positive integer`,
      );
    }
    // An invalid byte limit is reported as such even where maxFilesPerTrigger is set too.
    expect(() => parseFileStreamOptions({ maxFilesPerTrigger: "1", maxBytesPerTrigger: "x" })).toThrow(
      "Invalid value 'x' for option 'maxBytesPerTrigger', must be a positive integer",
    );
    expect(() => parseFileStreamOptions({ maxFilesPerTrigger: "1", maxBytesPerTrigger: "1" })).toThrow(
      "Options 'maxFilesPerTrigger' and 'maxBytesPerTrigger' can't be both set at the same time",
    );
    expect(() => parseFileStreamOptions({ maxBytesPerTrigger: "0.5" })).toThrow(IllegalArgumentException);
  });
});

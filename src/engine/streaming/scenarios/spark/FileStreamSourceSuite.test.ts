/**
 * Cases of Spark's FileStreamSourceSuite (sql/core/src/test/scala/org/apache/spark/sql/streaming), each named as
 * there, with Spark's inputs and expected answers.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryStream } from "../../../sources/MemoryStream";
import { col } from "../../../sql/api/functions";
import { StringType, StructField, StructType } from "../../../sql/types";
import { newTestSession, type TestSession } from "../../../testing/fixtures";
import {
  AddTextFileData,
  AssertOnQuery,
  CheckAnswer,
  StartStream,
  StopStream,
  testStream,
} from "../../../testing/testStream";

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
});

/**
 * Cases of Spark's FileStreamSinkSuite (sql/core/src/test/scala/org/apache/spark/sql/streaming), each named as
 * there, with Spark's inputs and expected answers.
 *
 * Not ported, as they need a JVM, Hadoop or what Sluice does not have:
 * - "orc": Sluice writes no ORC (the other formats' runs of the per-format cases are ported);
 * - "FileStreamSink.ancestorIsMetadataDirectory()": a helper over Hadoop Paths inside Spark's sink;
 * - "SPARK-23288 writing and checking output metrics": a SparkListener's task output metrics (recordsWritten,
 *   bytesWritten), which Sluice has no tasks to report;
 * - "cleanup complete but invalid output for aborted job": a custom `spark.sql.streaming.commitProtocolClass`
 *   (a JVM class) tracking the files of tasks that committed before another failed;
 * - "SPARK-48991: Move path initialization into try-catch block": FileStreamSink.hasMetadata called on null and
 *   Hadoop paths, checked through a log4j appender;
 * - "SPARK-50854: Make path fully qualified before passing it to FileStreamSink": FileStreamSink's JVM constructor
 *   given a relative path; through `writeStream.start` a relative path is qualified first, as the per-format
 *   cases' relative output paths show.
 * The V1 and V2 variants of the suite (FileStreamSinkV1Suite / V2Suite) differ only in Spark's plan
 * inspection (checkQueryExecution); their answers are the cases below.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { initParquet, readParquetSchema } from "../../../io/parquet";
import { MemoryStream } from "../../../sources/MemoryStream";
import { col, expr, window } from "../../../sql/api/functions";
import type { Row } from "../../../sql/api/rows";
import { newTestSession, type TestSession } from "../../../testing/fixtures";

/** Rows as [values] in their columns' order, sorted: Spark's checkDatasetUnorderly. */
const unordered = (rows: readonly Row[]) =>
  rows.map((r) => Object.values(r).map((v) => (typeof v === "bigint" ? Number(v) : v))).sort();

describe("FileStreamSinkSuite", () => {
  let t: TestSession;
  beforeEach(async () => {
    t = await newTestSession();
  });
  afterEach(() => t.cleanup());
  /** Every .parquet file under `dir`, at any depth. */
  const parquetFilesUnder = async (dir: string): Promise<string[]> => {
    const found: string[] = [];
    for (const entry of await t.spark.fs.list(dir)) {
      if (entry.isDirectory) found.push(...(await parquetFilesUnder(entry.path)));
      else if (entry.name.endsWith(".parquet")) found.push(entry.path);
    }
    return found;
  };
  /** The files a sink's `_spark_metadata` log added, over all its batch files. */
  const sinkLogFiles = async (dir: string): Promise<string[]> => {
    const paths: string[] = [];
    for (const entry of await t.spark.fs.list(`${dir}/_spark_metadata`)) {
      const lines = new TextDecoder()
        .decode(await t.spark.fs.readFile(entry.path))
        .split("\n")
        .slice(1);
      for (const line of lines.filter((l) => l !== ""))
        paths.push((JSON.parse(line) as { path: string }).path);
    }
    return paths;
  };
  const ints = () => new MemoryStream(t.spark, "value INT");
  const strings = () => new MemoryStream(t.spark, "value STRING");
  /** `ds.map(i => (i, i * 1000)).toDF("id", "value")` */
  const idAndValue = (input: MemoryStream) =>
    input.toDF().select(col("value").as("id"), expr("value * 1000").as("value"));

  it("unpartitioned writing and batch reading", async () => {
    const input = ints();
    const query = await input
      .toDF()
      .writeStream.option("checkpointLocation", "/stream.checkpoint")
      .format("parquet")
      .start("/stream.output");
    input.addData([[1], [2], [3]]);
    await query.processAllAvailable();
    await query.stop();
    expect(unordered(await t.spark.read.parquet("/stream.output").collect())).toEqual([[1], [2], [3]]);
  });

  it("SPARK-21167: encode and decode path correctly", async () => {
    const input = strings();
    const query = await input
      .toDF()
      .select("value", expr("length(value)").as("len"))
      .writeStream.partitionBy("value")
      .option("checkpointLocation", "/stream.checkpoint")
      .format("parquet")
      .start("/stream.output");
    input.addData([["hello world"]]);
    await query.processAllAvailable();
    await query.stop();
    expect(unordered(await t.spark.read.parquet("/stream.output").collect())).toEqual([[11, "hello world"]]);
  });

  it("partitioned writing and batch reading", async () => {
    // Spark's MemoryStream[Int] holds primitive ints: its column, and `i * 1000` of it, cannot be null.
    const input = new MemoryStream(t.spark, "value INT NOT NULL");
    const query = await idAndValue(input)
      .writeStream.partitionBy("id")
      .option("checkpointLocation", "/stream.checkpoint")
      .format("parquet")
      .start("/stream.output");
    input.addData([[1], [2], [3]]);
    await query.processAllAvailable();
    await query.stop();
    const outputDf = t.spark.read.parquet("/stream.output");
    await outputDf.resolve();
    // The partition column comes after the data columns, as Spark's partition discovery places it; read
    // through the sink's log, the data column keeps the file's NOT NULL, the partition column is nullable.
    expect(outputDf.schema.fields.map((f) => [f.name, f.dataType.simpleString(), f.nullable])).toEqual([
      ["value", "int", false],
      ["id", "int", true],
    ]);
    expect(unordered(await outputDf.collect())).toEqual([
      [1000, 1],
      [2000, 2],
      [3000, 3],
    ]);
    expect(unordered(await outputDf.filter("id = 1").collect())).toEqual([[1000, 1]]);
    expect(unordered(await outputDf.filter("id in (1,2)").collect())).toEqual([
      [1000, 1],
      [2000, 2],
    ]);
  });

  it("partitioned writing and batch reading with 'basePath'", async () => {
    const input = ints();
    const query = await input
      .toDF()
      .select(col("value").as("id1"), expr("-value").as("id2"), expr("value * 1000").as("value"))
      .writeStream.partitionBy("id1", "id2")
      .option("checkpointLocation", "/stream.checkpoint")
      .format("parquet")
      .start("/stream.output");
    input.addData([[1], [2], [3]]);
    await query.processAllAvailable();
    await query.stop();
    const readIn = t.spark.read.option("basePath", "/stream.output").parquet("/stream.output/*/*");
    expect(unordered(await readIn.collect())).toEqual([
      [1000, 1, -1],
      [2000, 2, -2],
      [3000, 3, -3],
    ]);
  });

  it("writing with aggregation", async () => {
    const input = new MemoryStream(t.spark, "time BIGINT");
    const query = await input
      .toDF()
      .selectExpr("timestamp_seconds(time) AS timestamp")
      .withWatermark("timestamp", "10 seconds")
      .groupBy(window(col("timestamp"), "5 seconds"))
      .count()
      .select("window.start", "window.end", "count")
      .writeStream.option("checkpointLocation", "/stream.checkpoint")
      .format("parquet")
      .start("/stream.output");
    const addTimestamp = async (...seconds: number[]) => {
      input.addData(seconds.map((s) => [s]));
      await query.processAllAvailable();
    };
    const check = async (...expected: number[][]) => {
      const rows = await t.spark.read
        .parquet("/stream.output")
        .selectExpr("CAST(start as BIGINT) AS start", "CAST(end as BIGINT) AS end", "count")
        .orderBy("start")
        .collect();
      expect(rows.map((r) => Object.values(r).map(Number))).toEqual(expected);
    };
    await addTimestamp(100); // watermark = None before this, 90 after
    await check(); // nothing emitted yet
    await addTimestamp(104, 123); // watermark = 90 before this, 113 after
    await check([100, 105, 2]); // the no-data batch emits 100-105
    await addTimestamp(140); // wm = 113 before this, 130 after
    await check([100, 105, 2], [120, 125, 1]); // the no-data batch emits 120-125
    await query.stop();
  });

  it("Update and Complete output mode not supported", async () => {
    const df = ints().toDF().groupBy().count();
    for (const mode of ["update", "complete"]) {
      const error = await df.writeStream
        .format("parquet")
        .outputMode(mode)
        .option("checkpointLocation", "/stream.checkpoint")
        .start("/stream.output")
        .then(
          () => undefined,
          (e: Error & { getCondition(): string; sqlState: string; messageParameters: unknown }) => e,
        );
      expect(error?.name).toBe("AnalysisException");
      expect(error?.getCondition()).toBe("STREAMING_OUTPUT_MODE.UNSUPPORTED_DATASOURCE");
      expect(error?.sqlState).toBe("42KDE");
      expect(error?.messageParameters).toEqual({ className: "parquet", outputMode: mode });
    }
  });

  /**
   * Spark's testFormat: a stream of strings as column `value` written in `format` (the sink's default where not
   * given), to an absolute output path or to one relative to the working directory, after one row is added.
   */
  const testFormat = async (format: string | undefined, relativizeOutputPath = false) => {
    const inputData = strings();
    const name = `${format ?? "default"}-${relativizeOutputPath ? "relative" : "absolute"}`;
    const outputPath = relativizeOutputPath ? `stream.output.${name}` : `/stream.output.${name}`;
    const writer = inputData
      .toDF()
      .toDF("value")
      .writeStream.option("checkpointLocation", `/stream.checkpoint.${name}`);
    if (format !== undefined) writer.format(format);
    const query = await writer.start(outputPath);
    try {
      inputData.addData([["data"]]);
      await query.processAllAvailable();
      expect(query.exception()).toBeNull();
    } finally {
      await query.stop();
    }
  };

  it("parquet", async () => {
    await testFormat(undefined); // should not throw error as default format parquet when not specified
    await testFormat("parquet");
    await testFormat(undefined, true);
    await testFormat("parquet", true);
  });

  it("text", async () => {
    await testFormat("text");
    await testFormat("text", true);
  });

  it("json", async () => {
    await testFormat("json");
    await testFormat("json", true);
  });

  it("SPARK-20460 Check name duplication in schema", async () => {
    for (const [caseSensitive, c0, c1] of [
      [true, "a", "a"],
      [false, "aA", "Aa"],
    ] as const) {
      t.spark.conf.set("spark.sql.caseSensitive", String(caseSensitive));
      const input = new MemoryStream(t.spark, "_1 INT, _2 INT");
      const out = `/stream.output.${caseSensitive}`;
      const query = await input
        .toDF()
        .writeStream.option("checkpointLocation", `/stream.checkpoint.${caseSensitive}`)
        .format("json")
        .start(out);
      input.addData([[1, 1]]);
      await query.processAllAvailable();
      await query.stop();
      const error = await Promise.resolve()
        .then(() => t.spark.read.schema(`${c0} INT, ${c1} INT`).json(out).resolve())
        .then(
          () => undefined,
          (e: Error & { getCondition(): string; messageParameters: unknown }) => e,
        );
      expect(error?.name).toBe("AnalysisException");
      expect(error?.getCondition()).toBe("COLUMN_ALREADY_EXISTS");
      expect(error?.messageParameters).toEqual({ columnName: `\`${c1.toLowerCase()}\`` });
    }
  });

  it("special characters in output path", async () => {
    const input = ints();
    input.addData([[1], [2], [3]]);
    const outputDir = "/tmp/output @#output";
    const q = await input
      .toDF()
      .writeStream.option("checkpointLocation", "/tmp/chk")
      .format("parquet")
      .start(outputDir);
    await q.processAllAvailable();
    await q.stop();
    // The "_spark_metadata" directory is in outputDir itself.
    expect((await t.spark.fs.list(outputDir)).map((e) => e.name)).toContain("_spark_metadata");
    expect(unordered(await t.spark.read.parquet(outputDir).collect())).toEqual([[1], [2], [3]]);
  });

  it("cleanup incomplete output for aborted task", async () => {
    const input = ints();
    input.addData([[1], [2], [3]]);
    const q = await input
      .toDF()
      .select(expr("value div 0"))
      .writeStream.option("checkpointLocation", "/tmp/chk")
      .format("parquet")
      .start("/tmp/output");
    const error = await q.processAllAvailable().then(
      () => undefined,
      (e: Error) => e,
    );
    await q.stop();
    expect(error?.name).toBe("StreamingQueryException");
    expect(await parquetFilesUnder("/tmp/output")).toEqual([]);
  });

  it("Handle FileStreamSink metadata correctly for empty partition", async () => {
    for (const format of ["parquet", "text", "json"]) {
      const input = strings();
      const out = `/output.${format}`;
      const query = await input
        .toDF()
        .repartition(10)
        .writeStream.option("checkpointLocation", `/checkpoint.${format}`)
        .format(format)
        .start(out);
      input.addData([["1"], ["2"], ["3"]]);
      input.addData([["4"], ["5"]]);
      await query.processAllAvailable();
      await query.stop();
      // Only the files of non-empty partitions are logged, and each exists.
      const logged = await sinkLogFiles(out);
      expect(logged.length).toBeGreaterThan(0);
      expect(logged.length).toBeLessThan(10);
      for (const path of logged) expect(await t.spark.fs.stat(path)).toBeDefined();
      const outputDf = t.spark.read.format(format).load(out).selectExpr("CAST(value AS INT)");
      expect(unordered(await outputDf.collect())).toEqual([[1], [2], [3], [4], [5]]);
    }
  });

  it("formatCheck fail should not fail the query", async () => {
    // Spark's file system fails on the metadata directory; reading a batch-written directory needs no sink log.
    await t.spark
      .createDataFrame([["foo"]], "value STRING")
      .write.format("text")
      .save("/tmp/text");
    expect(unordered(await t.spark.read.format("text").load("/tmp/text").collect())).toEqual([["foo"]]);
  });

  it("fail to check glob path should not fail the query", async () => {
    await t.spark
      .createDataFrame([["foo"]], "value STRING")
      .write.format("text")
      .save("/tmp/text");
    expect(unordered(await t.spark.read.format("text").load("/tmp/text/*").collect())).toEqual([["foo"]]);
  });

  it("SPARK-35565: Ignore metadata directory when reading sink output", async () => {
    for (const ignoreMetadata of [true, false]) {
      t.spark.conf.set("spark.sql.streaming.fileStreamSink.ignoreMetadata", String(ignoreMetadata));
      const input = strings();
      const out = `/output.${ignoreMetadata}`;
      const query = await input
        .toDF()
        .writeStream.option("checkpointLocation", `/checkpoint.${ignoreMetadata}`)
        .format("text")
        .start(out);
      input.addData([["1"], ["2"], ["3"]]);
      input.addData([["4"], ["5"]]);
      await query.processAllAvailable();
      await query.stop();
      await t.spark.fs.writeFile(`${out}/additional.txt`, new TextEncoder().encode("6"));
      const outputDf = t.spark.read.format("text").load(out).selectExpr("CAST(value AS INT)");
      expect(unordered(await outputDf.collect())).toEqual(
        ignoreMetadata ? [[1], [2], [3], [4], [5], [6]] : [[1], [2], [3], [4], [5]],
      );
    }
  });

  /**
   * Parquet nullability as Spark 4 writes and reads it (ParquetWriteSupport, DataSource.resolveRelation): the
   * sink writes the plan's nullability (a count is REQUIRED in the file); a batch read through the sink's
   * metadata log keeps the files' schema, any other batch read makes every column nullable, and a stream
   * reading the output is nullable unless spark.sql.streaming.fileSource.schema.forceNullable is false.
   */
  describe("Parquet nullability of the sink's files", () => {
    const nullability = (schema: { fields: readonly { name: string; nullable: boolean }[] }) =>
      Object.fromEntries(schema.fields.map((f) => [f.name, f.nullable]));
    const writeAggregation = async () => {
      const input = new MemoryStream(t.spark, "time BIGINT");
      const query = await input
        .toDF()
        .selectExpr("timestamp_seconds(time) AS timestamp")
        .withWatermark("timestamp", "10 seconds")
        .groupBy(window(col("timestamp"), "5 seconds"))
        .count()
        .select("window.start", "window.end", "count")
        .writeStream.option("checkpointLocation", "/stream.checkpoint")
        .format("parquet")
        .start("/stream.output");
      input.addData([[100], [104], [123]]);
      await query.processAllAvailable();
      await query.stop();
    };

    it("the files hold the plan's nullability: a count is a REQUIRED column", async () => {
      await writeAggregation();
      await initParquet();
      const files = await parquetFilesUnder("/stream.output");
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) {
        const schema = readParquetSchema(await t.spark.fs.readFile(file), file);
        expect(nullability(schema)).toEqual({ start: true, end: true, count: false });
      }
    });

    it("read back through the metadata log, the schema keeps the files' nullability", async () => {
      await writeAggregation();
      const df = t.spark.read.parquet("/stream.output");
      await df.resolve();
      expect(nullability(df.schema)).toEqual({ start: true, end: true, count: false });
      const rows = await df.selectExpr("CAST(start AS BIGINT) AS s", "count").collect();
      expect(rows.map((r) => [Number(r.s), Number(r.count)])).toEqual([[100, 2]]);
    });

    it("read back as plain files (a glob, or ignoreMetadata), every column is nullable", async () => {
      await writeAggregation();
      const globbed = t.spark.read.parquet("/stream.output/*.parquet");
      await globbed.resolve();
      expect(nullability(globbed.schema)).toEqual({ start: true, end: true, count: true });
      t.spark.conf.set("spark.sql.streaming.fileStreamSink.ignoreMetadata", "true");
      const listed = t.spark.read.parquet("/stream.output");
      await listed.resolve();
      expect(nullability(listed.schema)).toEqual({ start: true, end: true, count: true });
    });

    it("a stream reading the output is nullable unless forceNullable is off", async () => {
      await writeAggregation();
      t.spark.conf.set("spark.sql.streaming.schemaInference", "true");
      const forced = t.spark.readStream.parquet("/stream.output");
      await forced.resolve();
      expect(nullability(forced.schema)).toEqual({ start: true, end: true, count: true });
      t.spark.conf.set("spark.sql.streaming.fileSource.schema.forceNullable", "false");
      const kept = t.spark.readStream.parquet("/stream.output");
      await kept.resolve();
      expect(nullability(kept.schema)).toEqual({ start: true, end: true, count: false });
    });

    it("a batch write keeps NOT NULL in the file and reads back nullable", async () => {
      await t.spark.range(3).write.parquet("/batch.output");
      await initParquet();
      for (const file of await parquetFilesUnder("/batch.output")) {
        const schema = readParquetSchema(await t.spark.fs.readFile(file), file);
        expect(nullability(schema)).toEqual({ id: false });
      }
      const df = t.spark.read.parquet("/batch.output");
      await df.resolve();
      expect(nullability(df.schema)).toEqual({ id: true });
      expect((await df.collect()).map((r) => Number(r.id)).sort()).toEqual([0, 1, 2]);
    });
  });
});

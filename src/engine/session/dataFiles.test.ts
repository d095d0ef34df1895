import { describe, expect, it } from "vitest";
import { AnalysisException } from "../errors";
import { MemoryStream } from "../sources/MemoryStream";
import type { DataFrame } from "../sql/api/DataFrame";
import { col, count, window } from "../sql/api/functions";
import { collectBatches, sortedRows } from "../testing/batches";
import { sharedSession, writeFileAt } from "../testing/files";

/** Cases of Spark's FileStreamSourceSuite and FileStreamSinkSuite: which files a path stands for. */
describe("file source listing, as Spark's InMemoryFileIndex", () => {
  const ctx = sharedSession();

  /** Runs `df` with Trigger.AvailableNow; the rows it read. */
  const drain = async (df: DataFrame) => {
    const collector = collectBatches();
    const query = await df.writeStream
      .foreachBatch(collector.fn)
      .trigger({ availableNow: true })
      .option("checkpointLocation", `${ctx.dir}/ckpt`)
      .start();
    await query.awaitTermination();
    return sortedRows(collector.all());
  };

  const withSchemaInference = async <T>(body: () => Promise<T>): Promise<T> => {
    ctx.t.spark.conf.set("spark.sql.streaming.schemaInference", true);
    try {
      return await body();
    } finally {
      ctx.t.spark.conf.set("spark.sql.streaming.schemaInference", false);
    }
  };

  it("reads every file below the directory with recursiveFileLookup", async () => {
    const { t, dir } = ctx;
    await writeFileAt(t, `${dir}/in/a.csv`, "1\n");
    await writeFileAt(t, `${dir}/in/sub/b.csv`, "2\n");
    await writeFileAt(t, `${dir}/in/sub/deeper/c.csv`, "3\n");
    await writeFileAt(t, `${dir}/in/_hidden/d.csv`, "4\n");
    const df = t.spark.readStream.schema("n INT").option("recursiveFileLookup", true).csv(`${dir}/in`);
    expect(await drain(df)).toEqual(sortedRows([{ n: 1 }, { n: 2 }, { n: 3 }]));
  });

  it("keeps the files whose names match pathGlobFilter", async () => {
    const { t, dir } = ctx;
    await writeFileAt(t, `${dir}/in/a.txt`, "kept\n");
    await writeFileAt(t, `${dir}/in/b.log`, "dropped\n");
    const df = t.spark.readStream.option("pathGlobFilter", "*.txt").text(`${dir}/in`);
    expect(await drain(df)).toEqual(sortedRows([{ value: "kept" }]));
    const batch = await t.spark.read.option("pathGlobFilter", "*.log").text(`${dir}/in`).collect();
    expect(batch).toEqual([{ value: "dropped" }]);
  });

  it("reads glob paths (dir/*/*), without partition columns", async () => {
    // FileStreamSourceSuite "read new files in partitioned table with globbing, should not read partition data".
    const { t, dir } = ctx;
    await writeFileAt(t, `${dir}/in/partition=foo/a.json`, "{'value': 'keep1'}\n");
    await writeFileAt(t, `${dir}/in/partition=bar/b.json`, "{'value': 'keep2'}\n");
    await writeFileAt(t, `${dir}/in/c.json`, "{'value': 'not below two levels'}\n");
    const df = await withSchemaInference(() => t.spark.readStream.json(`${dir}/in/*/*`).resolve());
    expect(df.schema.simpleString()).toBe("struct<value:string>");
    expect(await drain(df)).toEqual(sortedRows([{ value: "keep1" }, { value: "keep2" }]));
  });

  it("discovers key=value partition directories, typed as Spark types them", async () => {
    // FileStreamSourceSuite "read new files in partitioned table without globbing, should read partition data".
    const { t, dir } = ctx;
    await writeFileAt(t, `${dir}/in/year=2024/part=foo/a.json`, "{'value': 'a'}\n");
    await writeFileAt(t, `${dir}/in/year=2025/part=bar/b.json`, "{'value': 'b'}\n");
    const df = await withSchemaInference(() => t.spark.readStream.json(`${dir}/in`).resolve());
    expect(df.schema.simpleString()).toBe("struct<value:string,year:int,part:string>");
    expect(await drain(df)).toEqual(
      sortedRows([
        { value: "a", year: 2024, part: "foo" },
        { value: "b", year: 2025, part: "bar" },
      ]),
    );
    // A user schema types a partition column its own way.
    const typed = t.spark.readStream.schema("value STRING, year STRING, part STRING").json(`${dir}/in`);
    expect((await typed.resolve()).schema.simpleString()).toBe(
      "struct<value:string,year:string,part:string>",
    );
  });

  it("takes partition columns from basePath down, for a path inside a partitioned directory", async () => {
    const { t, dir } = ctx;
    await writeFileAt(t, `${dir}/in/year=2024/a.csv`, "1\n");
    await writeFileAt(t, `${dir}/in/year=2025/b.csv`, "2\n");
    const df = t.spark.readStream
      .schema("n INT, year INT")
      .option("basePath", `${dir}/in`)
      .csv(`${dir}/in/year=2025`);
    expect(await drain(df)).toEqual(sortedRows([{ n: 2, year: 2025 }]));
    const batch = t.spark.read.schema("n INT").csv(`${dir}/in/year=2024`);
    expect(await batch.collect()).toEqual([{ n: 1 }]);
  });

  it("refuses directories that name different partition columns", async () => {
    const { t, dir } = ctx;
    await writeFileAt(t, `${dir}/in/a=1/x.csv`, "1\n");
    await writeFileAt(t, `${dir}/in/b=2/y.csv`, "2\n");
    expect(() => t.spark.read.csv(`${dir}/in`)).toThrow(AnalysisException);
    expect(() => t.spark.read.csv(`${dir}/in`)).toThrow(
      "[CONFLICTING_PARTITION_COLUMN_NAMES] Conflicting partition column names detected:",
    );
  });

  it("takes the path from option('path') for load(), and refuses it given twice", async () => {
    const { t, dir } = ctx;
    await writeFileAt(t, `${dir}/in/a.csv`, "7\n");
    const df = t.spark.readStream.format("csv").schema("n INT").option("path", `${dir}/in`).load();
    expect(await drain(df)).toEqual(sortedRows([{ n: 7 }]));
    expect(() =>
      t.spark.readStream.format("csv").schema("n INT").option("path", `${dir}/in`).load(`${dir}/in`),
    ).toThrow(
      "There is a 'path' option set and load() is called with a path parameter. Either remove the path option, or call load() without the parameter. To ignore this check, set 'spark.sql.legacy.pathOptionBehavior.enabled' to 'true'.",
    );
    expect(() => t.spark.readStream.format("csv").schema("n INT").load()).toThrow("'path' is not specified.");
  });

  it("reads JSON with single quotes unless allowSingleQuotes is off", async () => {
    const { t, dir } = ctx;
    await writeFileAt(t, `${dir}/in/a.json`, `{'name': 'O"Brien', "n": 1}\n`);
    const df = t.spark.read.json(`${dir}/in`);
    expect(await df.collect()).toEqual([{ n: 1, name: 'O"Brien' }]);
    const strict = t.spark.read.option("allowSingleQuotes", false).json(`${dir}/in`);
    expect((await strict.resolve()).schema.simpleString()).toBe("struct<_corrupt_record:string>");
  });

  it("reads back a file sink's directory with its schema before any row was written", async () => {
    // FileStreamSinkSuite "writing with aggregation": the first batch emits nothing, the output still reads.
    const { t, dir } = ctx;
    const input = new MemoryStream(t.spark, "time BIGINT");
    const query = await input
      .toDF()
      .selectExpr("CAST(time AS TIMESTAMP) AS timestamp")
      .withWatermark("timestamp", "10 seconds")
      .groupBy(window(col("timestamp"), "5 seconds"))
      .agg(count("*").alias("count"))
      .select("window.start", "window.end", "count")
      .writeStream.format("parquet")
      .option("checkpointLocation", `${dir}/ckpt`)
      .start(`${dir}/out`);
    const seconds = (d: unknown) => (d as Date).getTime() / 1000;
    const check = async () =>
      sortedRows(
        (await t.spark.read.parquet(`${dir}/out`).collect()).map((r) => ({
          start: seconds(r.start),
          end: seconds(r.end),
          count: Number(r.count),
        })),
      );
    const add = async (...times: number[]) => {
      input.addData(times.map((time) => ({ time })));
      await query.processAllAvailable();
    };
    await add(100); // watermark 90 after this
    expect(await check()).toEqual([]);
    await add(104, 123); // watermark 113 after this: a batch without data emits 100-105
    expect(await check()).toEqual(sortedRows([{ start: 100, end: 105, count: 2 }]));
    await add(140); // watermark 130 after this: a batch without data emits 120-125
    expect(await check()).toEqual(
      sortedRows([
        { start: 100, end: 105, count: 2 },
        { start: 120, end: 125, count: 1 },
      ]),
    );
    await query.stop();
  });
});

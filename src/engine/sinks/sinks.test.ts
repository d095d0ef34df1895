import { describe, expect, it, vi } from "vitest";
import { AnalysisException, StreamingQueryException } from "../errors";
import { MemoryStream } from "../sources/MemoryStream";
import { col, sum } from "../sql/api/functions";
import type { Row } from "../sql/api/rows";
import { sortedRows } from "../testing/batches";
import { logIds, namesIn, readText, sharedSession } from "../testing/files";

describe("streaming sinks", () => {
  const ctx = sharedSession();
  const table = async (name: string) => sortedRows(await ctx.t.spark.sql(`SELECT * FROM ${name}`).collect());

  it("memory: complete mode replaces the table each trigger, append adds the new rows", async () => {
    const { t } = ctx;
    const input = new MemoryStream(t.spark, "k STRING, v INT");
    const totals = await input
      .toDF()
      .groupBy("k")
      .agg(sum("v").alias("total"))
      .writeStream.outputMode("complete")
      .format("memory")
      .queryName("totals")
      .start();
    const raw = await input.toDF().writeStream.format("memory").queryName("raw").start();
    expect(await table("totals")).toEqual([]);
    input.addData([
      { k: "a", v: 1 },
      { k: "b", v: 2 },
    ]);
    await totals.processAllAvailable();
    await raw.processAllAvailable();
    input.addData([{ k: "a", v: 10 }]);
    await totals.processAllAvailable();
    await raw.processAllAvailable();
    expect(await table("totals")).toEqual(
      sortedRows([
        { k: "a", total: 11 },
        { k: "b", total: 2 },
      ]),
    );
    expect(await table("raw")).toEqual(
      sortedRows([
        { k: "a", v: 1 },
        { k: "b", v: 2 },
        { k: "a", v: 10 },
      ]),
    );
    expect(totals.lastProgress?.sink).toEqual({ description: "MemorySink", numOutputRows: 2, metrics: {} });
  });

  it("memory: a query name is required", async () => {
    const input = new MemoryStream(ctx.t.spark, "v INT");
    await expect(input.toDF().writeStream.format("memory").start()).rejects.toThrow(
      "queryName must be specified for memory sink",
    );
  });

  it("console: prints Spark's batch header and show() table, with numRows and truncate", async () => {
    const { t } = ctx;
    const printed: string[] = [];
    t.spark.setOutput((text) => printed.push(text));
    try {
      const input = new MemoryStream(t.spark, "id INT, word STRING");
      input.addData([
        { id: 1, word: "a word longer than twenty characters" },
        { id: 22, word: "short" },
        { id: 333, word: null },
      ]);
      const query = await input.toDF().writeStream.format("console").option("numRows", 2).start();
      await query.processAllAvailable();
      await query.stop();
      const untruncated = await input
        .toDF()
        .filter(col("id").eq(1))
        .writeStream.format("console")
        .option("truncate", false)
        .start();
      await untruncated.processAllAvailable();
      await untruncated.stop();
    } finally {
      t.spark.setOutput((text) => process.stdout.write(text));
    }
    expect(printed).toEqual([
      [
        "-------------------------------------------",
        "Batch: 0",
        "-------------------------------------------",
        "+---+--------------------+",
        "| id|                word|",
        "+---+--------------------+",
        "|  1|a word longer tha...|",
        "| 22|               short|",
        "+---+--------------------+",
        "only showing top 2 rows",
        "",
        "",
      ].join("\n"),
      [
        "-------------------------------------------",
        "Batch: 0",
        "-------------------------------------------",
        "+---+------------------------------------+",
        "|id |word                                |",
        "+---+------------------------------------+",
        "|1  |a word longer than twenty characters|",
        "+---+------------------------------------+",
        "",
        "",
      ].join("\n"),
    ]);
  });

  it("console: numRows and truncate are read as Spark's CaseInsensitiveStringMap reads them", async () => {
    const input = new MemoryStream(ctx.t.spark, "v INT");
    // Spark builds the ConsoleWrite (which reads the options) when it plans a micro-batch: start() succeeds and
    // the query fails at its first batch, a StreamingQueryException caused by the option's error.
    const refusal = async (key: string, value: string) => {
      const query = await input.toDF().writeStream.format("console").option(key, value).start();
      expect(query.isActive).toBe(true);
      input.addData([[1]]);
      const error = await query.processAllAvailable().then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error).toBeInstanceOf(StreamingQueryException);
      expect(query.isActive).toBe(false);
      const cause = (error as StreamingQueryException).cause as Error;
      expect(error!.message).toContain(`terminated with exception: ${cause.message}`);
      return `${cause.name}: ${cause.message}`;
    };
    // getInt is Integer.parseInt (NumberFormatException, an IllegalArgumentException); getBoolean takes
    // "true"/"false" in any case and refuses the rest.
    expect(await refusal("numRows", "abc")).toBe('IllegalArgumentException: For input string: "abc"');
    expect(await refusal("numRows", "2147483648")).toBe(
      'IllegalArgumentException: For input string: "2147483648"',
    );
    expect(await refusal("truncate", "yes")).toBe("IllegalArgumentException: yes is not a boolean string.");
    const query = await input.toDF().writeStream.format("console").option("truncate", "FALSE").start();
    input.addData([[2]]);
    await query.processAllAvailable();
    expect(query.isActive).toBe(true);
    await query.stop();
  });

  it("console: a batch write shows the rows, as Spark's ConsoleSinkProvider.createRelation", async () => {
    const { t } = ctx;
    const printed: string[] = [];
    t.spark.setOutput((text) => printed.push(text));
    try {
      const df = t.spark.createDataFrame([[1], [2], [3]], "v INT");
      await df.write.format("console").option("numRows", "2").save();
      // Scala's toInt and toBoolean read the options: both refuse with Java's NumberFormatException text.
      const refusal = (key: string, value: string) =>
        df.write
          .format("console")
          .option(key, value)
          .save()
          .then(
            () => undefined,
            (e: Error) => `${e.name}: ${e.message}`,
          );
      expect(await refusal("numRows", "abc")).toBe('IllegalArgumentException: For input string: "abc"');
      expect(await refusal("truncate", "yes")).toBe('IllegalArgumentException: For input string: "yes"');
    } finally {
      t.spark.setOutput((text) => process.stdout.write(text));
    }
    expect(printed.join("")).toBe(
      ["+---+", "|  v|", "+---+", "|  1|", "|  2|", "+---+", "only showing top 2 rows", ""].join("\n"),
    );
  });

  it("console: progress names the sink as Spark 4 does, by its ConsoleTable object", async () => {
    // Spark's ProgressReporter reports `sink.toString`; the console sink is the Scala object ConsoleTable.
    const input = new MemoryStream(ctx.t.spark, "v INT");
    const query = await input.toDF().writeStream.format("console").start();
    input.addData([[1]]);
    await query.processAllAvailable();
    const description = query.lastProgress!.sink.description;
    expect(description).toMatch(/^org\.apache\.spark\.sql\.execution\.streaming\.ConsoleTable\$@[0-9a-f]+$/);
    await query.stop();
    // One object per JVM: every console query names the same one.
    const second = await input.toDF().writeStream.format("console").start();
    input.addData([[2]]);
    await second.processAllAvailable();
    expect(second.lastProgress!.sink.description).toBe(description);
    await second.stop();
  });

  for (const format of ["parquet", "csv", "json"] as const) {
    it(`${format}: each batch's files are committed in _spark_metadata, and spark.read trusts only those`, async () => {
      const { t, dir } = ctx;
      const input = new MemoryStream(t.spark, "id INT, name STRING");
      const query = await input
        .toDF()
        .writeStream.format(format)
        .option("checkpointLocation", `${dir}/ckpt`)
        .start(`${dir}/out`);
      const rows: Row[] = [];
      for (const batch of [
        [
          { id: 1, name: "ann" },
          { id: 2, name: "bob" },
        ],
        [{ id: 3, name: "cy" }],
      ]) {
        input.addData(batch);
        rows.push(...batch);
        await query.processAllAvailable();
      }
      await query.stop();
      expect(await logIds(t, `${dir}/out/_spark_metadata`)).toEqual([0, 1]);
      const logged = (await readText(t, `${dir}/out/_spark_metadata/1`)).split("\n");
      expect(logged[0]).toBe("v1");
      const entry = JSON.parse(logged[1]) as {
        path: string;
        action: string;
        size: number;
        modificationTime: number;
      };
      expect(entry.action).toBe("add");
      // Spark's SinkFileStatus holds Hadoop's modification time, a Long of milliseconds: Spark parses no fraction.
      expect(Number.isInteger(entry.modificationTime)).toBe(true);
      expect((await t.spark.fs.stat(entry.path))?.size).toBe(entry.size);
      // A file the sink never committed (left by a batch that failed half-way) is not read.
      await t.spark.fs.writeFile(
        `${dir}/out/part-00000-stray.c000.${format}`,
        await t.spark.fs.readFile(entry.path),
      );
      const read = await t.spark.read
        .schema("id INT, name STRING")
        .format(format)
        .load(`${dir}/out`)
        .collect();
      expect(sortedRows(read)).toEqual(sortedRows(rows));
    });
  }

  it("file sinks: append mode only, and a checkpoint location is required", async () => {
    const { t, dir } = ctx;
    const input = new MemoryStream(t.spark, "k STRING");
    await expect(
      input
        .toDF()
        .groupBy("k")
        .count()
        .writeStream.outputMode("complete")
        .format("parquet")
        .option("checkpointLocation", `${dir}/ckpt`)
        .start(`${dir}/out`),
    ).rejects.toThrow(
      "[STREAMING_OUTPUT_MODE.UNSUPPORTED_DATASOURCE] Invalid streaming output mode: complete. This output mode is not supported in Data Source parquet.",
    );
    await expect(input.toDF().writeStream.format("json").start(`${dir}/out`)).rejects.toThrow(
      AnalysisException,
    );
    await expect(input.toDF().writeStream.format("json").start(`${dir}/out`)).rejects.toThrow(
      'checkpointLocation must be specified either through option("checkpointLocation", ...)',
    );
    expect(await namesIn(t, dir)).toEqual([]);
  });

  it("text: one string column besides the partition columns, checked as Spark's FileFormatWriter", async () => {
    const { t, dir } = ctx;
    const failure = async (schema: string, row: unknown[], name: string, partitionBy: string[] = []) => {
      const input = new MemoryStream(t.spark, schema);
      const query = await input
        .toDF()
        .writeStream.format("text")
        .partitionBy(...partitionBy)
        .option("checkpointLocation", `${dir}/${name}-ckpt`)
        .start(`${dir}/${name}`);
      input.addData([row]);
      const error = await query.processAllAvailable().then(
        () => undefined,
        (e: StreamingQueryException) => e,
      );
      await query.stop();
      return error?.cause as (AnalysisException & { messageParameters: Record<string, string> }) | undefined;
    };
    // Each data column's type first (DataSourceUtils.verifySchema), then their number (TextFileFormat).
    const ints = await failure("id INT, value INT", [1, 1000], "ints");
    expect(ints).toBeInstanceOf(AnalysisException);
    expect(ints?.getCondition()).toBe("UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE");
    expect(ints?.messageParameters).toEqual({ columnName: "`id`", columnType: '"INT"', format: "Text" });
    const two = await failure("a STRING, b STRING", ["x", "y"], "two");
    expect(two?.getCondition()).toBe("_LEGACY_ERROR_TEMP_1290");
    expect(two?.message).toBe("Text data source supports only a single column, and you have 2 columns.");
    // A partition column is not a data column: one string column is left, and it is written.
    expect(await failure("k INT, v STRING", [1, "x"], "parted", ["k"])).toBeUndefined();
    expect(await readText(t, `${dir}/parted/k=1/${(await namesIn(t, `${dir}/parted/k=1`))[0]}`)).toBe("x\n");
    // A batch write is checked the same way.
    await expect(t.spark.createDataFrame([[1]], "id INT").write.text(`${dir}/batch`)).rejects.toThrow(
      "[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE]",
    );
  });

  it("foreachBatch: each call is awaited before the batch commits; an error fails the query", async () => {
    const { t, dir } = ctx;
    const input = new MemoryStream(t.spark, "v INT");
    const seen: string[] = [];
    const created = vi.spyOn(t.spark.fs, "createFile");
    const query = await input
      .toDF()
      .writeStream.foreachBatch(async (df, batchId) => {
        // A turn of the event loop: an engine that went on without awaiting this function would have begun
        // writing commits/N by now (nothing but promises lies between the sink and the commit log).
        await new Promise((resolve) => setImmediate(resolve));
        const committed =
          (await t.spark.fs.stat(`${dir}/ckpt/commits/${batchId}`)) ??
          created.mock.calls.find(([path]) => path === `${dir}/ckpt/commits/${batchId}`);
        seen.push(
          `batch ${batchId}: ${(await df.collect()).map((r) => r.v)}, committed: ${committed !== undefined}`,
        );
        if (batchId === 1) throw new RangeError("no batch 1 here");
      })
      .option("checkpointLocation", `${dir}/ckpt`)
      .start();
    input.addData([{ v: 1 }, { v: 2 }]);
    await query.processAllAvailable();
    input.addData([{ v: 3 }]);
    const failure = await query.awaitTermination().catch((e: unknown) => e);
    expect(seen).toEqual(["batch 0: 1,2, committed: false", "batch 1: 3, committed: false"]);
    expect(failure).toBeInstanceOf(StreamingQueryException);
    expect((failure as StreamingQueryException).batchId).toBe(1);
    expect((failure as StreamingQueryException).cause).toBeInstanceOf(RangeError);
    expect(await logIds(t, `${dir}/ckpt/commits`)).toEqual([0]);
    created.mockRestore();
  });

  it("noop: runs every batch and discards the output", async () => {
    const input = new MemoryStream(ctx.t.spark, "v INT");
    input.addData([{ v: 1 }, { v: 2 }, { v: 3 }]);
    const query = await input.toDF().writeStream.format("noop").start();
    await query.processAllAvailable();
    expect(query.lastProgress?.numInputRows).toBe(3);
    expect(query.lastProgress?.sink.description).toBe("NoopTable");
    expect(query.lastProgress?.sink.numOutputRows).toBe(3);
  });

  it("file and foreachBatch sinks are Spark's V1 sinks: progress reports numOutputRows -1", async () => {
    const { t, dir } = ctx;
    const input = new MemoryStream(t.spark, "v INT");
    const file = await input
      .toDF()
      .writeStream.format("json")
      .option("checkpointLocation", `${dir}/file-ckpt`)
      .start(`${dir}/file-out`);
    const batches = await input
      .toDF()
      .writeStream.foreachBatch(() => {})
      .option("checkpointLocation", `${dir}/batch-ckpt`)
      .start();
    input.addData([{ v: 1 }, { v: 2 }]);
    await file.processAllAvailable();
    await batches.processAllAvailable();
    // Spark has no commit progress from a V1 sink (a `Sink`, not a `SupportsWrite` table).
    expect(file.lastProgress?.numInputRows).toBe(2);
    expect(file.lastProgress?.sink).toEqual({
      description: `FileSink[${dir}/file-out]`,
      numOutputRows: -1,
      metrics: {},
    });
    expect(batches.lastProgress?.numInputRows).toBe(2);
    expect(batches.lastProgress?.sink).toEqual({
      description: "ForeachBatchSink",
      numOutputRows: -1,
      metrics: {},
    });
    await file.stop();
    await batches.stop();
  });
});

import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { IllegalArgumentException, StreamingQueryException } from "../errors";
import type { DataFrame } from "../sql/api/DataFrame";
import { StringType, StructField, StructType } from "../sql/types";
import { collectBatches, sortedRows } from "../testing/batches";
import { eventFilePath, SEED_SCHEMA, writeEventFiles } from "../testing/eventFiles";
import { readParquetRows } from "../testing/expected";
import { logIds, namesIn, setModificationTime, sharedSession, writeFileAt } from "../testing/files";
import { AssertOnQuery, CheckAnswer, testStream } from "../testing/testStream";
import { MemoryStream } from "./MemoryStream";

const T0 = Date.UTC(2024, 0, 1);
const HOUR = 3_600_000;

describe("the file source", () => {
  const ctx = sharedSession();

  /** Runs `df` with Trigger.AvailableNow into a collector: the rows of each batch, by batch id. */
  const drain = async (df: DataFrame, checkpoint = `${ctx.dir}/ckpt`) => {
    const collector = collectBatches();
    const query = await df.writeStream
      .foreachBatch(collector.fn)
      .trigger({ availableNow: true })
      .option("checkpointLocation", checkpoint)
      .start();
    await query.awaitTermination();
    return collector;
  };

  it("takes each parquet file once, oldest first, one file per trigger with maxFilesPerTrigger", async () => {
    const { t, dir } = ctx;
    await writeEventFiles(t.spark, `${dir}/events`, 3, 50);
    // File 2 is the oldest and file 0 the newest: the order is by modification time, not by name.
    for (const [i, age] of [1, 2, 3].entries())
      setModificationTime(t, eventFilePath(`${dir}/events`, i), T0 - age * HOUR);
    const { batches } = await drain(
      t.spark.readStream.schema(SEED_SCHEMA).option("maxFilesPerTrigger", 1).parquet(`${dir}/events`),
    );
    const expected = await Promise.all(
      [2, 1, 0].map(async (i) =>
        (await readParquetRows(t.spark.fs, eventFilePath(`${dir}/events`, i))).map((r) => ({
          user_id: r.user_id,
          event_timestamp: Number(r.event_timestamp),
          event_name: r.event_name,
          traffic_source: r.traffic_source,
          device: r.device,
        })),
      ),
    );
    expect([...batches.keys()]).toEqual([0, 1, 2]);
    for (const [batchId, rows] of batches) expect(sortedRows(rows)).toEqual(sortedRows(expected[batchId]));
    expect(await logIds(t, `${dir}/ckpt/sources/0`)).toEqual([0, 1, 2]);
  });

  it("reads csv and json with the declared schema (DDL or StructType)", async () => {
    const { t, dir } = ctx;
    await writeFileAt(t, `${dir}/csv/a.csv`, "1,ann\n2,bob\n", T0);
    await writeFileAt(t, `${dir}/csv/b.csv`, "3,cy\n", T0 + 1000);
    await writeFileAt(t, `${dir}/json/a.json`, '{"id": 1, "name": "ann"}\n{"id": 2}\n', T0);
    const csv = await drain(
      t.spark.readStream.schema("id INT, name STRING").csv(`${dir}/csv`),
      `${dir}/ckpt1`,
    );
    expect(csv.all()).toEqual([
      { id: 1, name: "ann" },
      { id: 2, name: "bob" },
      { id: 3, name: "cy" },
    ]);
    const schema = new StructType([new StructField("name", StringType), new StructField("id", StringType)]);
    const json = await drain(t.spark.readStream.schema(schema).json(`${dir}/json`), `${dir}/ckpt2`);
    expect(json.all()).toEqual([
      { name: "ann", id: "1" },
      { name: null, id: "2" },
    ]);
  });

  it("needs a schema, as Spark, unless spark.sql.streaming.schemaInference is set", async () => {
    const { t, dir } = ctx;
    await writeEventFiles(t.spark, `${dir}/events`, 1, 10);
    // FileStreamSourceSuite "FileStreamSource schema: parquet, existing files, no schema".
    expect(() => t.spark.readStream.parquet(`${dir}/events`)).toThrow(IllegalArgumentException);
    expect(() => t.spark.readStream.parquet(`${dir}/events`)).toThrow(
      "Schema must be specified when creating a streaming source DataFrame.",
    );
    t.spark.conf.set("spark.sql.streaming.schemaInference", "true");
    try {
      const df = t.spark.readStream.parquet(`${dir}/events`);
      expect(df.columns.slice(0, 5)).toEqual([
        "user_id",
        "event_timestamp",
        "event_name",
        "traffic_source",
        "device",
      ]);
    } finally {
      t.spark.conf.unset("spark.sql.streaming.schemaInference");
    }
  });

  it("refuses bad options when the query starts, as Spark's source does, with Spark's messages", async () => {
    // FileStreamSourceSuite "max files per trigger - incorrect values": the query fails, its cause says why.
    const { t, dir } = ctx;
    await writeEventFiles(t.spark, `${dir}/events`, 1, 10);
    const reader = () => t.spark.readStream.schema(SEED_SCHEMA);
    const cases: [Record<string, string | number>, string][] = [
      [
        { maxFilesPerTrigger: 0 },
        "Invalid value '0' for option 'maxFilesPerTrigger', must be a positive integer",
      ],
      [
        { maxFilesPerTrigger: "10.1" },
        "Invalid value '10.1' for option 'maxFilesPerTrigger', must be a positive integer",
      ],
      [
        { maxBytesPerTrigger: "1k" },
        "Invalid value '1k' for option 'maxBytesPerTrigger', must be a positive integer",
      ],
      [
        { maxFilesPerTrigger: 1, maxBytesPerTrigger: 100 },
        "Options 'maxFilesPerTrigger' and 'maxBytesPerTrigger' can't be both set at the same time",
      ],
      [{ latestFirst: "yes" }, "Invalid value 'yes' for option 'latestFirst', must be 'true' or 'false'"],
      [{ maxFileAge: "1 week" }, "Time must be specified as seconds (s), milliseconds (ms)"],
      [
        { modifiedBefore: "2020-06-01T05:00:00" },
        "option 'modifiedBefore' is not allowed in file stream sources",
      ],
    ];
    for (const [i, [options, message]] of cases.entries()) {
      const query = await reader()
        .options(options)
        .parquet(`${dir}/events`)
        .writeStream.format("noop")
        .option("checkpointLocation", `${dir}/ckpt${i}`)
        .start();
      const failure = await query.awaitTermination().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(StreamingQueryException);
      expect((failure as StreamingQueryException).cause).toBeInstanceOf(IllegalArgumentException);
      expect(String(failure)).toContain(message);
    }
    expect(() => reader().parquet(`${dir}/nowhere`)).toThrow(
      `[PATH_NOT_FOUND] Path does not exist: ${dir}/nowhere.`,
    );
  });

  it("groups files up to maxBytesPerTrigger, always at least one", async () => {
    const { t, dir } = ctx;
    const sizes = [40, 30, 50, 10];
    for (const [i, size] of sizes.entries()) {
      await writeFileAt(t, `${dir}/in/f${i}.txt`, `${String(i).repeat(size - 1)}\n`, T0 + i * 1000);
    }
    const { batches } = await drain(
      t.spark.readStream.option("maxBytesPerTrigger", 60).schema("value STRING").text(`${dir}/in`),
    );
    const firstChars = [...batches.values()].map((rows) => rows.map((r) => String(r.value)[0]).join(""));
    // 40 fits; 40+30 does not. 30 fits; 30+50 does not. 50 fits; 50+10 = 60 fits.
    expect(firstChars).toEqual(["0", "1", "23"]);
  });

  it("with latestFirst, takes the newest files first", async () => {
    const { t, dir } = ctx;
    for (const i of [0, 1, 2]) await writeFileAt(t, `${dir}/in/f${i}.csv`, `${i}\n`, T0 + i * 1000);
    const { batches } = await drain(
      t.spark.readStream
        .schema("n INT")
        .option("latestFirst", true)
        .option("maxFilesPerTrigger", 1)
        .csv(`${dir}/in`),
    );
    expect([...batches.values()].map((rows) => rows[0].n)).toEqual([2, 1, 0]);
  });

  it("ignores files older than maxFileAge behind the newest file taken", async () => {
    const { t, dir } = ctx;
    await writeFileAt(t, `${dir}/in/old.csv`, "1\n", T0 - 3 * HOUR);
    await writeFileAt(t, `${dir}/in/new.csv`, "2\n", T0);
    const collector = collectBatches();
    const query = await t.spark.readStream
      .schema("n INT")
      .option("maxFileAge", "1h")
      .csv(`${dir}/in`)
      .writeStream.foreachBatch(collector.fn)
      .option("checkpointLocation", `${dir}/ckpt`)
      .start();
    await query.processAllAvailable();
    // The first listing takes every file, as Spark's; after it, a file 2 hours behind the newest is too old.
    await writeFileAt(t, `${dir}/in/late.csv`, "3\n", T0 - 2 * HOUR);
    await writeFileAt(t, `${dir}/in/fresh.csv`, "4\n", T0 + 1000);
    await query.processAllAvailable();
    await query.stop();
    expect(collector.all().map((r) => r.n)).toEqual([1, 2, 4]);
  });

  it("reads its directory's own files: not hidden, metadata, temporary or subdirectory ones", async () => {
    const { t, dir } = ctx;
    const files = {
      "a.csv": "1\n",
      _SUCCESS: "2\n",
      ".a.csv.crc": "3\n",
      "b.csv._COPYING_": "4\n",
      "_temporary/0/c.csv": "5\n",
      ".hidden/d.csv": "6\n",
      "sub/e.csv": "7\n",
    };
    for (const [path, text] of Object.entries(files)) await writeFileAt(t, `${dir}/in/${path}`, text, T0);
    const collector = await drain(t.spark.readStream.schema("n INT").csv(`${dir}/in`));
    expect(collector.all().map((r) => r.n)).toEqual([1]);
  });

  it("a path naming one file reads that file (Spark's InMemoryFileIndex over a file path)", async () => {
    const { t, dir } = ctx;
    await writeFileAt(t, `${dir}/one/a.csv`, "1\n", T0);
    await writeFileAt(t, `${dir}/one/b.csv`, "2\n", T0);
    const collector = await drain(
      t.spark.readStream.schema("n INT").csv(`${dir}/one/a.csv`),
      `${dir}/ckpt-one`,
    );
    expect(collector.all().map((r) => r.n)).toEqual([1]);
  });

  it("takes each file exactly once across restarts, and batch ids continue", async () => {
    const { t, dir } = ctx;
    await writeEventFiles(t.spark, `${dir}/events`, 2, 20);
    const df = () =>
      t.spark.readStream.schema(SEED_SCHEMA).option("maxFilesPerTrigger", 1).parquet(`${dir}/events`);
    const first = await drain(df());
    expect([...first.batches.keys()]).toEqual([0, 1]);
    // A third file arrives while the query is stopped.
    await writeEventFiles(t.spark, `${dir}/events`, 1, 20, 7, 2);
    const second = await drain(df());
    expect([...second.batches.keys()]).toEqual([2]);
    expect(second.all()).toHaveLength(20);
  });

  it("finds files that arrive while the query runs", async () => {
    const { t, dir } = ctx;
    await writeFileAt(t, `${dir}/in/a.csv`, "1\n2\n", T0);
    const collector = collectBatches();
    const query = await t.spark.readStream
      .schema("n INT")
      .csv(`${dir}/in`)
      .writeStream.foreachBatch(collector.fn)
      .option("checkpointLocation", `${dir}/ckpt`)
      .start();
    await query.processAllAvailable();
    await writeFileAt(t, `${dir}/in/b.csv`, "3\n", T0 + 1000);
    await query.processAllAvailable();
    await query.stop();
    expect([...collector.batches.entries()].map(([id, rows]) => [id, rows.map((r) => r.n)])).toEqual([
      [0, [1, 2]],
      [1, [3]],
    ]);
  });

  it("reads a streaming file sink's output through its _spark_metadata log", async () => {
    const { t, dir } = ctx;
    const input = new MemoryStream(t.spark, "n INT");
    input.addData([{ n: 1 }, { n: 2 }]);
    const writer = await input
      .toDF()
      .writeStream.format("parquet")
      .option("checkpointLocation", `${dir}/ckpt-writer`)
      .start(`${dir}/out`);
    await writer.processAllAvailable();
    await writer.stop();
    // A file in the directory that the sink never committed (say, left by a failed batch) is not read.
    const committed = (await namesIn(t, `${dir}/out`)).find((n) => n.endsWith(".parquet"))!;
    await t.spark.fs.writeFile(
      `${dir}/out/part-99999-stray.c000.snappy.parquet`,
      await t.spark.fs.readFile(`${dir}/out/${committed}`),
    );
    const { batches } = await drain(t.spark.readStream.schema("n INT").parquet(`${dir}/out`));
    expect(sortedRows([...batches.values()].flat())).toEqual(sortedRows([{ n: 1 }, { n: 2 }]));
    // With spark.sql.streaming.fileStreamSink.ignoreMetadata, the directory is read as any other: every file.
    t.spark.conf.set("spark.sql.streaming.fileStreamSink.ignoreMetadata", "true");
    const all = await drain(t.spark.readStream.schema("n INT").parquet(`${dir}/out`), `${dir}/ckpt-ignoring`);
    expect(sortedRows([...all.batches.values()].flat())).toEqual(
      sortedRows([{ n: 1 }, { n: 2 }, { n: 1 }, { n: 2 }]),
    );
    t.spark.conf.unset("spark.sql.streaming.fileStreamSink.ignoreMetadata");
  });
  it("cleanSource and sourceArchiveDir: bad values fail the query with Spark's IllegalArgumentException", async () => {
    // Spark's FileStreamOptions / SourceFileArchiver checks, made when the query creates its source.
    await ctx.t.spark.fs.mkdirs(`${ctx.dir}/src`);
    const cases: [Record<string, string>, string][] = [
      [
        { cleanSource: "rename" },
        "Invalid mode for clean source option Some(rename). Must be one of ARCHIVE,DELETE,OFF",
      ],
      [{ cleanSource: "archive" }, "Archive mode must be used with 'sourceArchiveDir' option."],
      [
        { cleanSource: "ARCHIVE", sourceArchiveDir: `${ctx.dir}/src/archived` },
        "requirement failed: Base archive path cannot be set to the path where archived path can possibly match with source pattern.",
      ],
      [{ fileNameOnly: "yes" }, "Invalid value 'yes' for option 'fileNameOnly', must be 'true' or 'false'"],
    ];
    for (const [options, message] of cases) {
      const q = await ctx.t.spark.readStream
        .options(options)
        .text(`${ctx.dir}/src`)
        .writeStream.format("noop")
        .start();
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
    const t = ctx.t;
    await t.spark.fs.mkdirs(`${ctx.dir}/src`);
    // FileStreamOptions' fileNameOnly: files are the same file where their names are.
    const fileStream = ctx.t.spark.readStream
      .option("fileNameOnly", "true")
      .format("text")
      .load(`${ctx.dir}/src/*`);
    await testStream(
      t,
      fileStream,
      "append",
      AssertOnQuery(() => ctx.t.spark.fs.writeFile(`${ctx.dir}/src/a/dataset.txt`, "first")),
      AssertOnQuery((q) => q.processAllAvailable()),
      CheckAnswer(["first"]),
      AssertOnQuery(() => ctx.t.spark.fs.writeFile(`${ctx.dir}/src/b/dataset.txt`, "again")),
      AssertOnQuery(() => ctx.t.spark.fs.writeFile(`${ctx.dir}/src/b/other.txt`, "other")),
      AssertOnQuery((q) => q.processAllAvailable()),
      CheckAnswer(["first"], ["other"]),
    );
  });
});

describe("a restart lists the input directory once", () => {
  const ctx = sharedSession();

  const drain = async (df: DataFrame, checkpoint: string) => {
    const collector = collectBatches();
    const query = await df.writeStream
      .foreachBatch(collector.fn)
      .trigger({ availableNow: true })
      .option("checkpointLocation", checkpoint)
      .start();
    await query.awaitTermination();
    return [...collector.batches.values()].map((rows) => rows.map((r) => r.n));
  };
  const stream = (dir: string) =>
    ctx.t.spark.readStream.schema("n INT").option("maxFilesPerTrigger", 1).csv(`${dir}/in`);
  /** How many times `dir` is listed while `run` runs. */
  const listingsOf = async <T>(dir: string, run: () => Promise<T>): Promise<[number, T]> => {
    const list = vi.spyOn(ctx.t.spark.fs.sync!, "list");
    try {
      const result = await run();
      return [list.mock.calls.filter(([d]) => d === dir).length, result];
    } finally {
      list.mockRestore();
    }
  };

  it("the listing made as the DataFrame was built serves the first trigger", async () => {
    const { t, dir } = ctx;
    await writeFileAt(t, `${dir}/in/a.csv`, "1\n", T0);
    await drain(stream(dir), `${dir}/ckpt`);
    await writeFileAt(t, `${dir}/in/b.csv`, "2\n", T0 + 1000);
    const [listings, batches] = await listingsOf(`${dir}/in`, () => drain(stream(dir), `${dir}/ckpt`));
    expect(batches).toEqual([[2]]);
    expect(listings).toBe(1);
  });

  it("a file written after the DataFrame was built is in the first trigger", async () => {
    const { t, dir } = ctx;
    await writeFileAt(t, `${dir}/in/a.csv`, "1\n", T0);
    const df = stream(dir);
    await writeFileAt(t, `${dir}/in/b.csv`, "2\n", T0 + 1000);
    expect(await drain(df, `${dir}/ckpt`)).toEqual([[1], [2]]);
  });

  it("a file another process adds or deletes after the DataFrame was built is seen by the first trigger", async () => {
    const { t, dir } = ctx;
    // A first run makes the checkpoint (a new query's metadata is a write, after which nothing kept serves).
    await writeFileAt(t, `${dir}/in/a.csv`, "1\n", T0);
    expect(await drain(stream(dir), `${dir}/ckpt`)).toEqual([[1]]);
    await writeFileAt(t, `${dir}/in/b.csv`, "2\n", T0 + 1000);
    const added = stream(dir);
    // Written behind the file system's back, at once: the directory may keep its modification time.
    writeFileSync(join(t.root, `${dir}/in/c.csv`), "3\n");
    expect(await drain(added, `${dir}/ckpt`)).toEqual([[2], [3]]);
    await writeFileAt(t, `${dir}/in/d.csv`, "4\n");
    await writeFileAt(t, `${dir}/in/e.csv`, "5\n");
    const deleted = stream(dir);
    rmSync(join(t.root, `${dir}/in/d.csv`));
    expect(await drain(deleted, `${dir}/ckpt`)).toEqual([[5]]);
  });

  it("the listing serves once: the same DataFrame started again lists again", async () => {
    const { t, dir } = ctx;
    await writeFileAt(t, `${dir}/in/a.csv`, "1\n", T0);
    expect(await drain(stream(dir), `${dir}/ckpt`)).toEqual([[1]]);
    await writeFileAt(t, `${dir}/in/b.csv`, "2\n", T0 + 1000);
    const df = stream(dir);
    expect(await listingsOf(`${dir}/in`, () => drain(df, `${dir}/ckpt`))).toEqual([0, [[2]]]);
    await writeFileAt(t, `${dir}/in/c.csv`, "3\n", T0 + 2000);
    expect(await listingsOf(`${dir}/in`, () => drain(df, `${dir}/ckpt`))).toEqual([1, [[3]]]);
  });
});

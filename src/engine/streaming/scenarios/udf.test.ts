/**
 * User-defined functions in streaming queries: evaluated over each micro-batch's rows (stateless before and
 * after stateful operators), as a grouping key kept in state across batches and a restart, in SQL over a
 * streaming view, and a function that fails: the query stops with the batch that failed, its checkpoint resumes.
 */
import { describe, expect, it } from "vitest";
import { StreamingQueryException } from "../../errors";
import { MemoryStream } from "../../sources/MemoryStream";
import { col, count, udf, window } from "../../sql/api/functions";
import type { Row } from "../../sql/api/rows";
import { sortedRows } from "../../testing/batches";
import { sharedSession } from "../../testing/files";
import { rejectionOf } from "../../testing/thrown";

describe("user-defined functions in streaming queries", () => {
  const ctx = sharedSession();
  const table = async (name: string) => sortedRows(await ctx.t.spark.sql(`SELECT * FROM ${name}`).collect());
  /** The expected table, computed without the engine: words counted by their first letter. */
  const countsByInitial = (words: readonly string[]) => {
    const counts = new Map<string, number>();
    for (const w of words) counts.set(w[0].toUpperCase(), (counts.get(w[0].toUpperCase()) ?? 0) + 1);
    return sortedRows([...counts].map(([initial, n]) => ({ initial, count: n })));
  };

  it("a function in select and filter runs over each batch's rows (append)", async () => {
    const { t, dir } = ctx;
    const input = new MemoryStream(t.spark, "word STRING");
    const shout = udf((w: string) => `${w.toUpperCase()}!`, "string");
    const isLong = udf((w: string) => w.length > 3, "boolean");
    const query = await input
      .toDF()
      .filter(isLong(col("word")))
      .select(shout(col("word")).alias("loud"))
      .writeStream.format("memory")
      .queryName("loud_words")
      .option("checkpointLocation", `${dir}/ckpt`)
      .start();
    input.addData([{ word: "spark" }, { word: "is" }, { word: "fast" }]);
    await query.processAllAvailable();
    expect(await table("loud_words")).toEqual(sortedRows([{ loud: "SPARK!" }, { loud: "FAST!" }]));
    input.addData([{ word: "udf" }, { word: "streams" }]);
    await query.processAllAvailable();
    expect(await table("loud_words")).toEqual(
      sortedRows([{ loud: "SPARK!" }, { loud: "FAST!" }, { loud: "STREAMS!" }]),
    );
    expect(query.recentProgress.filter((p) => p.numInputRows > 0).map((p) => p.sink.numOutputRows)).toEqual([
      2, 1,
    ]);
  });

  it("a function as the grouping key: state by its result, kept across a restart (complete)", async () => {
    const { t, dir } = ctx;
    const input = new MemoryStream(t.spark, "word STRING");
    const initial = udf((w: string) => w[0].toUpperCase(), "string");
    const start = () =>
      input
        .toDF()
        .groupBy(initial(col("word")).alias("initial"))
        .agg(count("*").alias("count"))
        .writeStream.outputMode("complete")
        .format("memory")
        .queryName("by_initial")
        .option("checkpointLocation", `${dir}/ckpt`)
        .start();
    const batches = [
      ["apple", "avocado", "banana"],
      ["blueberry", "cherry"],
      ["apricot", "cranberry", "date"],
    ];
    let query = await start();
    input.addData(batches[0].map((word) => ({ word })));
    await query.processAllAvailable();
    expect(await table("by_initial")).toEqual(countsByInitial(batches[0]));
    input.addData(batches[1].map((word) => ({ word })));
    await query.processAllAvailable();
    await query.stop();
    query = await start();
    input.addData(batches[2].map((word) => ({ word })));
    await query.processAllAvailable();
    expect(await table("by_initial")).toEqual(countsByInitial(batches.flat()));
    expect(query.lastProgress?.stateOperators[0].numRowsTotal).toBe(4);
    await query.stop();
  });

  it("a function over an event-time window's aggregate result (update)", async () => {
    const { t, dir } = ctx;
    const input = new MemoryStream(t.spark, "ts TIMESTAMP");
    const label = udf((n: number) => (n > 1 ? "busy" : "quiet"), "string");
    const query = await input
      .toDF()
      .withWatermark("ts", "10 seconds")
      .groupBy(window(col("ts"), "5 seconds"))
      .agg(count("*").alias("n"))
      .select(col("window.start").alias("start"), label(col("n")).alias("label"))
      .writeStream.outputMode("update")
      .format("memory")
      .queryName("labelled_windows")
      .option("checkpointLocation", `${dir}/ckpt`)
      .start();
    const at = (s: number) => ({ ts: new Date(s * 1000) });
    input.addData([at(10), at(11), at(16)]);
    await query.processAllAvailable();
    expect(await table("labelled_windows")).toEqual(
      sortedRows([
        { start: new Date(10_000), label: "busy" },
        { start: new Date(15_000), label: "quiet" },
      ]),
    );
  });

  it("a registered function in SQL over a streaming view", async () => {
    const { t, dir } = ctx;
    const input = new MemoryStream(t.spark, "word STRING");
    input.toDF().createOrReplaceTempView("words_stream");
    t.spark.udf.register("reverse_word", (w: string) => [...w].reverse().join(""), "string");
    const streamed = t.spark.sql("SELECT reverse_word(word) AS drow FROM words_stream");
    expect(streamed.isStreaming).toBe(true);
    const query = await streamed.writeStream
      .format("memory")
      .queryName("reversed")
      .option("checkpointLocation", `${dir}/ckpt`)
      .start();
    input.addData([{ word: "stream" }, { word: "sql" }]);
    await query.processAllAvailable();
    expect(await table("reversed")).toEqual(sortedRows([{ drow: "maerts" }, { drow: "lqs" }]));
  });

  it("a function that fails stops the query at its batch; the checkpoint resumes with a fixed one", async () => {
    const { t, dir } = ctx;
    const input = new MemoryStream(t.spark, "v INT");
    // Each batch's rows by batch id: a re-run batch replaces its rows (Spark refuses to restart a memory sink in
    // append mode from a checkpoint).
    const batches = new Map<number, Row[]>();
    const start = (inverse: (v: number) => number) =>
      input
        .toDF()
        .select(udf(inverse, "double")(col("v")).alias("inverse"))
        .writeStream.foreachBatch(async (df, batchId) => {
          batches.set(batchId, await df.collect());
        })
        .option("checkpointLocation", `${dir}/ckpt`)
        .start();
    const strict = (v: number) => {
      if (v === 0) throw new RangeError("no inverse of 0");
      return 1 / v;
    };
    const query = await start(strict);
    input.addData([{ v: 1 }, { v: 2 }]);
    await query.processAllAvailable();
    input.addData([{ v: 4 }, { v: 0 }]);
    const failure = await rejectionOf(query.processAllAvailable());
    expect(failure).toBeInstanceOf(StreamingQueryException);
    const exception = failure as StreamingQueryException;
    expect(exception.batchId).toBe(1);
    expect((exception.cause as { errorClass?: string }).errorClass).toBe("FAILED_EXECUTE_UDF");
    expect(exception.message).toContain("row 2 of 2: v = 0");
    expect(query.isActive).toBe(false);

    const fixed = await start((v) => (v === 0 ? Number.POSITIVE_INFINITY : 1 / v));
    await fixed.processAllAvailable();
    expect(sortedRows([...batches.values()].flat())).toEqual(
      sortedRows([
        { inverse: 1 },
        { inverse: 0.5 },
        { inverse: 0.25 },
        { inverse: Number.POSITIVE_INFINITY },
      ]),
    );
    expect(fixed.recentProgress.find((p) => p.numInputRows > 0)?.batchId).toBe(1);
  });
});

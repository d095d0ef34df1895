/**
 * The memory sink's complete mode with a small output: its rows are kept as Arrow IPC and the table is written
 * only when a statement reads it (bench P2). These cases check that every way of reading the table sees what
 * Spark's memory sink shows, the last batch's whole output. Inputs and answers follow Spark's MemorySinkSuite
 * ("registering as a table in Complete output mode": 1, 2, 3 then 4, 5, 6, each counted once).
 */
import { describe, expect, it } from "vitest";
import { MemoryStream } from "../sources/MemoryStream";
import type { Row } from "../sql/api/rows";
import { sharedSession } from "../testing/files";

const unordered = (rows: readonly Row[]) =>
  rows.map((r) => Object.values(r).map((v) => (typeof v === "bigint" ? Number(v) : v))).sort();
const ints = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => [from + i]);
const counted = (from: number, to: number) => ints(from, to).map(([v]) => [v, 1]);

describe("MemorySink, complete mode with a small output", () => {
  const ctx = sharedSession();

  it("every read sees the last batch's output: SQL in any case, spark.table, the catalog, after stop", async () => {
    const spark = ctx.t.spark;
    const input = new MemoryStream(spark, "value INT");
    const query = await input
      .toDF()
      .groupBy("value")
      .count()
      .writeStream.format("memory")
      .outputMode("complete")
      .queryName("deferredCounts")
      .start();
    input.addData(ints(1, 3));
    await query.processAllAvailable();
    expect(spark.catalog.tableExists("deferredCounts")).toBe(true);
    expect(unordered(await spark.sql("SELECT * FROM DEFERREDCOUNTS").collect())).toEqual(counted(1, 3));
    input.addData(ints(4, 6));
    await query.processAllAvailable();
    // Two batches written since the last read: the table shows the last one's output only.
    input.addData([[7]]);
    await query.processAllAvailable();
    expect(unordered(await spark.table("deferredCounts").collect())).toEqual(counted(1, 7));
    expect(unordered(await spark.sql("SELECT * FROM deferredcounts").collect())).toEqual(counted(1, 7));
    input.addData([[1]]);
    await query.processAllAvailable();
    await query.stop();
    const expected = counted(1, 7).map(([v, c]) => [v, v === 1 ? 2 : c]);
    expect(unordered(await spark.sql("SELECT value, count FROM deferredCounts").collect())).toEqual(expected);
  });

  it("a new query under the same name replaces an output nobody read", async () => {
    const spark = ctx.t.spark;
    const first = new MemoryStream(spark, "value INT");
    const complete = await first
      .toDF()
      .groupBy("value")
      .count()
      .writeStream.format("memory")
      .outputMode("complete")
      .queryName("sameName")
      .option("checkpointLocation", `${ctx.dir}/complete`)
      .start();
    first.addData(ints(1, 3));
    await complete.processAllAvailable();
    first.addData(ints(4, 5));
    await complete.processAllAvailable();
    await complete.stop();
    const second = new MemoryStream(spark, "value INT");
    const append = await second
      .toDF()
      .writeStream.format("memory")
      .outputMode("append")
      .queryName("sameName")
      .option("checkpointLocation", `${ctx.dir}/append`)
      .start();
    second.addData([[9]]);
    await append.processAllAvailable();
    await append.stop();
    expect(unordered(await spark.table("sameName").collect())).toEqual([[9]]);
  });

  it("keeps the query's column types, and an empty output is an empty table with them", async () => {
    const spark = ctx.t.spark;
    const input = new MemoryStream(spark, "value INT");
    const query = await input
      .toDF()
      .selectExpr("value % 2 AS k", "CAST(value AS DECIMAL(10, 2)) AS d", "timestamp_seconds(value) AS ts")
      .groupBy("k")
      .agg({ d: "sum", ts: "max" })
      .writeStream.format("memory")
      .outputMode("complete")
      .queryName("typedOutput")
      .start();
    const empty = await input
      .toDF()
      .filter("value < 0")
      .groupBy("value")
      .count()
      .writeStream.format("memory")
      .outputMode("complete")
      .queryName("emptyOutput")
      .start();
    input.addData(ints(1, 3));
    await query.processAllAvailable();
    await empty.processAllAvailable();
    input.addData([[4]]);
    await query.processAllAvailable();
    await empty.processAllAvailable();
    await query.stop();
    await empty.stop();
    const typed = spark.table("typedOutput");
    expect(typed.schema.simpleString()).toBe("struct<k:int,sum(d):decimal(20,2),max(ts):timestamp>");
    const rows = await spark
      .sql(
        "SELECT k, CAST(`sum(d)` AS STRING) AS d, unix_seconds(`max(ts)`) AS ts FROM typedOutput ORDER BY k",
      )
      .collect();
    expect(rows.map((r) => [r.k, r.d, Number(r.ts)])).toEqual([
      [0, "6.00", 4],
      [1, "4.00", 3],
    ]);
    expect(spark.table("emptyOutput").schema.simpleString()).toBe("struct<value:int,count:bigint>");
    expect(await spark.table("emptyOutput").collect()).toEqual([]);
  });
});

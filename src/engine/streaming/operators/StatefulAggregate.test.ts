import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryStream } from "../../sources/MemoryStream";
import {
  any_value,
  approx_count_distinct,
  avg,
  bit_and,
  bit_or,
  bit_xor,
  col,
  corr,
  count,
  countDistinct,
  covar_pop,
  covar_samp,
  first,
  kurtosis,
  last,
  max,
  median,
  min,
  mode,
  percentile,
  percentile_approx,
  product,
  regr_avgx,
  regr_avgy,
  regr_count,
  regr_intercept,
  regr_r2,
  regr_slope,
  regr_sxx,
  regr_sxy,
  regr_syy,
  skewness,
  sum,
  window,
} from "../../sql/api/functions";
import type { Row } from "../../sql/api/rows";
import { collectBatches, sortedRows } from "../../testing/batches";
import { newTestSession, type TestSession } from "../../testing/fixtures";

/** Input rows: a string key and an int key (both sometimes null), an int value (sometimes null), a double. */
type Input = {
  k: string | null;
  k2: number | null;
  x: number | null;
  y: number;
};

/** Deterministic pseudo-random batches (a linear congruential generator), so expectations are reproducible. */
function makeBatches(batches: number, rowsPerBatch: number, seed = 11): Input[][] {
  let s = seed;
  const next = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const keys = ["a", "b", "c", "d", null];
  return Array.from({ length: batches }, () =>
    Array.from({ length: rowsPerBatch }, () => ({
      k: keys[Math.floor(next() * keys.length)],
      k2: next() < 0.2 ? null : Math.floor(next() * 3),
      x: next() < 0.15 ? null : Math.floor(next() * 1000) - 300,
      y: Math.round(next() * 10000) / 100,
    })),
  );
}

/** The aggregates of one group, computed in a plain loop over the rows in arrival order. */
function expectedAggregates(rows: readonly Input[]) {
  const xs = rows.map((r) => r.x).filter((x): x is number => x !== null);
  const sumX = xs.length > 0 ? xs.reduce((a, b) => a + b, 0) : null;
  return {
    n: rows.length,
    cx: xs.length,
    sx: sumX,
    ax: sumX === null ? null : sumX / xs.length,
    mn: xs.length > 0 ? Math.min(...xs) : null,
    mx: xs.length > 0 ? Math.max(...xs) : null,
    distinct: new Set(xs).size,
    fx: rows[0].x,
    lx: rows[rows.length - 1].x,
    ratio: sumX === null ? null : sumX / rows.length,
    sy: rows.reduce((a, r) => a + r.y, 0),
  };
}

function groupRows<K>(rows: readonly Input[], key: (r: Input) => K): Map<string, { key: K; rows: Input[] }> {
  const groups = new Map<string, { key: K; rows: Input[] }>();
  for (const r of rows) {
    const k = JSON.stringify(key(r));
    const g = groups.get(k) ?? { key: key(r), rows: [] };
    g.rows.push(r);
    groups.set(k, g);
  }
  return groups;
}

const close = (actual: unknown, expected: number | null) => {
  if (expected === null) expect(actual).toBeNull();
  else expect(actual as number).toBeCloseTo(expected, 6);
};

describe("streaming aggregation", () => {
  let t: TestSession;
  beforeEach(async () => {
    t = await newTestSession();
  });
  afterEach(() => t.cleanup());

  const aggregates = (stream: MemoryStream) =>
    stream
      .toDF()
      .groupBy("k")
      .agg(
        count("*").alias("n"),
        count("x").alias("cx"),
        sum("x").alias("sx"),
        avg("x").alias("ax"),
        min("x").alias("mn"),
        max("x").alias("mx"),
        approx_count_distinct("x").alias("distinct"),
        first("x").alias("fx"),
        last("x").alias("lx"),
        sum(col("x"))
          .divide(count(col("y")))
          .alias("ratio"),
        sum("y").alias("sy"),
      );

  const checkGroup = (row: Row, rows: readonly Input[]) => {
    const e = expectedAggregates(rows);
    expect(row.n).toBe(e.n);
    expect(row.cx).toBe(e.cx);
    expect(row.sx).toBe(e.sx);
    close(row.ax, e.ax);
    expect(row.mn).toBe(e.mn);
    expect(row.mx).toBe(e.mx);
    // HyperLogLog++ at 5% relative standard deviation; these small sets are counted almost exactly.
    expect(Math.abs((row.distinct as number) - e.distinct)).toBeLessThanOrEqual(
      Math.max(2, e.distinct * 0.1),
    );
    expect(row.fx).toBe(e.fx);
    expect(row.lx).toBe(e.lx);
    close(row.ratio, e.ratio);
    close(row.sy, e.sy);
  };

  it("complete mode: every aggregate over every group, null key included, batch by batch", async () => {
    const data = makeBatches(4, 60);
    const stream = new MemoryStream(t.spark, "k STRING, k2 INT, x INT, y DOUBLE");
    const out = collectBatches();
    const query = await aggregates(stream)
      .writeStream.outputMode("complete")
      .foreachBatch(out.fn)
      .option("checkpointLocation", "/checkpoints/complete")
      .start();
    for (const [i, batch] of data.entries()) {
      stream.addData(batch);
      await query.processAllAvailable();
      const seen = data.slice(0, i + 1).flat();
      const groups = groupRows(seen, (r) => r.k);
      const rows = out.batches.get(i)!;
      expect(rows.map((r) => r.k).sort()).toEqual([...groups.values()].map((g) => g.key).sort());
      for (const row of rows) checkGroup(row, groups.get(JSON.stringify(row.k))!.rows);
    }
    await query.stop();
  });

  it("update mode: only the groups a batch touched, with their running values", async () => {
    const data = makeBatches(3, 8, 5);
    const stream = new MemoryStream(t.spark, "k STRING, k2 INT, x INT, y DOUBLE");
    const out = collectBatches();
    const query = await aggregates(stream)
      .writeStream.outputMode("update")
      .foreachBatch(out.fn)
      .option("checkpointLocation", "/checkpoints/update")
      .start();
    for (const [i, batch] of data.entries()) {
      stream.addData(batch);
      await query.processAllAvailable();
      const running = groupRows(data.slice(0, i + 1).flat(), (r) => r.k);
      const touched = [...groupRows(batch, (r) => r.k).values()].map((g) => g.key);
      const rows = out.batches.get(i)!;
      expect(rows.map((r) => r.k).sort()).toEqual(touched.sort());
      for (const row of rows) checkGroup(row, running.get(JSON.stringify(row.k))!.rows);
    }
    expect(query.lastProgress?.stateOperators[0]).toMatchObject({
      numRowsTotal: groupRows(data.flat(), (r) => r.k).size,
      numRowsUpdated: groupRows(data[2], (r) => r.k).size,
    });
    await query.stop();
  });

  it("several keys with nulls, and a global aggregation", async () => {
    const data = makeBatches(3, 40, 3);
    const stream = new MemoryStream(t.spark, "k STRING, k2 INT, x INT, y DOUBLE");
    const byTwo = collectBatches();
    const global = collectBatches();
    const q1 = await stream
      .toDF()
      .groupBy("k", "k2")
      .agg(count("*").alias("n"), sum("x").alias("sx"))
      .writeStream.outputMode("complete")
      .foreachBatch(byTwo.fn)
      .option("checkpointLocation", "/checkpoints/two")
      .start();
    const q2 = await stream
      .toDF()
      .agg(count("*").alias("n"), sum("x").alias("sx"), max("y").alias("my"))
      .writeStream.outputMode("update")
      .foreachBatch(global.fn)
      .option("checkpointLocation", "/checkpoints/global")
      .start();
    for (const batch of data) {
      stream.addData(batch);
      await q1.processAllAvailable();
      await q2.processAllAvailable();
    }
    const all = data.flat();
    const groups = groupRows(all, (r) => [r.k, r.k2]);
    const expected = [...groups.values()].map((g) => ({
      k: g.key[0],
      k2: g.key[1],
      n: g.rows.length,
      sx: expectedAggregates(g.rows).sx,
    }));
    expect(sortedRows(byTwo.batches.get(2)!)).toEqual(sortedRows(expected));
    const e = expectedAggregates(all);
    expect(global.batches.get(2)).toEqual([
      { n: all.length, sx: e.sx, my: Math.max(...all.map((r) => r.y)) },
    ]);
    await q1.stop();
    await q2.stop();
  });

  it("last() keeps its value across a batch without rows, in complete mode", async () => {
    // StreamingAggregationSuite "SPARK-22230: last should change with new batches".
    const input = new MemoryStream(t.spark, "value INT");
    const out = collectBatches();
    const query = await input
      .toDF()
      .agg(last("value").alias("last"))
      .writeStream.outputMode("complete")
      .foreachBatch(out.fn)
      .option("checkpointLocation", "/checkpoints/last")
      .start();
    const lastBatch = () => out.batches.get(Math.max(...out.batches.keys()));
    for (const [values, expected] of [
      [[1, 2, 3], 3],
      [[4, 5, 6], 6],
      [[], 6],
      [[0], 0],
    ] as const) {
      input.addData(values.map((value) => ({ value })));
      await query.processAllAvailable();
      expect(lastBatch()).toEqual([{ last: expected }]);
    }
    expect(out.batches.size).toBe(4);
    await query.stop();
  });

  it("median() keeps every value in state: the middle one, or the mean of the two middle ones", async () => {
    const input = new MemoryStream(t.spark, "k STRING, v INT");
    const out = collectBatches();
    const query = await input
      .toDF()
      .groupBy("k")
      .agg(median("v").alias("m"))
      .writeStream.outputMode("complete")
      .foreachBatch(out.fn)
      .option("checkpointLocation", "/checkpoints/median")
      .start();
    const lastBatch = () =>
      [...out.batches.get(Math.max(...out.batches.keys()))!].sort((a, b) =>
        String(a.k).localeCompare(String(b.k)),
      );
    input.addData([
      { k: "a", v: 5 },
      { k: "a", v: 1 },
      { k: "b", v: null },
    ]);
    await query.processAllAvailable();
    expect(lastBatch()).toEqual([
      { k: "a", m: 3 },
      { k: "b", m: null },
    ]);
    input.addData([
      { k: "a", v: 10 },
      { k: "b", v: 7 },
    ]);
    await query.processAllAvailable();
    expect(lastBatch()).toEqual([
      { k: "a", m: 5 },
      { k: "b", m: 7 },
    ]);
    await query.stop();
  });

  it("bit_and, bit_or, bit_xor, product and any_value keep state across batches, skipping nulls as Spark does", async () => {
    // Spark's BitAndAgg / BitOrAgg / BitXorAgg and Product ignore nulls and are null over none; any_value is First.
    const input = new MemoryStream(t.spark, "k STRING, v INT");
    const out = collectBatches();
    const query = await input
      .toDF()
      .groupBy("k")
      .agg(
        bit_and("v").alias("and"),
        bit_or("v").alias("or"),
        bit_xor("v").alias("xor"),
        product("v").alias("product"),
        any_value("v").alias("any"),
      )
      .writeStream.outputMode("complete")
      .foreachBatch(out.fn)
      .option("checkpointLocation", "/checkpoints/bitAggregates")
      .start();
    const lastBatch = () =>
      [...out.batches.get(Math.max(...out.batches.keys()))!].sort((a, b) =>
        String(a.k).localeCompare(String(b.k)),
      );
    input.addData([
      { k: "a", v: 5 },
      { k: "a", v: 3 },
      { k: "b", v: null },
    ]);
    await query.processAllAvailable();
    const [a1, b1] = lastBatch();
    expect({ ...a1, any: undefined }).toEqual({ k: "a", and: 1, or: 7, xor: 6, product: 15, any: undefined });
    expect([5, 3]).toContain(a1.any);
    expect(b1).toEqual({ k: "b", and: null, or: null, xor: null, product: null, any: null });
    input.addData([
      { k: "a", v: 6 },
      { k: "b", v: 2 },
      { k: "b", v: null },
    ]);
    await query.processAllAvailable();
    expect(lastBatch()).toEqual([
      { k: "a", and: 0, or: 7, xor: 0, product: 90, any: a1.any },
      { k: "b", and: 2, or: 2, xor: 2, product: 2, any: 2 },
    ]);
    await query.stop();
  });

  it("covar_pop, covar_samp and corr keep state across batches over the rows where both values are set", async () => {
    // Spark's Covariance and Corr: null over no pair; covar_samp and corr null over one (legacy statistical
    // aggregates off, Spark's default).
    const input = new MemoryStream(t.spark, "k STRING, x INT, y INT");
    const out = collectBatches();
    const query = await input
      .toDF()
      .groupBy("k")
      .agg(covar_pop("x", "y").alias("cp"), covar_samp("x", "y").alias("cs"), corr("x", "y").alias("r"))
      .writeStream.outputMode("complete")
      .foreachBatch(out.fn)
      .option("checkpointLocation", "/checkpoints/covariance")
      .start();
    const lastBatch = () =>
      [...out.batches.get(Math.max(...out.batches.keys()))!]
        .sort((a, b) => String(a.k).localeCompare(String(b.k)))
        .map((r) => [r.k, r.cp, r.cs, r.r]);
    input.addData([
      { k: "a", x: 1, y: 2 },
      { k: "a", x: 2, y: 4 },
      { k: "a", x: null, y: 7 },
      { k: "b", x: 1, y: 1 },
    ]);
    await query.processAllAvailable();
    expect(lastBatch()).toEqual([
      ["a", 0.5, 1, 1],
      ["b", 0, null, null],
    ]);
    input.addData([
      { k: "a", x: 3, y: 6 },
      { k: "a", x: 4, y: null },
      { k: "b", x: 2, y: 3 },
    ]);
    await query.processAllAvailable();
    const [a, b] = lastBatch();
    expect(a[0]).toBe("a");
    close(a[1], 4 / 3);
    expect(a.slice(2)).toEqual([2, 1]);
    expect(b).toEqual(["b", 0.5, 1, 1]);
    await query.stop();
  });

  it("skewness and kurtosis keep state across batches as Spark's central moments", async () => {
    // Spark's Skewness (sqrt(n) * m3 / m2^1.5) and Kurtosis (n * m4 / m2^2 - 3), null where every value is equal.
    const input = new MemoryStream(t.spark, "k STRING, x INT");
    const out = collectBatches();
    const query = await input
      .toDF()
      .groupBy("k")
      .agg(skewness("x").alias("s"), kurtosis("x").alias("c"))
      .writeStream.outputMode("complete")
      .foreachBatch(out.fn)
      .option("checkpointLocation", "/checkpoints/moments")
      .start();
    const lastBatch = () =>
      [...out.batches.get(Math.max(...out.batches.keys()))!].sort((a, b) =>
        String(a.k).localeCompare(String(b.k)),
      );
    input.addData([
      { k: "a", x: 1 },
      { k: "a", x: 2 },
      { k: "a", x: 3 },
      { k: "b", x: 3 },
      { k: "b", x: null },
    ]);
    await query.processAllAvailable();
    const [a1, b1] = lastBatch();
    close(a1.s, 0);
    close(a1.c, -1.5);
    expect(b1).toEqual({ k: "b", s: null, c: null });
    input.addData([
      { k: "a", x: 10 },
      { k: "b", x: 3 },
    ]);
    await query.processAllAvailable();
    const [a2, b2] = lastBatch();
    // x = 1, 2, 3, 10: central sums m2 = 50, m3 = 180, m4 = 1394.
    close(a2.s, (2 * 180) / 50 ** 1.5);
    close(a2.c, (4 * 1394) / 2500 - 3);
    expect(b2).toEqual({ k: "b", s: null, c: null });
    await query.stop();
  });

  it("percentile and percentile_approx keep every value in state, across batches", async () => {
    // Spark's Percentile interpolates at p * (n - 1); ApproximatePercentile gives the value of rank ceil(p * n),
    // exactly below its accuracy (10000).
    const input = new MemoryStream(t.spark, "k STRING, x INT");
    const out = collectBatches();
    const query = await input
      .toDF()
      .groupBy("k")
      .agg(percentile_approx("x", 0.5).alias("median"), percentile("x", 0.25).alias("q1"))
      .writeStream.outputMode("complete")
      .foreachBatch(out.fn)
      .option("checkpointLocation", "/checkpoints/percentiles")
      .start();
    const lastBatch = () =>
      [...out.batches.get(Math.max(...out.batches.keys()))!].sort((a, b) =>
        String(a.k).localeCompare(String(b.k)),
      );
    input.addData([
      { k: "a", x: 10 },
      { k: "a", x: 40 },
      { k: "a", x: 20 },
      { k: "a", x: null },
      { k: "b", x: null },
    ]);
    await query.processAllAvailable();
    expect(lastBatch()).toEqual([
      { k: "a", median: 20, q1: 15 },
      { k: "b", median: null, q1: null },
    ]);
    input.addData([
      { k: "a", x: 30 },
      { k: "b", x: 7 },
    ]);
    await query.processAllAvailable();
    expect(lastBatch()).toEqual([
      { k: "a", median: 20, q1: 17.5 },
      { k: "b", median: 7, q1: 7 },
    ]);
    await query.stop();
  });

  it("regr_* keep state across batches over the pairs where both values are set", async () => {
    // Spark's regression functions of (y, x); here y = 2x + 1.
    const input = new MemoryStream(t.spark, "y INT, x INT");
    const out = collectBatches();
    const query = await input
      .toDF()
      .agg(
        regr_count("y", "x").alias("count"),
        regr_avgx("y", "x").alias("avgx"),
        regr_avgy("y", "x").alias("avgy"),
        regr_sxx("y", "x").alias("sxx"),
        regr_syy("y", "x").alias("syy"),
        regr_sxy("y", "x").alias("sxy"),
        regr_slope("y", "x").alias("slope"),
        regr_intercept("y", "x").alias("intercept"),
        regr_r2("y", "x").alias("r2"),
      )
      .writeStream.outputMode("complete")
      .foreachBatch(out.fn)
      .option("checkpointLocation", "/checkpoints/regression")
      .start();
    const lastBatch = () => out.batches.get(Math.max(...out.batches.keys()));
    input.addData([
      { y: 3, x: 1 },
      { y: 5, x: 2 },
      { y: null, x: 4 },
    ]);
    await query.processAllAvailable();
    expect(lastBatch()).toEqual([
      { count: 2, avgx: 1.5, avgy: 4, sxx: 0.5, syy: 2, sxy: 1, slope: 2, intercept: 1, r2: 1 },
    ]);
    input.addData([
      { y: 7, x: 3 },
      { y: 9, x: null },
    ]);
    await query.processAllAvailable();
    expect(lastBatch()).toEqual([
      { count: 3, avgx: 2, avgy: 5, sxx: 2, syy: 8, sxy: 4, slope: 2, intercept: 1, r2: 1 },
    ]);
    await query.stop();
  });

  it("mode keeps every value in state: the most frequent one over all batches", async () => {
    // Spark's Mode: the most frequent non-null value, null over none.
    const input = new MemoryStream(t.spark, "k STRING, x INT");
    const out = collectBatches();
    const query = await input
      .toDF()
      .groupBy("k")
      .agg(mode("x").alias("m"))
      .writeStream.outputMode("complete")
      .foreachBatch(out.fn)
      .option("checkpointLocation", "/checkpoints/mode")
      .start();
    const lastBatch = () =>
      [...out.batches.get(Math.max(...out.batches.keys()))!].sort((a, b) =>
        String(a.k).localeCompare(String(b.k)),
      );
    input.addData([
      { k: "a", x: 1 },
      { k: "a", x: 2 },
      { k: "a", x: 2 },
      { k: "b", x: null },
    ]);
    await query.processAllAvailable();
    expect(lastBatch()).toEqual([
      { k: "a", m: 2 },
      { k: "b", m: null },
    ]);
    input.addData([
      { k: "a", x: 1 },
      { k: "a", x: 1 },
      { k: "b", x: 4 },
      { k: "b", x: null },
      { k: "b", x: null },
    ]);
    await query.processAllAvailable();
    expect(lastBatch()).toEqual([
      { k: "a", m: 1 },
      { k: "b", m: 4 },
    ]);
    await query.stop();
  });

  it("lists stateOperators as Spark does, the operator nearest the sink first", async () => {
    const input = new MemoryStream(t.spark, "value INT");
    const query = await input
      .toDF()
      .dropDuplicates(["value"])
      .groupBy()
      .count()
      .writeStream.outputMode("complete")
      .format("memory")
      .queryName("ordered_operators")
      .option("checkpointLocation", "/checkpoints/ordered")
      .start();
    input.addData([{ value: 1 }, { value: 1 }, { value: 2 }]);
    await query.processAllAvailable();
    const operators = query.lastProgress!.stateOperators;
    expect(operators.map((o) => o.operatorName)).toEqual(["stateStoreSave", "dedupe"]);
    expect(operators.map((o) => o.numRowsTotal)).toEqual([1, 2]);
    await query.stop();
  });

  it("restarts from snapshot + deltas; a batch re-run after a crash before commits/N does not count twice", async () => {
    t.spark.conf.set("spark.sql.streaming.stateStore.minDeltasForSnapshot", 2);
    t.spark.conf.set("spark.sql.streaming.minBatchesToRetain", 3);
    const data = makeBatches(9, 15, 9);
    const stream = new MemoryStream(t.spark, "k STRING, k2 INT, x INT, y DOUBLE");
    const out = collectBatches();
    const checkpoint = "/checkpoints/restart";
    const start = () =>
      stream
        .toDF()
        .groupBy("k")
        .agg(count("*").alias("n"), sum("x").alias("sx"), approx_count_distinct("x").alias("d"))
        .writeStream.outputMode("update")
        .foreachBatch(out.fn)
        .option("checkpointLocation", checkpoint)
        .start();
    let query = await start();
    for (const batch of data.slice(0, 6)) {
      stream.addData(batch);
      await query.processAllAvailable();
    }
    await query.stop();
    const stateFiles = async () =>
      (await t.spark.fs.list(`${checkpoint}/state/0`)).map((f) => f.name).filter((n) => /^\d/.test(n));
    // Snapshots at batches 1, 3, 5; files older than what rebuilding batches 3..5 needs are purged.
    expect((await stateFiles()).sort()).toEqual(["3.snapshot", "4.delta", "5.delta", "5.snapshot"].sort());

    // A crash after batch 5's state was written but before commits/5: batch 5 runs again from state 4.
    await t.spark.fs.delete(`${checkpoint}/commits/5`);
    query = await start();
    await query.processAllAvailable();
    for (const batch of data.slice(6)) {
      stream.addData(batch);
      await query.processAllAvailable();
    }
    await query.stop();

    // The last value emitted for each group is its total over everything, counted once.
    const latest = new Map<string, Row>();
    for (const row of out.all()) latest.set(JSON.stringify(row.k), row);
    const groups = groupRows(data.flat(), (r) => r.k);
    expect(latest.size).toBe(groups.size);
    for (const [key, g] of groups) {
      const row = latest.get(key)!;
      expect(row.n).toBe(g.rows.length);
      expect(row.sx).toBe(expectedAggregates(g.rows).sx);
    }
    expect(out.batches.size).toBe(9);
  });

  it("a missing delta or a garbage state file stops the restart with an error naming the file", async () => {
    const stream = new MemoryStream(t.spark, "k STRING, k2 INT, x INT, y DOUBLE");
    const checkpoint = "/checkpoints/broken";
    const start = () =>
      stream
        .toDF()
        .groupBy("k")
        .count()
        .writeStream.outputMode("complete")
        .format("memory")
        .queryName("broken")
        .option("checkpointLocation", checkpoint)
        .start();
    const query = await start();
    for (const batch of makeBatches(3, 5)) {
      stream.addData(batch);
      await query.processAllAvailable();
    }
    await query.stop();
    const delta = `${checkpoint}/state/0/1.delta`;
    const bytes = await t.spark.fs.readFile(delta);
    await t.spark.fs.writeFile(delta, new TextEncoder().encode("not arrow at all"));
    await expect(start()).rejects.toThrow(`Checkpoint file ${delta} is corrupt`);
    await t.spark.fs.delete(delta);
    await expect(start()).rejects.toThrow(
      `Checkpoint file ${delta} is corrupt: the state delta of batch 1 is missing`,
    );
    await t.spark.fs.writeFile(delta, bytes);
    const resumed = await start();
    await resumed.processAllAvailable();
    expect(resumed.exception()).toBeNull();
    await resumed.stop();
  });

  it("distinct() is an aggregation over every column: complete mode holds each distinct row once", async () => {
    const stream = new MemoryStream(t.spark, "k STRING, k2 INT, x INT, y DOUBLE");
    const out = collectBatches();
    const query = await stream
      .toDF()
      .select("k", "k2")
      .distinct()
      .writeStream.outputMode("complete")
      .foreachBatch(out.fn)
      .option("checkpointLocation", "/checkpoints/distinct")
      .start();
    const data = makeBatches(3, 20, 4);
    for (const batch of data) {
      stream.addData(batch);
      await query.processAllAvailable();
    }
    await query.stop();
    const expected = [...groupRows(data.flat(), (r) => [r.k, r.k2]).values()].map((g) => ({
      k: g.key[0],
      k2: g.key[1],
    }));
    expect(sortedRows(out.batches.get(2)!)).toEqual(sortedRows(expected));
  });

  it("limit(n) in append mode passes the first n rows of the stream, across batches and a restart", async () => {
    const stream = new MemoryStream(t.spark, "k STRING, k2 INT, x INT, y DOUBLE");
    const out = collectBatches();
    const start = () =>
      stream
        .toDF()
        .limit(5)
        .writeStream.foreachBatch(out.fn)
        .option("checkpointLocation", "/checkpoints/limit")
        .start();
    let query = await start();
    const data = makeBatches(3, 3, 8);
    stream.addData(data[0]);
    await query.processAllAvailable();
    await query.stop();
    query = await start();
    stream.addData(data[1]);
    await query.processAllAvailable();
    stream.addData(data[2]);
    await query.processAllAvailable();
    await query.stop();
    expect([...out.batches.values()].map((rows) => rows.length)).toEqual([3, 2, 0]);
    expect(out.all().map((r) => r.x)).toEqual(
      data
        .flat()
        .slice(0, 5)
        .map((r) => r.x),
    );
  });

  it("chained aggregations in append mode (Spark 3.5+): windows closed by the first feed the second", async () => {
    const events = new MemoryStream(t.spark, "user STRING, ts TIMESTAMP");
    const at = (s: number) => new Date(Date.UTC(2024, 0, 1, 0, 0, s));
    const out = collectBatches();
    const perUser = events
      .toDF()
      .withWatermark("ts", "5 seconds")
      .groupBy(window("ts", "10 seconds"), col("user"))
      .agg(count("*").alias("n"));
    const query = await perUser
      .groupBy("window")
      .agg(count("*").alias("users"), sum("n").alias("events"))
      .writeStream.outputMode("append")
      .foreachBatch(out.fn)
      .option("checkpointLocation", "/checkpoints/chained")
      .start();
    const rounds: number[] = [];
    for (const rows of [
      [
        { user: "a", ts: at(1) },
        { user: "b", ts: at(2) },
        { user: "a", ts: at(3) },
      ],
      [{ user: "c", ts: at(12) }], // watermark 7 s: no window has closed
      [{ user: "c", ts: at(30) }], // watermark 25 s: both windows close, in both aggregations
    ]) {
      events.addData(rows);
      await query.processAllAvailable();
      rounds.push(out.all().length);
    }
    await query.stop();
    expect(rounds).toEqual([0, 0, 2]);
    const summary = out
      .all()
      .map((r) => `${(r.window as { start: Date }).start.getUTCSeconds()} ${r.users} ${r.events}`);
    expect(summary.sort()).toEqual(["0 2 3", "10 1 1"]);
  });

  describe("Spark's refusals, before any batch runs", () => {
    const refused = async (
      build: (s: MemoryStream) => ReturnType<MemoryStream["toDF"]>,
      mode: string,
      message: string,
    ) => {
      const stream = new MemoryStream(t.spark, "k STRING, k2 INT, x INT, y DOUBLE");
      await expect(
        build(stream)
          .writeStream.outputMode(mode)
          .format("memory")
          .queryName("refused")
          .option("checkpointLocation", "/checkpoints/refused")
          .start(),
      ).rejects.toThrow(message);
      expect(await t.spark.fs.stat("/checkpoints/refused")).toBeUndefined();
    };

    it("countDistinct", () =>
      refused(
        (s) => s.toDF().groupBy("k").agg(countDistinct("x")),
        "complete",
        "Distinct aggregations are not supported on streaming DataFrames/Datasets. Consider using approx_count_distinct() instead.",
      ));

    it("a second aggregation", () =>
      refused(
        (s) => s.toDF().groupBy("k").count().groupBy("count").count(),
        "update",
        "Detected pattern of possible 'correctness' issue due to global watermark.",
      ));

    it("a second aggregation in append mode without a watermark", () =>
      refused(
        (s) => s.toDF().groupBy("k").count().groupBy("count").count(),
        "append",
        "Invalid streaming output mode: append. This output mode is not supported for streaming aggregations without watermark on streaming DataFrames/DataSets.",
      ));

    it("sorting before the aggregation", () =>
      refused(
        (s) => s.toDF().orderBy("x").groupBy("k").count(),
        "complete",
        "Sorting is not supported on streaming DataFrames/Datasets, unless it is on aggregated DataFrame/Dataset in Complete output mode",
      ));

    it("sorting an aggregation outside complete mode", () =>
      refused(
        (s) => s.toDF().groupBy("k").count().orderBy("count"),
        "update",
        "Sorting is not supported on streaming DataFrames/Datasets, unless it is on aggregated DataFrame/Dataset in Complete output mode",
      ));
  });

  it("sorting the aggregation in complete mode is allowed", async () => {
    const stream = new MemoryStream(t.spark, "k STRING, k2 INT, x INT, y DOUBLE");
    const query = await stream
      .toDF()
      .groupBy("k")
      .count()
      .orderBy(col("count").desc(), col("k"))
      .writeStream.outputMode("complete")
      .format("memory")
      .queryName("sorted")
      .start();
    const data = makeBatches(2, 30);
    for (const batch of data) stream.addData(batch);
    await query.processAllAvailable();
    const rows = await t.spark.sql("SELECT * FROM sorted").collect();
    const expected = [...groupRows(data.flat(), (r) => r.k).values()]
      .map((g) => ({ k: g.key, count: g.rows.length }))
      .sort((a, b) => b.count - a.count || String(a.k).localeCompare(String(b.k)));
    expect(sortedRows(rows)).toEqual(sortedRows(expected));
    await query.stop();
  });
});

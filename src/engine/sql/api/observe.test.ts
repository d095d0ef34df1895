import { describe, expect, it } from "vitest";
import { AnalysisException } from "../../errors";
import { MemoryStream } from "../../sources/MemoryStream";
import { progressToJSON, type StreamingQueryProgress } from "../../streaming/runtime/progress";
import { sharedSession } from "../../testing/files";
import { avg, col, count, max, min, sum, sumDistinct, udf, when } from "./functions";

describe("DataFrame.observe", () => {
  const ctx = sharedSession();

  it("reports each micro-batch's metrics in its progress and on the listener", async () => {
    // StreamingQueryListenerSuite "listener propagates observable metrics".
    const { spark } = ctx.t;
    const input = new MemoryStream(spark, "value INT");
    const df = input
      .toDF()
      .observe(
        "my_event",
        min(col("value")).alias("min_val"),
        max(col("value")).alias("max_val"),
        sum(col("value")).alias("sum_val"),
        count(when(col("value").mod(2).eq(0), 1)).alias("num_even"),
      )
      .observe("other_event", avg(col("value")).cast("int").alias("avg_val"));
    const events: StreamingQueryProgress[] = [];
    const listener = {
      onQueryStarted: () => {},
      onQueryProgress: (e: { progress: StreamingQueryProgress }) => events.push(e.progress),
      onQueryTerminated: () => {},
    };
    spark.streams.addListener(listener);
    const query = await df.writeStream.format("memory").queryName("observed").outputMode("append").start();
    try {
      input.addData([{ value: 1 }, { value: 2 }]);
      await query.processAllAvailable();
      expect(query.lastProgress!.observedMetrics).toEqual({
        my_event: { min_val: 1, max_val: 2, sum_val: 3, num_even: 1 },
        other_event: { avg_val: 1 },
      });
      input.addData([{ value: 10 }, { value: 30 }, { value: -10 }, { value: 5 }]);
      await query.processAllAvailable();
      expect(query.lastProgress!.observedMetrics).toEqual({
        my_event: { min_val: -10, max_val: 30, sum_val: 35, num_even: 3 },
        other_event: { avg_val: 8 },
      });
      expect(events.at(-1)!.observedMetrics).toEqual(query.lastProgress!.observedMetrics);
      // Spark's JSON: the map sorted by name, each row's fields in their order.
      expect(JSON.stringify(progressToJSON(query.lastProgress!).observedMetrics)).toBe(
        '{"my_event":{"min_val":-10,"max_val":30,"sum_val":35,"num_even":3},"other_event":{"avg_val":8}}',
      );
      // The rows pass through unchanged.
      const rows = await spark.sql("SELECT value FROM observed ORDER BY value").collect();
      expect(rows.map((r) => r.value)).toEqual([-10, 1, 2, 5, 10, 30]);
    } finally {
      await query.stop();
      spark.streams.removeListener(listener);
    }
  });

  it("writes a double metric as a double in the progress JSON: 3.0, not 3 (StreamingQueryStatusAndProgressSuite)", async () => {
    // Spark's Row.jsonValue writes a DoubleType field as JDouble, which json4s prints as Java's Double.toString.
    const { spark } = ctx.t;
    const input = new MemoryStream(spark, "value INT");
    const query = await input
      .toDF()
      .observe("event", count(col("value")).alias("c1"), avg(col("value")).alias("c2"))
      .writeStream.format("memory")
      .queryName("observed_doubles")
      .start();
    try {
      input.addData([{ value: 2 }, { value: 4 }]);
      await query.processAllAvailable();
      const progress = query.lastProgress!;
      expect(progress.observedMetrics).toEqual({ event: { c1: 2, c2: 3 } });
      expect(progress.json).toContain('"observedMetrics":{"event":{"c1":2,"c2":3.0}}');
      expect(progress.prettyJson).toContain('"event" : {\n      "c1" : 2,\n      "c2" : 3.0\n    }');
    } finally {
      await query.stop();
    }
  });

  it("computes the metrics over the rows that reach it, in a batch with none of them", async () => {
    const { spark } = ctx.t;
    const input = new MemoryStream(spark, "value INT");
    const query = await input
      .toDF()
      .filter(col("value").gt(100))
      .observe("big", count(col("value")).alias("n"), sum(col("value")).alias("total"))
      .writeStream.format("memory")
      .queryName("observed_filtered")
      .start();
    try {
      input.addData([{ value: 1 }, { value: 2 }]);
      await query.processAllAvailable();
      expect(query.lastProgress!.observedMetrics).toEqual({ big: { n: 0, total: null } });
      expect(JSON.stringify(progressToJSON(query.lastProgress!).observedMetrics)).toBe(
        '{"big":{"n":0,"total":null}}',
      );
    } finally {
      await query.stop();
    }
  });

  it("refuses a metric that is not an aggregate, as Spark's CheckAnalysis", async () => {
    const { spark } = ctx.t;
    const df = new MemoryStream(spark, "value INT").toDF();
    const refused = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e;
      }
      throw new Error("not refused");
    };
    // AnalysisErrorSuite "check CollectMetrics resolved": Spark names the whole metric, its alias included.
    const attribute = refused(() => df.observe("m", col("value").alias("v"))) as AnalysisException;
    expect(attribute).toBeInstanceOf(AnalysisException);
    expect(attribute.getCondition()).toBe("INVALID_OBSERVED_METRICS.NON_AGGREGATE_FUNC_ARG_IS_ATTRIBUTE");
    expect(attribute.getMessageParameters()).toEqual({ expr: '"value AS v"' });
    expect(attribute.getSqlState()).toBe("42K0E");
    expect(attribute.message).toBe(
      '[INVALID_OBSERVED_METRICS.NON_AGGREGATE_FUNC_ARG_IS_ATTRIBUTE] Invalid observed metrics. Attribute "value AS v" can only be used as an argument to an aggregate function. SQLSTATE: 42K0E',
    );
    const mixed = refused(() => df.observe("m", sum(col("value")).plus(col("value")))) as AnalysisException;
    expect(mixed.getCondition()).toBe("INVALID_OBSERVED_METRICS.NON_AGGREGATE_FUNC_ARG_IS_ATTRIBUTE");
    expect(mixed.getMessageParameters()).toEqual({ expr: '"(sum(value) + value)"' });
    const nested = refused(() => df.observe("m", sum(sum(col("value"))).alias("sum"))) as AnalysisException;
    expect(nested.getCondition()).toBe("INVALID_OBSERVED_METRICS.NESTED_AGGREGATES_UNSUPPORTED");
    expect(nested.message).toBe(
      '[INVALID_OBSERVED_METRICS.NESTED_AGGREGATES_UNSUPPORTED] Invalid observed metrics. Nested aggregates are not allowed in observed metrics, but found: "sum(sum(value)) AS sum". SQLSTATE: 42K0E',
    );
    const distinct = refused(() =>
      df.observe("m", sumDistinct(col("value")).alias("sum")),
    ) as AnalysisException;
    expect(distinct.getCondition()).toBe(
      "INVALID_OBSERVED_METRICS.AGGREGATE_EXPRESSION_WITH_DISTINCT_UNSUPPORTED",
    );
    expect(distinct.message).toBe(
      '[INVALID_OBSERVED_METRICS.AGGREGATE_EXPRESSION_WITH_DISTINCT_UNSUPPORTED] Invalid observed metrics. Aggregate expressions with DISTINCT are not allowed in observed metrics, but found: "sum(DISTINCT value) AS sum". SQLSTATE: 42K0E',
    );
    const roll = udf(() => Math.random(), "double").asNondeterministic();
    const random = refused(() => df.observe("m", roll().alias("rnd"))) as AnalysisException;
    expect(random.getCondition()).toBe(
      "INVALID_OBSERVED_METRICS.NON_AGGREGATE_FUNC_ARG_IS_NON_DETERMINISTIC",
    );
    expect(random.getMessageParameters()).toEqual({ expr: `"${roll.name}() AS rnd"` });
  });

  it("leaves a batch DataFrame's rows as they are", async () => {
    const { spark } = ctx.t;
    const df = spark.createDataFrame([{ id: 1 }, { id: 2 }], "id INT");
    const rows = await df.observe("m", count(col("id")).alias("n")).collect();
    expect(rows).toEqual([{ id: 1 }, { id: 2 }]);
  });
});

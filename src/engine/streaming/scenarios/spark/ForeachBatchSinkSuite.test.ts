/**
 * Cases of Spark's ForeachBatchSinkSuite (sql/core/src/test/scala/org/apache/spark/sql/execution/streaming/
 * sources), each named as there, with Spark's inputs and expected answers. Spark's typed `ds.map(_ + 1)` is the
 * untyped `value + 1` here (Sluice's DataFrames are untyped).
 *
 * Not ported, as they inspect Spark's physical and logical plans:
 * - "foreachBatch should not introduce object serialization": no SerializeFromObjectExec in the batch's plan
 *   (Sluice has no object encoders); the part observable here, the writer being called under Trigger.Once,
 *   is checked in "the writer is called under Trigger.Once" below;
 * - "Leaf node of Dataset in foreachBatch should carry over origin logical plan": LogicalRDD's originLogicalPlan.
 */
import { describe, expect, it } from "vitest";
import { MemoryStream } from "../../../sources/MemoryStream";
import type { DataFrame } from "../../../sql/api/DataFrame";
import { col, count } from "../../../sql/api/functions";
import type { Row } from "../../../sql/api/rows";
import { sharedSession } from "../../../testing/files";

type Failure = Error & { getCondition?(): string };
const failureOf = (run: () => Promise<unknown>) =>
  Promise.resolve()
    .then(run)
    .then(
      () => undefined,
      (e: Failure) => e,
    );
/** A row's values in column order, bigints as numbers. */
const values = (r: Row) => Object.values(r).map((v) => (typeof v === "bigint" ? Number(v) : v));

describe("ForeachBatchSinkSuite", () => {
  const ctx = sharedSession();

  /**
   * Spark's ForeachBatchTester: starts `ds` with a foreachBatch writer that records each batch's rows by batch
   * id, then for each check adds `in` and expects batch N (counted from 0) to have recorded `out`.
   */
  const testWriter = async (
    mem: MemoryStream,
    ds: DataFrame,
    writer: (df: DataFrame, batchId: number) => Promise<DataFrame>,
    checks: { in: number[]; out: unknown[][]; ordered?: boolean }[],
    outputMode = "append",
  ) => {
    const recorded = new Map<number, unknown[][]>();
    const query = await ds.writeStream
      .outputMode(outputMode)
      .foreachBatch(async (df, batchId) => {
        recorded.set(batchId, (await (await writer(df, batchId)).collect()).map(values));
      })
      .start();
    try {
      let expectedBatchId = -1;
      for (const check of checks) {
        expectedBatchId += 1;
        mem.addData(check.in.map((v) => [v]));
        await query.processAllAvailable();
        expect(recorded.has(expectedBatchId)).toBe(true);
        const got = recorded.get(expectedBatchId)!;
        expect(check.ordered ? got : [...got].sort()).toEqual(
          check.ordered ? check.out : [...check.out].sort(),
        );
      }
      return query;
    } finally {
      await query.stop();
    }
  };

  it("foreachBatch with non-stateful query", async () => {
    const mem = new MemoryStream(ctx.t.spark, "value INT");
    const ds = mem.toDF().selectExpr("value + 1 AS value");
    // out = in + 2 (i.e. 1 in query, 1 in writer)
    await testWriter(mem, ds, async (df) => df.selectExpr("value + 1 AS value"), [
      { in: [1, 2, 3], out: [[3], [4], [5]] },
      { in: [5, 6, 7], out: [[7], [8], [9]] },
    ]);
  });

  it("foreachBatch with non-stateful query - untyped Dataset", async () => {
    const mem = new MemoryStream(ctx.t.spark, "value INT");
    const ds = mem.toDF().selectExpr("value + 1 as value");
    await testWriter(mem, ds, async (df) => df.selectExpr("value + 1"), [
      { in: [1, 2, 3], out: [[3], [4], [5]] },
      { in: [5, 6, 7], out: [[7], [8], [9]] },
    ]);
  });

  const keyCounts = (mem: MemoryStream) =>
    mem.toDF().select(col("value").mod(2).as("key")).groupBy("key").agg(count("*").as("value"));

  it("foreachBatch with stateful query in update mode", async () => {
    const mem = new MemoryStream(ctx.t.spark, "value INT");
    await testWriter(
      mem,
      keyCounts(mem),
      async (df) => df,
      [
        { in: [0], out: [[0, 1]] },
        { in: [1], out: [[1, 1]] },
        {
          in: [2, 3],
          out: [
            [0, 2],
            [1, 2],
          ],
        },
      ],
      "update",
    );
  });

  it("foreachBatch with stateful query in complete mode", async () => {
    const mem = new MemoryStream(ctx.t.spark, "value INT");
    await testWriter(
      mem,
      keyCounts(mem),
      async (df) => df,
      [
        { in: [0], out: [[0, 1]] },
        {
          in: [1],
          out: [
            [0, 1],
            [1, 1],
          ],
        },
        {
          in: [2],
          out: [
            [0, 2],
            [1, 1],
          ],
        },
      ],
      "complete",
    );
  });

  it("foreachBatch with batch specific operations", async () => {
    const mem = new MemoryStream(ctx.t.spark, "value INT");
    const ds = mem.toDF().selectExpr("value + 1 AS value");
    const writer = async (df: DataFrame) => {
      await df.persist();
      const newDF = df.selectExpr("value + 1 AS value").repartition(1).sort(col("value").desc());
      // just run another simple query against cached DF to confirm they don't conflict each other
      const curValues = (await df.collect()).map((r) => Number(r.value));
      const newValues = (await df.selectExpr("value + 2 AS value").collect()).map((r) => Number(r.value));
      expect(curValues.map((v) => v + 2)).toEqual(newValues);
      const recorded = ctx.t.spark.createDataFrame(
        (await newDF.collect()).map((r) => [Number(r.value)]),
        "value INT",
      );
      await df.unpersist();
      return recorded;
    };
    // out = in + 2 (i.e. 1 in query, 1 in writer), with sorted
    await testWriter(mem, ds, writer, [
      { in: [1, 2, 3], out: [[5], [4], [3]], ordered: true },
      { in: [5, 6, 7], out: [[9], [8], [7]], ordered: true },
    ]);
  });

  it("foreachBatchSink does not affect metric generation", async () => {
    const mem = new MemoryStream(ctx.t.spark, "value INT");
    const ds = mem.toDF().selectExpr("value + 1 AS value");
    const query = await testWriter(mem, ds, async (df) => df.selectExpr("value + 1 AS value"), [
      { in: [1, 2, 3], out: [[3], [4], [5]] },
    ]);
    expect(query.recentProgress.some((p) => p.numInputRows > 0)).toBe(true);
  });

  it("throws errors in invalid situations", async () => {
    const ds = new MemoryStream(ctx.t.spark, "value INT").toDF();
    const ex1 = await failureOf(() =>
      ds.writeStream.foreachBatch(null as unknown as (df: DataFrame, id: number) => void).start(),
    );
    expect(ex1?.name).toBe("IllegalArgumentException");
    expect(ex1?.message).toContain("foreachBatch function cannot be null");
    const ex2 = await failureOf(() =>
      ds.writeStream
        .foreachBatch(() => {})
        .trigger({ continuous: "1 second" })
        .start(),
    );
    expect(ex2?.name).toBe("AnalysisException");
    expect(ex2?.message).toContain("'foreachBatch' is not supported with continuous trigger");
    const ex3 = await failureOf(() =>
      ds.writeStream
        .foreachBatch(() => {})
        .partitionBy("value")
        .start(),
    );
    expect(ex3?.name).toBe("AnalysisException");
    expect(ex3?.message).toContain("'foreachBatch' does not support partitioning");
  });

  it("the writer is called under Trigger.Once (of 'foreachBatch should not introduce object serialization')", async () => {
    // Spark runs it typed and untyped; Sluice's DataFrames are untyped, one run.
    const stream = new MemoryStream(ctx.t.spark, "value INT");
    const ds = stream.toDF().selectExpr("value + 1 as value");
    let called = false;
    stream.addData([[1], [2], [3], [4], [5]]);
    const query = await ds.writeStream
      .trigger({ once: true })
      .foreachBatch(() => {
        called = true;
      })
      .start();
    await query.awaitTermination();
    expect(called).toBe(true);
  });
});

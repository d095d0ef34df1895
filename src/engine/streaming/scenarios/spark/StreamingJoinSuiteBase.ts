/**
 * The setups Spark's abstract StreamingJoinSuite gives its inner, outer, full outer and left semi join suites
 * (sql/core/src/test/scala/org/apache/spark/sql/streaming/StreamingJoinSuite.scala), each with Spark's columns,
 * watermarks and conditions. `MemoryStream[Int]` is a column `value`, `MemoryStream[(Int, Int)]` columns `_1`, `_2`.
 */
import { expect } from "vitest";
import type { SparkSession } from "../../../session/SparkSession";
import { MemoryStream } from "../../../sources/MemoryStream";
import type { DataFrame } from "../../../sql/api/DataFrame";
import { col, expr, timestamp_seconds, window } from "../../../sql/api/functions";
import { AssertOnQuery, type StreamAction } from "../../../testing/testStream";

/** Spark's setupStream: key, `<prefix>Time` (the value as seconds), `<prefix>Value`, a 10-second watermark. */
export function setupStream(
  spark: SparkSession,
  prefix: string,
  multiplier: number,
): [MemoryStream, DataFrame] {
  const input = new MemoryStream(spark, "value INT");
  const df = input
    .toDF()
    .select(
      col("value").alias("key"),
      timestamp_seconds(col("value")).alias(`${prefix}Time`),
      col("value").multiply(multiplier).alias(`${prefix}Value`),
    )
    .withWatermark(`${prefix}Time`, "10 seconds");
  return [input, df];
}

/** Spark's setupWindowedJoin: both streams windowed by 10 seconds, joined on key and window. */
export function setupWindowedJoin(spark: SparkSession, joinType: string) {
  const [leftInput, df1] = setupStream(spark, "left", 2);
  const [rightInput, df2] = setupStream(spark, "right", 3);
  const windowed1 = df1.select(col("key"), window(col("leftTime"), "10 second"), col("leftValue"));
  const windowed2 = df2.select(col("key"), window(col("rightTime"), "10 second"), col("rightValue"));
  const joined = windowed1.join(windowed2, ["key", "window"], joinType);
  const selected =
    joinType === "left_semi"
      ? joined.select(col("key"), col("window.end").cast("long"), col("leftValue"))
      : joined.select(col("key"), col("window.end").cast("long"), col("leftValue"), col("rightValue"));
  return { leftInput, rightInput, joined: selected };
}

/**
 * Spark's setupWindowedJoinWith{Left,Right}Condition: the windowed join with a condition on one side's value
 * (the right value a string, so that a null row shows which side it stands for).
 */
export function setupWindowedJoinWithCondition(
  spark: SparkSession,
  side: "left" | "right",
  joinType: string,
) {
  const [leftInput, df1] = setupStream(spark, "left", 2);
  const [rightInput, df2] = setupStream(spark, "right", 3);
  const left = df1.select(col("key"), window(col("leftTime"), "10 second"), col("leftValue"));
  const right = df2.select(
    col("key"),
    window(col("rightTime"), "10 second"),
    col("rightValue").cast("string"),
  );
  const condition = side === "left" ? col("leftValue").gt(4) : col("rightValue").cast("int").gt(7);
  const joined = left.join(
    right,
    left
      .col("key")
      .equalTo(right.col("key"))
      .and(left.col("window").equalTo(right.col("window")))
      .and(condition),
    joinType,
  );
  const leftEnd = left.col("window.end").cast("long");
  const rightEnd = right.col("window.end").cast("long");
  const selected =
    joinType === "left_semi"
      ? joined.select(left.col("key"), leftEnd, col("leftValue"))
      : joinType === "left_outer"
        ? joined.select(left.col("key"), leftEnd, col("leftValue"), col("rightValue"))
        : joinType === "right_outer"
          ? joined.select(right.col("key"), rightEnd, col("leftValue"), col("rightValue"))
          : joined.select(
              left.col("key"),
              leftEnd,
              col("leftValue"),
              right.col("key"),
              rightEnd,
              col("rightValue"),
            );
  return { leftInput, rightInput, joined: selected };
}

/**
 * The two (key, time) streams of Spark's time-range cases: `leftKey`/`rightKey`, the time as a timestamp, and the
 * key times 2 or 3 as the value, each side under its own watermark.
 */
export function rangeSides(spark: SparkSession, leftWatermark: string, rightWatermark: string) {
  const leftInput = new MemoryStream(spark, "_1 INT, _2 INT");
  const rightInput = new MemoryStream(spark, "_1 INT, _2 INT");
  const df1 = leftInput
    .toDF()
    .toDF("leftKey", "time")
    .select(
      col("leftKey"),
      timestamp_seconds(col("time")).alias("leftTime"),
      col("leftKey").multiply(2).alias("leftValue"),
    )
    .withWatermark("leftTime", leftWatermark);
  const df2 = rightInput
    .toDF()
    .toDF("rightKey", "time")
    .select(
      col("rightKey"),
      timestamp_seconds(col("time")).alias("rightTime"),
      col("rightKey").multiply(3).alias("rightValue"),
    )
    .withWatermark("rightTime", rightWatermark);
  return { leftInput, rightInput, df1, df2 };
}

/** Spark's setupJoinWithRangeCondition: (key, time) streams joined on key and `leftTime` within bounds of `rightTime`. */
export function setupJoinWithRangeCondition(
  spark: SparkSession,
  joinType: string,
  watermark = "10 seconds",
  lowerBound = "interval 5 seconds",
  upperBound = "interval 5 seconds",
) {
  const { leftInput, rightInput, df1, df2 } = rangeSides(spark, watermark, watermark);
  const joined = df1.join(
    df2,
    expr(`leftKey = rightKey AND leftTime BETWEEN rightTime - ${lowerBound} AND rightTime + ${upperBound}`),
    joinType,
  );
  const selected =
    joinType === "left_semi"
      ? joined.select(col("leftKey"), col("leftTime").cast("int"))
      : joined.select(
          col("leftKey"),
          col("rightKey"),
          col("leftTime").cast("int"),
          col("rightTime").cast("int"),
        );
  return { leftInput, rightInput, joined: selected };
}

/**
 * Spark's setupSelfJoin: one stream of (value, seconds) joined with its even rows within 5 seconds after, both
 * sides with a 5-second watermark.
 */
export function setupSelfJoin(spark: SparkSession, joinType: string) {
  const inputStream = new MemoryStream(spark, "_1 INT, _2 BIGINT");
  const df = inputStream
    .toDF()
    .select(col("_1").alias("value"), timestamp_seconds(col("_2")).alias("timestamp"));
  const leftStream = df.select(col("value").alias("leftId"), col("timestamp").alias("leftTime"));
  const rightStream = df
    .where(col("value").mod(2).equalTo(0))
    .select(col("value").alias("rightId"), col("timestamp").alias("rightTime"));
  const joined = leftStream
    .withWatermark("leftTime", "5 seconds")
    .join(
      rightStream.withWatermark("rightTime", "5 seconds"),
      expr("leftId = rightId AND rightTime >= leftTime AND rightTime <= leftTime + interval 5 seconds"),
      joinType,
    );
  const selected =
    joinType === "left_semi"
      ? joined.select(col("leftId"), col("leftTime").cast("int"))
      : joined.select(
          col("leftId"),
          col("leftTime").cast("int"),
          col("rightId"),
          col("rightTime").cast("int"),
        );
  return { inputStream, joined: selected };
}

/**
 * Spark's StateStoreMetricsTest.assertStateStoreRows: once the query has processed what is available, the rows of
 * one side of the join with operator id `opId` in its checkpoint's latest committed state (the "statestore"
 * reader with `joinSide`), projected by `projection` (SQL expressions over `key` and `value`), are `expected` in
 * any order.
 */
export function assertStateStoreRows(
  spark: SparkSession,
  checkpoint: string,
  opId: number,
  joinSide: "left" | "right",
  expected: unknown[][],
  ...projection: string[]
): StreamAction {
  return AssertOnQuery(async (q) => {
    await q.processAllAvailable();
    const rows = await spark.read
      .format("statestore")
      .option("joinSide", joinSide)
      .option("operatorId", opId)
      .load(checkpoint)
      .selectExpr(...projection)
      .collect();
    const asText = (r: unknown[]) => JSON.stringify(r.map((v) => (typeof v === "bigint" ? Number(v) : v)));
    const actual = rows.map((r) => asText(Object.values(r))).sort();
    expect(actual, `state rows of operator ${opId}, ${joinSide} side`).toEqual(expected.map(asText).sort());
    return true;
  });
}

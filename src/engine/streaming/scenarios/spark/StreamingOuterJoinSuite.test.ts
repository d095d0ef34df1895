/**
 * Cases of Spark's StreamingOuterJoinSuite (in sql/core/src/test/scala/org/apache/spark/sql/streaming/
 * StreamingJoinSuite.scala), each named as there, with Spark's inputs and expected answers; the setups are
 * StreamingJoinSuiteBase's. Not ported: "SPARK-26187 restore the stream-stream outer join query from Spark 2.4"
 * (a checkpoint of Spark 2.4 from Spark's test resources, refused for its state format version 1, which Sluice's
 * checkpoints never have). SPARK-29438 restarts a union with a join on a MemoryStream with more partitions; a
 * MemoryStream here has none, so the case checks the answers of that restart.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryStream } from "../../../sources/MemoryStream";
import type { DataFrame } from "../../../sql/api/DataFrame";
import { col, expr, timestamp_seconds, window } from "../../../sql/api/functions";
import { newTestSession, type TestSession } from "../../../testing/fixtures";
import {
  AddData,
  assertNumStateRows,
  CheckAnswer,
  CheckNewAnswer,
  StartStream,
  StopStream,
  testStream,
} from "../../../testing/testStream";
import {
  assertStateStoreRows,
  setupJoinWithRangeCondition,
  setupStream,
  setupWindowedJoin,
  setupWindowedJoinWithCondition,
} from "./StreamingJoinSuiteBase";

describe("StreamingOuterJoinSuite", () => {
  let t: TestSession;
  beforeEach(async () => {
    t = await newTestSession();
  });
  afterEach(() => t.cleanup());
  /** Spark's `Timestamp.valueOf`, in the session's time zone (UTC here). */
  const ts = (text: string) => new Date(`${text.replace(" ", "T")}Z`);
  /** How an answer writes that timestamp. */
  const iso = (text: string) => ts(text).toISOString();

  it("left outer early state exclusion on left", async () => {
    const { leftInput, rightInput, joined } = setupWindowedJoinWithCondition(t.spark, "left", "left_outer");
    await testStream(
      t,
      joined,
      "append",
      AddData(leftInput, 1, 2, 3),
      AddData(rightInput, 3, 4, 5),
      // The left rows with leftValue <= 4 should generate their outer join row now and not get added to the state.
      CheckNewAnswer([3, 10, 6, "9"], [1, 10, 2, null], [2, 10, 4, null]),
      assertNumStateRows({ total: 4, updated: 4 }),
      // We shouldn't get more outer join rows when the watermark advances.
      AddData(leftInput, 20),
      AddData(rightInput, 21),
      CheckNewAnswer(),
      StopStream,
      // Restart the query from the same checkpoint
      StartStream(),
      AddData(rightInput, 20),
      CheckNewAnswer([20, 30, 40, "60"]),
    );
  });

  it("left outer early state exclusion on right", async () => {
    const { leftInput, rightInput, joined } = setupWindowedJoinWithCondition(t.spark, "right", "left_outer");
    await testStream(
      t,
      joined,
      "append",
      AddData(leftInput, 3, 4, 5),
      AddData(rightInput, 1, 2, 3),
      CheckNewAnswer([3, 10, 6, "9"]), // rightValue = 9 > 7 hence joined and added to state
      assertNumStateRows({ total: 4, updated: 4 }),
      AddData(leftInput, 20),
      AddData(rightInput, 21), // watermark = 10, no-data-batch computes nulls
      CheckNewAnswer([4, 10, 8, null], [5, 10, 10, null]),
      AddData(rightInput, 20),
      CheckNewAnswer([20, 30, 40, "60"]),
    );
  });

  it("right outer early state exclusion on left", async () => {
    const { leftInput, rightInput, joined } = setupWindowedJoinWithCondition(t.spark, "left", "right_outer");
    await testStream(
      t,
      joined,
      "append",
      AddData(leftInput, 1, 2, 3),
      AddData(rightInput, 3, 4, 5),
      CheckNewAnswer([3, 10, 6, "9"]), // leftValue = 7 > 4 hence joined and added to state
      assertNumStateRows({ total: 4, updated: 4 }),
      AddData(leftInput, 20),
      AddData(rightInput, 21), // watermark = 10, no-data-batch computes nulls
      CheckNewAnswer([4, 10, null, "12"], [5, 10, null, "15"]),
      AddData(rightInput, 20),
      CheckNewAnswer([20, 30, 40, "60"]),
    );
  });

  it("right outer early state exclusion on right", async () => {
    const { leftInput, rightInput, joined } = setupWindowedJoinWithCondition(t.spark, "right", "right_outer");
    await testStream(
      t,
      joined,
      "append",
      AddData(leftInput, 3, 4, 5),
      AddData(rightInput, 1, 2, 3),
      // The right rows with rightValue <= 7 should generate their outer join row now and not get added to the state.
      CheckNewAnswer([3, 10, 6, "9"], [1, 10, null, "3"], [2, 10, null, "6"]),
      assertNumStateRows({ total: 4, updated: 4 }),
      // We shouldn't get more outer join rows when the watermark advances.
      AddData(leftInput, 20),
      AddData(rightInput, 21),
      CheckNewAnswer(),
      AddData(rightInput, 20),
      CheckNewAnswer([20, 30, 40, "60"]),
    );
  });

  it("windowed left outer join", async () => {
    const { leftInput, rightInput, joined } = setupWindowedJoin(t.spark, "left_outer");
    await testStream(
      t,
      joined,
      "append",
      // Test inner part of the join.
      AddData(leftInput, 1, 2, 3, 4, 5),
      AddData(rightInput, 3, 4, 5, 6, 7),
      CheckNewAnswer([3, 10, 6, 9], [4, 10, 8, 12], [5, 10, 10, 15]),
      AddData(leftInput, 21),
      AddData(rightInput, 22), // watermark = 11, no-data-batch computes nulls
      CheckNewAnswer([1, 10, 2, null], [2, 10, 4, null]),
      assertNumStateRows({ total: 2, updated: 12 }),
      AddData(leftInput, 22),
      CheckNewAnswer([22, 30, 44, 66]),
      assertNumStateRows({ total: 3, updated: 1 }),
    );
  });

  it("windowed right outer join", async () => {
    const { leftInput, rightInput, joined } = setupWindowedJoin(t.spark, "right_outer");
    await testStream(
      t,
      joined,
      "append",
      // Test inner part of the join.
      AddData(leftInput, 1, 2, 3, 4, 5),
      AddData(rightInput, 3, 4, 5, 6, 7),
      CheckNewAnswer([3, 10, 6, 9], [4, 10, 8, 12], [5, 10, 10, 15]),
      AddData(leftInput, 21),
      AddData(rightInput, 22), // watermark = 11, no-data-batch computes nulls
      CheckNewAnswer([6, 10, null, 18], [7, 10, null, 21]),
      assertNumStateRows({ total: 2, updated: 12 }),
      AddData(leftInput, 22),
      CheckNewAnswer([22, 30, 44, 66]),
      assertNumStateRows({ total: 3, updated: 1 }),
    );
  });

  for (const [joinType, outerResult] of [
    ["left_outer", [3, null, 5, null]],
    ["right_outer", [null, 2, null, 5]],
  ] as const) {
    it(`${joinType.replace("_", " ")} with watermark range condition`, async () => {
      const { leftInput, rightInput, joined } = setupJoinWithRangeCondition(t.spark, joinType);
      await testStream(
        t,
        joined,
        "append",
        AddData(leftInput, [1, 5], [3, 5]),
        CheckAnswer(),
        AddData(rightInput, [1, 10], [2, 5]),
        CheckNewAnswer([1, 1, 5, 10]),
        AddData(rightInput, [1, 11]),
        CheckNewAnswer(), // no match as left time is too low
        assertNumStateRows({ total: 5, updated: 5 }),
        // Increase event time watermark to 20s by adding data with time = 30s on both inputs
        AddData(leftInput, [1, 7], [1, 30]),
        CheckNewAnswer([1, 1, 7, 10], [1, 1, 7, 11]),
        assertNumStateRows({ total: 7, updated: 2 }),
        AddData(rightInput, [0, 30]), // watermark = 30 - 10 = 20, no-data-batch computes nulls
        CheckNewAnswer([...outerResult]),
        assertNumStateRows({ total: 2, updated: 1 }),
      );
      for (const bound of ["interval 3 minutes 30 seconds", "interval '3:30' minute to second"]) {
        const second = setupJoinWithRangeCondition(t.spark, joinType, "10 minutes", bound, bound);
        await testStream(
          t,
          second.joined,
          "append",
          AddData(second.leftInput, [1, 210], [3, 5]),
          CheckAnswer(),
          AddData(second.rightInput, [1, 300], [2, 5]),
          CheckNewAnswer([1, 1, 210, 300]),
          AddData(second.rightInput, [1, 450]),
          CheckNewAnswer(),
          assertNumStateRows({ total: 5, updated: 5 }),
          AddData(second.leftInput, [1, 260], [1, 1800]),
          CheckNewAnswer([1, 1, 260, 300], [1, 1, 260, 450]),
          assertNumStateRows({ total: 7, updated: 2 }),
          AddData(second.rightInput, [0, 1800]),
          CheckNewAnswer([...outerResult]),
          assertNumStateRows({ total: 2, updated: 1 }),
        );
      }
    });
  }

  // When the join condition isn't true, the outer null rows must be generated, even if the join keys themselves
  // have a match.
  it("left outer join with non-key condition violated", async () => {
    const [leftInput, simpleLeftDf] = setupStream(t.spark, "left", 2);
    const [rightInput, simpleRightDf] = setupStream(t.spark, "right", 3);
    const left = simpleLeftDf.select(col("key"), window(col("leftTime"), "10 second"), col("leftValue"));
    const right = simpleRightDf.select(col("key"), window(col("rightTime"), "10 second"), col("rightValue"));
    const joined = left
      .join(
        right,
        left
          .col("key")
          .equalTo(right.col("key"))
          .and(left.col("window").equalTo(right.col("window")))
          .and(col("leftValue").gt(10))
          .and(col("rightValue").lt(300).or(col("rightValue").gt(1000))),
        "left_outer",
      )
      .select(left.col("key"), left.col("window.end").cast("long"), col("leftValue"), col("rightValue"));
    await testStream(
      t,
      joined,
      "append",
      // leftValue <= 10 should generate outer join rows even though it matches right keys
      AddData(leftInput, 1, 2, 3),
      AddData(rightInput, 1, 2, 3),
      CheckNewAnswer([1, 10, 2, null], [2, 10, 4, null], [3, 10, 6, null]),
      assertNumStateRows({ total: 3, updated: 3 }), // only right 1, 2, 3 added
      AddData(leftInput, 20),
      AddData(rightInput, 21), // watermark = 10, no-data-batch cleared < 10
      CheckNewAnswer(),
      assertNumStateRows({ total: 2, updated: 2 }), // only 20 and 21 left in state
      AddData(rightInput, 20),
      CheckNewAnswer([20, 30, 40, 60]),
      assertNumStateRows({ total: 3, updated: 1 }),
      // leftValue and rightValue both satisfying condition should not generate outer join rows
      AddData(leftInput, 40, 41),
      AddData(rightInput, 40, 41), // watermark = 31
      CheckNewAnswer([40, 50, 80, 120], [41, 50, 82, 123]),
      assertNumStateRows({ total: 4, updated: 4 }), // only left 40, 41 + right 40,41 left in state
      AddData(leftInput, 70),
      AddData(rightInput, 71), // watermark = 60
      CheckNewAnswer(),
      assertNumStateRows({ total: 2, updated: 2 }), // only 70, 71 left in state
      AddData(rightInput, 70),
      CheckNewAnswer([70, 80, 140, 210]),
      assertNumStateRows({ total: 3, updated: 1 }),
      // rightValue between 300 and 1000 should generate outer join rows even though it matches left
      AddData(leftInput, 101, 102, 103),
      AddData(rightInput, 101, 102, 103), // watermark = 91
      CheckNewAnswer(),
      assertNumStateRows({ total: 6, updated: 3 }), // only 101 - 103 left in state
      AddData(leftInput, 1000),
      AddData(rightInput, 1001),
      CheckNewAnswer([101, 110, 202, null], [102, 110, 204, null], [103, 110, 206, null]),
      assertNumStateRows({ total: 2, updated: 2 }),
    );
  });

  /** Spark's self-join stream of the SPARK-26187 cases: (value, seconds), read twice. */
  const selfJoinInput = () => {
    const inputStream = new MemoryStream(t.spark, "_1 INT, _2 BIGINT");
    const df = inputStream
      .toDF()
      .select(col("_1").alias("value"), timestamp_seconds(col("_2")).alias("timestamp"));
    return { inputStream, df };
  };

  it("SPARK-26187 self left outer join should not return outer nulls for already matched rows", async () => {
    const { inputStream, df } = selfJoinInput();
    const leftStream = df.select(col("value").alias("leftId"), col("timestamp").alias("leftTime"));
    const rightStream = df
      // Introduce misses for ease of debugging
      .where(col("value").mod(2).equalTo(0))
      .select(col("value").alias("rightId"), col("timestamp").alias("rightTime"));
    const query = leftStream
      .withWatermark("leftTime", "5 seconds")
      .join(
        rightStream.withWatermark("rightTime", "5 seconds"),
        expr("leftId = rightId AND rightTime >= leftTime AND rightTime <= leftTime + interval 5 seconds"),
        "left_outer",
      )
      .select(col("leftId"), col("leftTime").cast("int"), col("rightId"), col("rightTime").cast("int"));
    await testStream(
      t,
      query,
      "append",
      AddData(inputStream, [1, 1], [2, 2], [3, 3], [4, 4], [5, 5]),
      // batch 1 - global watermark = 0; left: 1 to 5, right: 2, 4
      CheckNewAnswer([2, 2, 2, 2], [4, 4, 4, 4]),
      assertNumStateRows({ total: 7, updated: 7 }),
      AddData(inputStream, [6, 6], [7, 7], [8, 8], [9, 9], [10, 10]),
      // batch 2 - global watermark = 5; left: 1 to 10, right: 6, 8, 10; evicted: right 2, 4, which joined in
      // batch 1, so no outer nulls for them
      CheckNewAnswer([6, 6, 6, 6], [8, 8, 8, 8], [10, 10, 10, 10]),
      assertNumStateRows({ total: 13, updated: 8 }),
      AddData(inputStream, [11, 11], [12, 12], [13, 13], [14, 14], [15, 15]),
      // batch 3 - global watermark = 9; evicted: left 1, 2, 3 and right 6, 8
      CheckNewAnswer([12, 12, 12, 12], [14, 14, 14, 14], [1, 1, null, null], [3, 3, null, null]),
      assertNumStateRows({ total: 15, updated: 7 }),
    );
  });

  it("SPARK-26187 self right outer join should not return outer nulls for already matched rows", async () => {
    const { inputStream, df } = selfJoinInput();
    // "left" and "right" of the left outer case flipped, as a right outer join
    const leftStream = df
      .where(col("value").mod(2).equalTo(0))
      .select(col("value").alias("leftId"), col("timestamp").alias("leftTime"));
    const rightStream = df.select(col("value").alias("rightId"), col("timestamp").alias("rightTime"));
    const query = leftStream
      .withWatermark("leftTime", "5 seconds")
      .join(
        rightStream.withWatermark("rightTime", "5 seconds"),
        expr("leftId = rightId AND leftTime >= rightTime AND leftTime <= rightTime + interval 5 seconds"),
        "rightOuter",
      )
      .select(col("leftId"), col("leftTime").cast("int"), col("rightId"), col("rightTime").cast("int"));
    await testStream(
      t,
      query,
      "append",
      AddData(inputStream, [1, 1], [2, 2], [3, 3], [4, 4], [5, 5]),
      CheckNewAnswer([2, 2, 2, 2], [4, 4, 4, 4]),
      assertNumStateRows({ total: 7, updated: 7 }),
      AddData(inputStream, [6, 6], [7, 7], [8, 8], [9, 9], [10, 10]),
      CheckNewAnswer([6, 6, 6, 6], [8, 8, 8, 8], [10, 10, 10, 10]),
      assertNumStateRows({ total: 13, updated: 8 }),
      AddData(inputStream, [11, 11], [12, 12], [13, 13], [14, 14], [15, 15]),
      CheckNewAnswer([12, 12, 12, 12], [14, 14, 14, 14], [null, null, 1, 1], [null, null, 3, 3]),
      assertNumStateRows({ total: 15, updated: 7 }),
    );
  });

  /** The (time, id, text) streams of SPARK-32148 and SPARK-38684, each with its watermark, joined left outer. */
  const timeRangeLeftOuter = (leftDelay: string, rightDelay: string, rightName: string) => {
    const input1 = new MemoryStream(t.spark, "_1 TIMESTAMP, _2 STRING, _3 STRING");
    const df1 = input1
      .toDF()
      .selectExpr("_1 as eventTime", "_2 as id", "_3 as comment")
      .withWatermark("eventTime", leftDelay);
    const input2 = new MemoryStream(t.spark, "_1 TIMESTAMP, _2 STRING, _3 STRING");
    const df2 = input2
      .toDF()
      .selectExpr("_1 as eventTime", "_2 as id", `_3 as ${rightName}`)
      .withWatermark("eventTime", rightDelay);
    const joined = df1.alias("left").join(
      df2.alias("right"),
      expr(`
          left.id = right.id AND left.eventTime BETWEEN
            right.eventTime - INTERVAL 30 seconds AND
            right.eventTime + INTERVAL 30 seconds`),
      "leftOuter",
    );
    return { input1, input2, joined };
  };

  it("SPARK-29438: ensure UNION doesn't lead stream-stream join to use shifted partition IDs", async () => {
    const checkpoint = "/checkpoints/spark-29438";
    const constructUnionDf = () => {
      const input1 = new MemoryStream(t.spark, "value INT");
      const df1 = input1
        .toDF()
        .select(col("value").alias("key"), col("value").alias("leftValue"), col("value").alias("rightValue"));
      const [input2, df2] = setupStream(t.spark, "left", 2);
      const [input3, df3] = setupStream(t.spark, "right", 3);
      const joined = df2
        .join(
          df3,
          df2
            .col("key")
            .equalTo(df3.col("key"))
            .and(df2.col("leftTime").equalTo(df3.col("rightTime"))),
          "inner",
        )
        .select(df2.col("key"), col("leftValue"), col("rightValue"));
      return { input1, input2, input3, unionDf: df1.union(joined) };
    };
    /** Starts `df` on the checkpoint, adds the three streams' rows as one trigger, and returns its new rows. */
    const run = async (
      u: ReturnType<typeof constructUnionDf>,
      data: [number[], number[], number[]],
    ): Promise<unknown[][]> => {
      const rows: unknown[][] = [];
      const q = await u.unionDf.writeStream
        .option("checkpointLocation", checkpoint)
        .foreachBatch(async (batch) => {
          for (const r of await batch.collect()) rows.push(Object.values(r));
        })
        .start();
      try {
        await q.processAllAvailable();
        rows.length = 0;
        u.input1.addData(data[0].map((v) => [v]));
        u.input2.addData(data[1].map((v) => [v]));
        u.input3.addData(data[2].map((v) => [v]));
        await q.processAllAvailable();
        return rows;
      } finally {
        await q.stop();
      }
    };
    const sorted = (rows: unknown[][]) => rows.map((r) => JSON.stringify(r)).sort();

    const first = await run(constructUnionDf(), [
      [11, 12, 13],
      [11, 12, 13, 14, 15],
      [13, 14, 15, 16, 17],
    ]);
    expect(sorted(first)).toEqual(
      sorted([
        [11, 11, 11],
        [12, 12, 12],
        [13, 13, 13],
        [13, 26, 39],
        [14, 28, 42],
        [15, 30, 45],
      ]),
    );

    // Restored with new streams that hold what the first run read.
    const restored = constructUnionDf();
    restored.input1.addData([[11], [12], [13]]);
    restored.input2.addData([[11], [12], [13], [14], [15]]);
    restored.input3.addData([[13], [14], [15], [16], [17]]);
    const second = await run(restored, [
      [21, 22, 23],
      [21, 22, 23, 24, 25],
      [23, 24, 25, 26, 27],
    ]);
    expect(sorted(second)).toEqual(
      sorted([
        [21, 21, 21],
        [22, 22, 22],
        [23, 23, 23],
        [23, 46, 69],
        [24, 48, 72],
        [25, 50, 75],
      ]),
    );
  });

  it("SPARK-32148 stream-stream join regression on Spark 3.0.0", async () => {
    const { input1, input2, joined } = timeRangeLeftOuter("2 minutes", "4 minutes", "name");
    await testStream(
      t,
      joined,
      "append",
      AddData(
        input1,
        [ts("2020-01-01 00:00:00"), "abc", "has no join partner"],
        [ts("2020-01-02 00:00:00"), "abc", "joined with A"],
        [ts("2020-01-02 01:00:00"), "abc", "joined with B"],
      ),
      AddData(
        input2,
        [ts("2020-01-02 00:00:10"), "abc", "A"],
        [ts("2020-01-02 00:59:59"), "abc", "B"],
        [ts("2020-01-02 02:00:00"), "abc", "C"],
      ),
      CheckNewAnswer(
        [iso("2020-01-01 00:00:00"), "abc", "has no join partner", null, null, null],
        [iso("2020-01-02 00:00:00"), "abc", "joined with A", iso("2020-01-02 00:00:10"), "abc", "A"],
        [iso("2020-01-02 01:00:00"), "abc", "joined with B", iso("2020-01-02 00:59:59"), "abc", "B"],
      ),
    );
  });

  /** Spark's testForLeftOuterJoinKeyNullability: two keys (one null-safe), windows, a left outer join. */
  const leftOuterJoinKeyNullability = (left: DataFrame, right: DataFrame) => {
    const df1 = left
      .selectExpr(
        "_1 as leftKey1",
        "_2 as leftKey2",
        "timestamp_seconds(_2) as leftTime",
        "_2 * 2 as leftValue",
      )
      .withWatermark("leftTime", "10 seconds");
    const df2 = right
      .selectExpr(
        "_1 as rightKey1",
        "_2 as rightKey2",
        "timestamp_seconds(_2) as rightTime",
        "_2 * 3 as rightValue",
      )
      .withWatermark("rightTime", "10 seconds");
    const windowed1 = df1.select(
      col("leftKey1"),
      col("leftKey2"),
      window(col("leftTime"), "10 second").alias("leftWindow"),
      col("leftValue"),
    );
    const windowed2 = df2.select(
      col("rightKey1"),
      col("rightKey2"),
      window(col("rightTime"), "10 second").alias("rightWindow"),
      col("rightValue"),
    );
    return windowed1
      .join(
        windowed2,
        expr("leftKey1 <=> rightKey1 AND leftKey2 = rightKey2 AND leftWindow = rightWindow"),
        "left_outer",
      )
      .select(
        col("leftKey1"),
        col("rightKey1"),
        col("leftKey2"),
        col("rightKey2"),
        col("leftWindow.end").cast("long"),
        col("leftValue"),
        col("rightValue"),
      );
  };
  const pairs = () => new MemoryStream(t.spark, "_1 INT, _2 INT");

  it("left-outer: joining non-nullable left join key with nullable right join key", async () => {
    const input1 = pairs();
    const input2 = pairs();
    await testStream(
      t,
      leftOuterJoinKeyNullability(input1.toDF(), input2.toDF()),
      "append",
      AddData(input1, [1, 1], [1, 2], [1, 3], [1, 4], [1, 5]),
      AddData(input2, [1, 3], [1, 4], [1, 5], [1, 6]),
      CheckNewAnswer([1, 1, 3, 3, 10, 6, 9], [1, 1, 4, 4, 10, 8, 12], [1, 1, 5, 5, 10, 10, 15]),
      AddData(input1, [1, 21]),
      // right-null join
      AddData(input2, [1, 22]), // watermark = 11, no-data-batch computes nulls
      CheckNewAnswer([1, null, 1, null, 10, 2, null], [1, null, 2, null, 10, 4, null]),
    );
  });

  it("left-outer: joining nullable left join key with non-nullable right join key", async () => {
    const input1 = pairs();
    const input2 = pairs();
    await testStream(
      t,
      leftOuterJoinKeyNullability(input1.toDF(), input2.toDF()),
      "append",
      AddData(input1, [1, 1], [null, 2], [1, 3], [1, 4], [1, 5]),
      AddData(input2, [1, 3], [1, 4], [1, 5], [1, 6]),
      CheckNewAnswer([1, 1, 3, 3, 10, 6, 9], [1, 1, 4, 4, 10, 8, 12], [1, 1, 5, 5, 10, 10, 15]),
      // right-null join
      AddData(input1, [1, 21]),
      AddData(input2, [1, 22]), // watermark = 11, no-data-batch computes nulls
      CheckNewAnswer([1, null, 1, null, 10, 2, null], [null, null, 2, null, 10, 4, null]),
    );
  });

  it("left-outer: joining nullable left join key with nullable right join key", async () => {
    const input1 = pairs();
    const input2 = pairs();
    await testStream(
      t,
      leftOuterJoinKeyNullability(input1.toDF(), input2.toDF()),
      "append",
      AddData(input1, [1, 1], [null, 2], [1, 3], [null, 4], [1, 5]),
      AddData(input2, [1, 3], [null, 4], [1, 5], [1, 6]),
      CheckNewAnswer([1, 1, 3, 3, 10, 6, 9], [null, null, 4, 4, 10, 8, 12], [1, 1, 5, 5, 10, 10, 15]),
      // right-null join
      AddData(input1, [1, 21]),
      AddData(input2, [1, 22]), // watermark = 11, no-data-batch computes nulls
      CheckNewAnswer([1, null, 1, null, 10, 2, null], [null, null, 2, null, 10, 4, null]),
    );
  });

  it("SPARK-38684: outer join works correctly even if processing input rows and evicting state rows for same grouping key happens in the same micro-batch", async () => {
    // Spark runs it on RocksDB's state store provider too; Sluice has one state store.
    t.spark.conf.set("spark.sql.streaming.noDataMicroBatches.enabled", "false");
    const { input1, input2, joined } = timeRangeLeftOuter("0 second", "0 second", "comment");
    await testStream(
      t,
      joined,
      "append",
      AddData(input1, [ts("2020-01-02 00:00:00"), "abc", "left in batch 1"]),
      AddData(input2, [ts("2020-01-02 00:01:00"), "abc", "right in batch 1"]),
      CheckNewAnswer(),
      AddData(input1, [ts("2020-01-02 01:00:00"), "abc", "left in batch 2"]),
      AddData(input2, [ts("2020-01-02 01:01:00"), "abc", "right in batch 2"]),
      // watermark advanced to "2020-01-02 00:00:00"
      CheckNewAnswer(),
      AddData(input1, [ts("2020-01-02 01:30:00"), "abc", "left in batch 3"]),
      // watermark advanced to "2020-01-02 01:00:00"
      CheckNewAnswer([iso("2020-01-02 00:00:00"), "abc", "left in batch 1", null, null, null]),
      // left side state should still contain "left in batch 2" and "left in batch 3": the first is evicted in
      // this batch, the second matches the new row on the right
      AddData(input2, [ts("2020-01-02 01:30:10"), "abc", "match with left in batch 3"]),
      // watermark advanced to "2020-01-02 01:01:00"
      CheckNewAnswer(
        [iso("2020-01-02 01:00:00"), "abc", "left in batch 2", null, null, null],
        [
          iso("2020-01-02 01:30:00"),
          "abc",
          "left in batch 3",
          iso("2020-01-02 01:30:10"),
          "abc",
          "match with left in batch 3",
        ],
      ),
    );
  });

  it("SPARK-49829 left-outer join, input being unmatched is between WM for late event and WM for eviction", async () => {
    // Without no-data batches the watermark for late events and the one for eviction differ after a batch.
    t.spark.conf.set("spark.sql.streaming.noDataMicroBatches.enabled", "false");
    const checkpoint = "/checkpoints/spark-49829-left-outer";
    const memoryStream1 = new MemoryStream(t.spark, "_1 STRING, _2 INT");
    const memoryStream2 = new MemoryStream(t.spark, "_1 STRING, _2 INT");
    const data1 = memoryStream1
      .toDF()
      .selectExpr("_1 AS key", "timestamp_seconds(_2) AS eventTime")
      .withWatermark("eventTime", "0 seconds");
    const data2 = memoryStream2
      .toDF()
      .selectExpr("_1 AS key", "timestamp_seconds(_2) AS eventTime")
      .withWatermark("eventTime", "0 seconds");
    const joinedDf = data1
      .join(data2, ["key", "eventTime"], "leftOuter")
      .selectExpr("key", "CAST(eventTime AS long) AS eventTime");
    const assertRows = (side: "left" | "right", expected: unknown[][]) =>
      assertStateStoreRows(
        t.spark,
        checkpoint,
        0,
        side,
        expected,
        "value.key",
        "CAST(value.eventTime AS long)",
      );
    await testStream(
      t,
      joinedDf,
      "append",
      StartStream({}, checkpoint),
      // batch 0; WM: late record = 0, eviction = 0
      AddData(memoryStream1, ["a", 1], ["b", 2]),
      AddData(memoryStream2, ["b", 2], ["c", 1]),
      CheckNewAnswer(["b", 2]),
      assertRows("left", [
        ["a", 1],
        ["b", 2],
      ]),
      assertRows("right", [
        ["b", 2],
        ["c", 1],
      ]),
      // batch 1; WM: late record = 0, eviction = 2. ("d", 1) is added in batch 1 and evicted in batch 1 too, with
      // the state watermark; it yields its unmatched row.
      AddData(memoryStream1, ["d", 1]),
      CheckNewAnswer(["a", 1], ["d", 1]),
      assertRows("left", []),
      assertRows("right", []),
    );
  });
});

/** Where a join's one-side predicates land: below the sides' watermarks, never on a preserved side. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryStream } from "../../sources/MemoryStream";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import { AddData, assertNumStateRows, CheckNewAnswer, testStream } from "../../testing/testStream";
import { expressionSql } from "../analysis/naming";
import type { DataFrame } from "../api/DataFrame";
import { col, expr, timestamp_seconds } from "../api/functions";
import { type LogicalPlan, planNodes } from "../plan";
import { pushDownJoinPredicates } from "./PushDownJoinPredicates";

/** Each side's node kinds from the join down, with the number of filters under its watermark. */
function sides(
  plan: LogicalPlan,
): Record<"left" | "right", { filtersBelowWatermark: number; filters: number }> {
  const join = planNodes(plan).find((n) => n.kind === "join");
  if (join?.kind !== "join") throw new Error("no join");
  const count = (side: LogicalPlan) => {
    const watermark = planNodes(side).find((n) => n.kind === "watermark");
    return {
      filters: planNodes(side).filter((n) => n.kind === "filter").length,
      filtersBelowWatermark: watermark ? planNodes(watermark).filter((n) => n.kind === "filter").length : 0,
    };
  };
  return { left: count(join.left), right: count(join.right) };
}

describe("PushDownJoinPredicates", () => {
  let t: TestSession;
  let left: DataFrame;
  let right: DataFrame;
  beforeAll(async () => {
    t = await newTestSession();
    const side = (prefix: string) =>
      new MemoryStream(t.spark, "value INT")
        .toDF()
        .select(
          col("value").alias(`${prefix}Key`),
          timestamp_seconds(col("value")).alias(`${prefix}Time`),
          col("value").multiply(2).alias(`${prefix}Value`),
        )
        .withWatermark(`${prefix}Time`, "10 seconds");
    left = side("left");
    right = side("right");
  });
  afterAll(() => t.cleanup());

  const condition = expr(
    "leftKey = rightKey AND leftTime BETWEEN rightTime - interval 5 seconds AND rightTime AND leftValue > 4 AND rightValue < 100",
  );

  it("an inner join's one-side conjuncts and not-null keys go below both watermarks", () => {
    const plan = pushDownJoinPredicates(left.join(right, condition).plan);
    // leftValue > 4 with leftKey and leftValue IS NOT NULL below the watermark; leftTime IS NOT NULL (from the
    // time range) above it, as Spark keeps a filter on the event time above its EventTimeWatermark. Then the same
    // on the right.
    expect(sides(plan)).toEqual({
      left: { filters: 2, filtersBelowWatermark: 1 },
      right: { filters: 2, filtersBelowWatermark: 1 },
    });
  });

  it("a left outer join filters its right side only; a full outer join neither", () => {
    expect(sides(pushDownJoinPredicates(left.join(right, condition, "left_outer").plan))).toEqual({
      left: { filters: 0, filtersBelowWatermark: 0 },
      right: { filters: 2, filtersBelowWatermark: 1 },
    });
    const full = left.join(right, condition, "full_outer").plan;
    expect(pushDownJoinPredicates(full)).toBe(full);
  });

  it("a filter on one side's key holds for the other's (InferFiltersFromConstraints)", () => {
    const even = right.where(col("rightKey").mod(2).equalTo(0));
    const plan = pushDownJoinPredicates(left.join(even, expr("leftKey = rightKey"), "left_semi").plan);
    const join = planNodes(plan).find((n) => n.kind === "join");
    if (join?.kind !== "join") throw new Error("no join");
    const pushed = planNodes(join.left).find((n) => n.kind === "filter");
    expect(pushed?.kind === "filter" && JSON.stringify(pushed.condition)).toContain('"op":"%"');
  });

  it("a predicate on the event-time column stays above the watermark", () => {
    const plan = pushDownJoinPredicates(
      left.join(right, expr("leftKey = rightKey AND leftTime > timestamp_seconds(3)")).plan,
    );
    expect(sides(plan).left).toEqual({ filters: 2, filtersBelowWatermark: 1 });
  });

  /** The SQL of the filters on each side of the (first) join, top down. */
  function sideFilters(plan: LogicalPlan): Record<"left" | "right", string[]> {
    const join = planNodes(plan).find((n) => n.kind === "join");
    if (join?.kind !== "join") throw new Error("no join");
    const filters = (side: LogicalPlan) =>
      planNodes(side).flatMap((n) => (n.kind === "filter" ? [expressionSql(n.condition)] : []));
    return { left: filters(join.left), right: filters(join.right) };
  }

  describe("not-null filters from null-intolerant conjuncts (InferFiltersFromConstraints)", () => {
    let x: DataFrame;
    let y: DataFrame;
    beforeAll(() => {
      x = t.spark.createDataFrame([{ a: 1, b: 2 }], "a INT, b INT");
      y = t.spark.createDataFrame([{ d: 1, e: 2 }], "d INT, e INT");
    });
    const on = (condition: string, how: string) =>
      sideFilters(pushDownJoinPredicates(x.join(y, expr(condition), how).plan));

    it("an inner join's comparison of both sides: each column not null on its side", () => {
      // Spark: Filter isnotnull(a) on x, Filter isnotnull(e) on y (a > e + 1 reaches both through Add).
      expect(on("a > e + 1", "inner")).toEqual({ left: ["(a IS NOT NULL)"], right: ["(e IS NOT NULL)"] });
    });

    it("an equality key once, a <=> key and a function's argument never", () => {
      expect(on("a = d AND b <=> e AND coalesce(b, e) > 0", "inner")).toEqual({
        left: ["(a IS NOT NULL)"],
        right: ["(d IS NOT NULL)"],
      });
    });

    it("outer joins infer only on the null-supplying side; a full outer join on none", () => {
      expect(on("a >= e AND b < d", "left_outer")).toEqual({
        left: [],
        right: ["((e IS NOT NULL) AND (d IS NOT NULL))"],
      });
      expect(on("a >= e AND b < d", "right_outer")).toEqual({
        left: ["((a IS NOT NULL) AND (b IS NOT NULL))"],
        right: [],
      });
      expect(on("a >= e AND b < d", "full_outer")).toEqual({ left: [], right: [] });
    });

    it("a disjunction or a negated range says nothing of its columns", () => {
      expect(on("a > e OR b > d", "inner")).toEqual({ left: [], right: [] });
      expect(on("a NOT BETWEEN d AND e", "inner")).toEqual({ left: [], right: [] });
    });
  });

  it("a stream-stream join keeps no row that a null-intolerant condition drops (Spark's state rows)", async () => {
    const input1 = new MemoryStream(t.spark, "_1 INT, _2 INT");
    const input2 = new MemoryStream(t.spark, "_1 INT, _2 INT");
    const df1 = input1.toDF().selectExpr("_1 AS leftKey", "_2 AS leftValue");
    const df2 = input2.toDF().selectExpr("_1 AS rightKey", "_2 AS rightValue");
    await testStream(
      t,
      df1.join(df2, expr("leftKey = rightKey AND leftValue > rightValue + 1")),
      "append",
      AddData(input1, [1, 5], [1, null], [2, 7]),
      AddData(input2, [1, 2], [1, null], [2, null]),
      CheckNewAnswer([1, 5, 1, 2]),
      // Spark filters isnotnull(leftValue) and isnotnull(rightValue) below the join: only (1, 5), (2, 7) and
      // (1, 2) reach the state, 3 rows of the 6 added.
      assertNumStateRows({ total: 3, updated: 3 }),
    );
  });
});

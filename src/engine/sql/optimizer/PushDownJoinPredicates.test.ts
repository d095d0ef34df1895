/** Where a join's one-side predicates land: below the sides' watermarks, never on a preserved side. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryStream } from "../../sources/MemoryStream";
import { rangeSides } from "../../streaming/scenarios/spark/StreamingJoinSuiteBase";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import {
  AddData,
  assertNumStateRows,
  CheckAnswer,
  CheckNewAnswer,
  testStream,
} from "../../testing/testStream";
import { expressionSql } from "../analysis/naming";
import type { DataFrame } from "../api/DataFrame";
import { coalesce, col, expr, timestamp_seconds } from "../api/functions";
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

  /**
   * Cases of Spark's OuterJoinEliminationSuite and FilterPushdownSuite (sql/catalyst optimizer tests), each named as
   * there: a filter right above a join, after EliminateOuterJoin and PushPredicateThroughJoin. Spark's answers are
   * plans; here each is the join's type and condition, the filters below each side and what stays above. The
   * sides' not-null filters from the join's keys (InferFiltersFromConstraints, which Spark's whole optimizer runs
   * too) come on top of the filters the cases name, so those are checked to be among the side's filters.
   */
  describe("a filter above a join (EliminateOuterJoin, PushPredicateThroughJoin)", () => {
    let x: DataFrame;
    let y: DataFrame;
    beforeAll(() => {
      x = new MemoryStream(t.spark, "a INT, b INT, c INT").toDF().alias("x");
      y = new MemoryStream(t.spark, "d INT, e INT, f INT").toDF().alias("y");
    });
    const filtersOf = (side: LogicalPlan) =>
      planNodes(side).flatMap((n) => (n.kind === "filter" ? [expressionSql(n.condition)] : []));
    function shape(df: DataFrame) {
      const plan = pushDownJoinPredicates(df.plan);
      const join = planNodes(plan).find((n) => n.kind === "join");
      if (join?.kind !== "join") throw new Error("no join");
      return {
        how: join.how,
        condition: join.condition ? expressionSql(join.condition) : undefined,
        above: plan.kind === "filter" ? expressionSql(plan.condition) : undefined,
        left: filtersOf(join.left),
        right: filtersOf(join.right),
      };
    }
    const on = () => col("x.a").equalTo(col("y.d"));

    it("joins: full outer to inner", () => {
      const s = shape(x.join(y, on(), "full").where(col("x.b").geq(1).and(col("y.d").geq(2))));
      expect(s).toMatchObject({ how: "inner", condition: "(x.a = y.d)", above: undefined });
      expect(s.left).toEqual(expect.arrayContaining(["(b >= 1)"]));
      expect(s.right).toEqual(expect.arrayContaining(["(d >= 2)"]));
    });

    it("joins: full outer to right", () => {
      const s = shape(x.join(y, on(), "full").where(col("y.d").gt(2)));
      expect(s).toMatchObject({ how: "right", above: undefined });
      expect(s.right).toEqual(expect.arrayContaining(["(d > 2)"]));
      // On the null-supplying left only what InferFiltersFromConstraints adds: the right's `d > 2` carried over
      // `a = d` to the key a (printed with the right's name, read by position), and a's not-null.
      expect(s.left).toEqual(["((d > 2) AND (a IS NOT NULL))"]);
    });

    it("joins: full outer to left", () => {
      const s = shape(x.join(y, on(), "full").where(col("x.a").eqNullSafe(2)));
      expect(s).toMatchObject({ how: "left", above: undefined });
      expect(s.left).toEqual(expect.arrayContaining(["(a <=> 2)"]));
    });

    it("joins: right to inner", () => {
      const s = shape(x.join(y, on(), "right").where(col("x.b").gt(2)));
      expect(s).toMatchObject({ how: "inner", above: undefined });
      expect(s.left).toEqual(expect.arrayContaining(["(b > 2)"]));
    });

    it("joins: left to inner", () => {
      const s = shape(x.join(y, on(), "left").where(col("y.e").isNotNull()));
      expect(s).toMatchObject({ how: "inner", above: undefined });
      expect(s.right).toEqual(expect.arrayContaining(["(e IS NOT NULL)"]));
    });

    it("joins: left to inner with complicated filter predicates #1", () => {
      const s = shape(
        x.join(y, on(), "left").where(expr("NOT (e IS NULL) OR (d IS NOT NULL AND f IS NULL)")),
      );
      expect(s).toMatchObject({ how: "inner", above: undefined });
      expect(s.right).toHaveLength(2);
    });

    it("joins: left to inner with complicated filter predicates #2", () => {
      const s = shape(x.join(y, on(), "left").where(expr("e IN (1, 2)")));
      expect(s).toMatchObject({ how: "inner", above: undefined });
      expect(s.right).toHaveLength(2);
    });

    it("joins: left to inner with complicated filter predicates #3", () => {
      const s = shape(
        x
          .join(y, on(), "left")
          .where(expr("(NOT (e IS NULL) OR (d IS NOT NULL AND f IS NULL)) AND e IS NULL")),
      );
      expect(s).toMatchObject({ how: "inner", above: undefined });
    });

    it("joins: left to inner with complicated filter predicates #4", () => {
      // FULL OUTER => INNER: the filter's constraints (x.b and y.e not null) reject both sides' nulls.
      const s = shape(x.join(y, on(), "full").where(col("x.b").plus(3).equalTo(col("y.e"))));
      expect(s).toMatchObject({
        how: "inner",
        condition: "(((x.b + 3) = y.e) AND (x.a = y.d))",
        above: undefined,
      });
    });

    it("joins: no outer join elimination if the filter is not NULL eliminated", () => {
      const s = shape(x.join(y, on(), "full").where(coalesce(col("y.e"), col("x.a")).cast("boolean")));
      expect(s).toMatchObject({ how: "full", left: [], right: [] });
      expect(s.above).toBeDefined();
    });

    it("joins: no outer join elimination if the filter's constraints are not NULL eliminated", () => {
      const s = shape(x.join(y, on(), "full").where(coalesce(col("y.e"), col("x.a")).isNotNull()));
      expect(s).toMatchObject({ how: "full", left: [], right: [] });
      expect(s.above).toBeDefined();
    });

    it("joins: push to either side", () => {
      const s = shape(x.crossJoin(y).where(col("x.b").equalTo(1).and(col("y.e").equalTo(2))));
      expect(s).toMatchObject({ above: undefined, left: ["(b = 1)"], right: ["(e = 2)"] });
    });

    it("joins: push to one side", () => {
      const s = shape(x.crossJoin(y).where(col("x.b").equalTo(1)));
      expect(s).toMatchObject({ above: undefined, left: ["(b = 1)"], right: [] });
    });

    it("joins: push down left outer join #1", () => {
      // FilterPushdownSuite runs PushPredicateThroughJoin alone (the left's filter goes down, y.b = 2 stays above);
      // Spark's optimizer runs EliminateOuterJoin in the same batch, and y.b = 2 rejects y's nulls: inner.
      const s = shape(x.join(y, on(), "left").where(col("x.b").equalTo(1).and(col("y.e").equalTo(2))));
      expect(s).toMatchObject({ how: "inner", above: undefined });
      expect(s.left).toEqual(expect.arrayContaining(["(b = 1)"]));
      expect(s.right).toEqual(expect.arrayContaining(["(e = 2)"]));
    });

    it("joins: push down right outer join #1", () => {
      // As above: FilterPushdownSuite's right outer join becomes inner under EliminateOuterJoin.
      const s = shape(x.join(y, on(), "right").where(col("x.b").equalTo(1).and(col("y.e").equalTo(2))));
      expect(s).toMatchObject({ how: "inner", above: undefined });
    });

    it("a USING join's columns are its sides': a left join USING (a) under a filter on the right is inner", () => {
      const z = new MemoryStream(t.spark, "a INT, e INT").toDF();
      const s = shape(x.join(z, "a", "left").where(col("e").gt(1).and(col("a").lt(5))));
      expect(s).toMatchObject({ how: "inner", above: undefined });
      // a < 5 reads the left's a (a left join's USING key), e > 1 the right's e.
      expect(s.left).toEqual(expect.arrayContaining(["(a < 5)"]));
      expect(s.right).toEqual(expect.arrayContaining(["(e > 1)"]));
    });

    it("a left outer join whose filter keeps null rows stays outer: the left's conjuncts go down, the rest stays", () => {
      const s = shape(x.join(y, on(), "left").where(col("x.b").equalTo(1).and(col("y.e").isNull())));
      expect(s).toMatchObject({ how: "left", above: "(y.e IS NULL)" });
      expect(s.left).toEqual(expect.arrayContaining(["(b = 1)"]));
    });
  });

  it("a time range in a filter above an inner stream-stream join is the join's: Spark's state eviction", async () => {
    // StreamingInnerJoinSuite's "stream stream inner join with time range - with watermark - one side condition",
    // with the range written as a where after the join: Spark's optimizer moves it into the join's condition, so
    // the inputs, answers and state rows are that case's.
    const { leftInput, rightInput, df1, df2 } = rangeSides(t.spark, "10 seconds", "10 seconds");
    const joined = df1
      .join(df2, expr("leftKey = rightKey"))
      .where(expr("leftTime < rightTime - interval 5 seconds"))
      .select(col("leftKey"), col("leftTime").cast("int"), col("rightTime").cast("int"));
    await testStream(
      t,
      joined,
      "append",
      AddData(leftInput, [1, 5]),
      CheckAnswer(),
      AddData(rightInput, [1, 11]),
      CheckNewAnswer([1, 5, 11]),
      AddData(rightInput, [1, 10]),
      CheckNewAnswer(),
      assertNumStateRows({ total: 3, updated: 3 }),
      AddData(leftInput, [1, 3], [1, 30]),
      CheckNewAnswer([1, 3, 10], [1, 3, 11]),
      assertNumStateRows({ total: 5, updated: 2 }),
      AddData(rightInput, [0, 30]),
      CheckNewAnswer(),
      // right state where rightTime <= 25 is cleared, (1, 11) and (1, 10) removed
      assertNumStateRows({ total: 4, updated: 1 }),
      AddData(rightInput, [1, 20], [1, 21], [1, 28]),
      CheckNewAnswer([1, 3, 21], [1, 5, 21], [1, 3, 28], [1, 5, 28]),
      assertNumStateRows({ total: 5, updated: 1, droppedByWatermark: 1 }),
      AddData(leftInput, [1, 20], [1, 21]),
      CheckNewAnswer([1, 21, 28]),
      assertNumStateRows({ total: 6, updated: 1, droppedByWatermark: 1 }),
    );
  });

  it("a stream-stream left outer join under a filter on the right is inner: no null rows, no left row kept", async () => {
    const input1 = new MemoryStream(t.spark, "_1 INT, _2 INT");
    const input2 = new MemoryStream(t.spark, "_1 INT, _2 INT");
    const df1 = input1
      .toDF()
      .selectExpr("_1 AS leftKey", "timestamp_seconds(_2) AS leftTime")
      .withWatermark("leftTime", "10 seconds");
    const df2 = input2
      .toDF()
      .selectExpr("_1 AS rightKey", "timestamp_seconds(_2) AS rightTime", "_1 * 10 AS rightValue")
      .withWatermark("rightTime", "10 seconds");
    const joined = df1
      .join(
        df2,
        expr("leftKey = rightKey AND leftTime BETWEEN rightTime - interval 5 seconds AND rightTime"),
        "left_outer",
      )
      .where(col("rightValue").gt(10))
      .select("leftKey", "rightValue");
    await testStream(
      t,
      joined,
      "append",
      AddData(input1, [1, 1], [2, 2], [3, 3]),
      AddData(input2, [1, 1], [2, 2]),
      // (1, 10) fails the filter; 3 has no match. As an inner join: only (2, 20).
      CheckNewAnswer([2, 20]),
      // rightValue > 10 is below the join (on the right): (1, 1) never reaches the right's state; and, as Spark's
      // InferFiltersFromConstraints carries the right's `rightKey * 10 > 10` over `leftKey = rightKey`, the left's
      // (1, 1) does not either: (2, 2) and (3, 3) on the left, (2, 2) on the right.
      assertNumStateRows({ total: 3, updated: 3 }),
      AddData(input1, [4, 40]),
      AddData(input2, [5, 40]),
      // The watermark passes the first rows: a left outer join would emit (1, null) and (3, null) now; Spark's inner
      // join emits nothing.
      CheckNewAnswer(),
    );
  });
});

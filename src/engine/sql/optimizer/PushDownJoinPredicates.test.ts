/** Where a join's one-side predicates land: below the sides' watermarks, never on a preserved side. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryStream } from "../../sources/MemoryStream";
import { newTestSession, type TestSession } from "../../testing/fixtures";
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
    // leftValue > 4, and leftKey IS NOT NULL; then the same on the right.
    expect(sides(plan)).toEqual({
      left: { filters: 1, filtersBelowWatermark: 1 },
      right: { filters: 1, filtersBelowWatermark: 1 },
    });
  });

  it("a left outer join filters its right side only; a full outer join neither", () => {
    expect(sides(pushDownJoinPredicates(left.join(right, condition, "left_outer").plan))).toEqual({
      left: { filters: 0, filtersBelowWatermark: 0 },
      right: { filters: 1, filtersBelowWatermark: 1 },
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
});

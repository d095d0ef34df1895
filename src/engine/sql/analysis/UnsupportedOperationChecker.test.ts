/**
 * The join cases of Spark's UnsupportedOperationsSuite (sql/catalyst/src/test/scala/org/apache/spark/sql/catalyst/
 * analysis/UnsupportedOperationsSuite.scala), named as there, run on the plans of DataFrames built with the public
 * API: Spark's `streamRelation` is a MemoryStream of two timestamp columns, `batchRelation` a DataFrame of the same
 * columns, and `attributeWithWatermark` a column under `withWatermark`. A case that Spark says is not supported must
 * raise an AnalysisException whose message holds Spark's words and "streaming", "DataFrame", "Dataset",
 * "not supported" (Spark's assertNotSupportedInStreamingPlan).
 *
 * Not ported:
 * - The "batch-batch relations" cases wrap a batch plan in Spark's StreamingPlanWrapper, a fake streaming node with no
 *   public counterpart; here the batch-batch join is checked as a subplan of a streaming plan (inner-joined with a
 *   stream), which is what the wrapper stands for.
 * - The assertPassOnGlobalWatermarkLimit join cases ("multiple stateful ops - stream-stream ... join followed by
 *   ...", "streaming aggregation after stream-stream ... join ..."): they call checkStreamingQueryGlobalWatermarkLimit
 *   alone on plans (an aggregation in append mode without a watermark on its keys) that the whole check refuses for
 *   another reason.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SparkSession } from "../../session/SparkSession";
import { MemoryStream } from "../../sources/MemoryStream";
import { DEFAULT_TRIGGER } from "../../streaming/runtime/Trigger";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import type { DataFrame } from "../api/DataFrame";
import { count, expr, lit } from "../api/functions";
import { checkStreamingQuery } from "./UnsupportedOperationChecker";

type Mode = "append" | "update" | "complete";

describe("UnsupportedOperationsSuite (joins)", () => {
  let t: TestSession;
  beforeAll(async () => {
    t = await newTestSession();
  }, 120_000);
  afterAll(() => t.cleanup());

  /** A streaming relation with columns `names`, the first under a watermark when asked. */
  const stream = (spark: SparkSession, names: [string, string], watermark = false) => {
    const df = new MemoryStream(spark, "x TIMESTAMP, y TIMESTAMP").toDF().toDF(...names);
    return watermark ? df.withWatermark(names[0], "1 second") : df;
  };
  const batch = (spark: SparkSession, names: [string, string]) =>
    spark.createDataFrame([], "x TIMESTAMP, y TIMESTAMP").toDF(...names);

  const supported = (plan: DataFrame, mode: Mode = "append") => {
    expect(() => checkStreamingQuery(plan.plan, mode, DEFAULT_TRIGGER)).not.toThrow();
  };
  const notSupported = (plan: DataFrame, mode: Mode, ...expected: string[]) => {
    let message = "";
    try {
      checkStreamingQuery(plan.plan, mode, DEFAULT_TRIGGER);
    } catch (e) {
      expect((e as Error).name).toBe("AnalysisException");
      message = (e as Error).message.toLowerCase();
    }
    for (const m of [...expected, "streaming", "DataFrame", "Dataset", "not supported"]) {
      expect(message, `message should contain '${m}'`).toContain(m.toLowerCase());
    }
  };

  /**
   * Spark's testBinaryOperationInStreamingPlan for a join: stream-stream, stream-batch and batch-stream relations
   * supported or not as said, batch-batch always supported.
   */
  const binary = (
    name: string,
    join: (l: DataFrame, r: DataFrame) => DataFrame,
    options: {
      mode?: Mode;
      streamStream?: boolean;
      streamBatch?: boolean;
      batchStream?: boolean;
      msg?: string;
    },
  ) => {
    const { mode = "append", streamStream = true, streamBatch = true, batchStream = true } = options;
    const msg = options.msg ?? name;
    const leftStream = () => stream(t.spark, ["a", "b"]);
    const rightStream = () => stream(t.spark, ["c", "d"]);
    const check = (ok: boolean, plan: DataFrame) =>
      ok ? supported(plan, mode) : notSupported(plan, mode, msg);
    const verdict = (ok: boolean) => (ok ? "supported" : "not supported");
    it(`streaming plan - ${name} with stream-stream relations: ${verdict(streamStream)}`, () =>
      check(streamStream, join(leftStream(), rightStream())));
    it(`streaming plan - ${name} with stream-batch relations: ${verdict(streamBatch)}`, () =>
      check(streamBatch, join(leftStream(), batch(t.spark, ["c", "d"]))));
    it(`streaming plan - ${name} with batch-stream relations: ${verdict(batchStream)}`, () =>
      check(batchStream, join(batch(t.spark, ["a", "b"]), rightStream())));
    it(`streaming plan - ${name} with batch-batch relations: supported`, () => {
      const batchBatch = join(batch(t.spark, ["a", "b"]), batch(t.spark, ["c", "d"]));
      supported(batchBatch.crossJoin(stream(t.spark, ["e", "f"])), mode);
    });
  };

  binary("single inner join in append mode", (l, r) => l.join(r, undefined, "inner"), {});
  binary(
    "multiple inner joins in append mode",
    (l, r) => l.join(r, undefined, "inner").join(stream(t.spark, ["e", "f"]), undefined, "inner"),
    {},
  );
  binary("inner join in update mode", (l, r) => l.join(r, undefined, "inner"), {
    mode: "update",
    streamStream: false,
    msg: "is not supported in Update output mode",
  });
  binary("FullOuter join", (l, r) => l.join(r, undefined, "full_outer"), {
    streamStream: false,
    streamBatch: false,
    batchStream: false,
  });
  for (const [how, name] of [
    ["left_outer", "LeftOuter join"],
    ["left_semi", "LeftSemi join"],
    ["left_anti", "LeftAnti join"],
  ] as const) {
    binary(name, (l, r) => l.join(r, undefined, how), { streamStream: false, batchStream: false });
  }
  binary("RightOuter join", (l, r) => l.join(r, undefined, "right_outer"), {
    streamStream: false,
    streamBatch: false,
  });

  for (const [how, joinType] of [
    ["left_outer", "LeftOuter"],
    ["right_outer", "RightOuter"],
    ["full_outer", "FullOuter"],
    ["left_semi", "LeftSemi"],
  ] as const) {
    const onKeys = (leftWatermark: boolean, rightWatermark: boolean) =>
      stream(t.spark, ["a", "b"], leftWatermark).join(
        stream(t.spark, ["c", "d"], rightWatermark),
        expr("a = c"),
        how,
      );

    it(`streaming plan - ${joinType} join with stream-stream relations and update mode: not supported`, () => {
      notSupported(onKeys(false, false), "update", "is not supported in Update output mode");
    });

    it(`streaming plan - ${joinType} join with stream-stream relations and complete mode: not supported`, () => {
      notSupported(
        onKeys(false, false).agg(count(lit(1))),
        "complete",
        "is not supported in Complete output mode",
      );
    });

    // The attribute need not be watermarked on both sides.
    it(`streaming plan - ${joinType} join with stream-stream relations and join on attribute with left watermark: supported`, () => {
      supported(onKeys(true, false));
    });
    it(`streaming plan - ${joinType} join with stream-stream relations and join on attribute with right watermark: supported`, () => {
      supported(onKeys(false, true));
    });
    it(`streaming plan - ${joinType} join with stream-stream relations and join on non-watermarked attribute: not supported`, () => {
      notSupported(onKeys(false, false), "append", "without a watermark in the join keys");
    });

    // Spark's relationWithWatermark (`b` under a watermark) on the right, on the left for a right outer join.
    const rangeJoin = (condition: string) => {
      const plain = stream(t.spark, ["a", "x"]);
      const withWatermark = stream(t.spark, ["b", "y"], true);
      return how === "right_outer"
        ? withWatermark.join(plain, expr(condition), how)
        : plain.join(withWatermark, expr(condition), how);
    };
    it(`streaming plan - ${joinType} join with stream-stream relations and state value watermark: supported`, () => {
      supported(rangeJoin("a > b + interval 10 seconds"));
    });
    it(`streaming plan - ${joinType} join with stream-stream relations and state value watermark: not supported`, () => {
      notSupported(
        rangeJoin("a < b + interval 10 seconds"),
        "append",
        "is not supported without a watermark in the join keys, or a watermark on the nullable side and an appropriate range condition",
      );
    });
  }
});

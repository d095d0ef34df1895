/**
 * Joins on streams, as the programming guide's ad-monetization example: impressions and clicks, each with a
 * watermark, joined on the ad id within a time range. Outer rows (an impression nobody clicked) must appear
 * only once the watermark rules out a match.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryStream } from "../../sources/MemoryStream";
import type { DataFrame } from "../../sql/api/DataFrame";
import { col, expr } from "../../sql/api/functions";
import type { Row } from "../../sql/api/rows";
import { collectBatches } from "../../testing/batches";
import { newTestSession, type TestSession } from "../../testing/fixtures";

const at = (hhmm: string) => new Date(`2024-01-01T${hhmm}:00Z`);
const hm = (d: unknown) => (d instanceof Date ? d.toISOString().slice(11, 16) : "null");
const show = (r: Row) =>
  `${r.impressionAdId ?? "null"}@${hm(r.impressionTime)} ${r.clickAdId ?? "null"}@${hm(r.clickTime)}`;

describe("streaming joins", () => {
  let t: TestSession;
  let impressions: MemoryStream;
  let clicks: MemoryStream;
  beforeEach(async () => {
    t = await newTestSession();
    impressions = new MemoryStream(t.spark, "impressionAdId STRING, impressionTime TIMESTAMP");
    clicks = new MemoryStream(t.spark, "clickAdId STRING, clickTime TIMESTAMP");
  });
  afterEach(() => t.cleanup());

  const imp = (id: string, time: string) => ({ impressionAdId: id, impressionTime: at(time) });
  const click = (id: string, time: string) => ({ clickAdId: id, clickTime: at(time) });

  /** Feeds the rounds (impressions and clicks of one trigger each); returns what each round emitted. */
  async function run(df: DataFrame, rounds: { imps?: object[]; clicks?: object[] }[], mode = "append") {
    const out = collectBatches();
    const query = await df.writeStream
      .outputMode(mode)
      .foreachBatch(out.fn)
      .option("checkpointLocation", "/checkpoints/join")
      .start();
    const emitted: string[][] = [];
    for (const round of rounds) {
      const before = out.batches.size;
      if (round.imps) impressions.addData(round.imps as Record<string, unknown>[]);
      if (round.clicks) clicks.addData(round.clicks as Record<string, unknown>[]);
      await query.processAllAvailable();
      const ids = [...out.batches.keys()].sort((a, b) => a - b).slice(before);
      emitted.push(ids.flatMap((id) => out.batches.get(id)!.map(show)).sort());
    }
    const progress = query.recentProgress.filter((p) => p.durationMs.addBatch !== undefined);
    await query.stop();
    return { emitted, progress };
  }

  const watermarked = () => ({
    imps: impressions.toDF().withWatermark("impressionTime", "10 minutes"),
    clicks: clicks.toDF().withWatermark("clickTime", "20 minutes"),
  });
  const condition = expr(
    "clickAdId = impressionAdId AND clickTime >= impressionTime AND clickTime <= impressionTime + interval 15 minutes",
  );

  /**
   * Watermark = min(max impression - 10 min, max click - 20 min). An impression at T can match clicks in
   * [T, T + 15 min], so it is dropped once the watermark passes T + 15 min; a click at C once it passes C.
   */
  const ROUNDS = [
    { imps: [imp("a", "12:00"), imp("b", "12:05")], clicks: [click("a", "12:10")] }, // watermark → 11:50
    { imps: [imp("c", "12:30")], clicks: [click("c", "12:40")] }, // → 12:20: a's impression and click go
    { imps: [imp("d", "13:00")], clicks: [click("x", "13:00")] }, // → 12:40: b (12:05) can no longer match
    { imps: [imp("e", "14:00")], clicks: [click("y", "14:00")] }, // → 13:40: d (13:00) and x (13:00) go
  ];

  it("stream-stream inner join: each pair once, whichever side comes first", async () => {
    const { emitted } = await run(
      impressions.toDF().join(clicks.toDF(), expr("clickAdId = impressionAdId")),
      [
        { imps: [imp("a", "12:00")] },
        { clicks: [click("a", "12:01"), click("b", "12:02")] },
        { imps: [imp("b", "12:03"), imp("a", "12:04")] },
      ],
    );
    expect(emitted).toEqual([[], ["a@12:00 a@12:01"], ["a@12:04 a@12:01", "b@12:03 b@12:02"]]);
  });

  it("stream-stream inner join with watermarks and a time range: state is evicted", async () => {
    const { imps, clicks: cl } = watermarked();
    const { emitted, progress } = await run(imps.join(cl, condition), ROUNDS);
    expect(emitted).toEqual([["a@12:00 a@12:10"], ["c@12:30 c@12:40"], [], []]);
    // After the last round only e, y and what the watermark (13:40) still allows remain.
    expect(progress.at(-1)!.stateOperators[0]).toMatchObject({
      operatorName: "symmetricHashJoin",
      numRowsTotal: 2,
    });
  });

  it("left outer join: an unmatched impression appears with nulls only once the watermark rules out a click", async () => {
    const { imps, clicks: cl } = watermarked();
    const { emitted } = await run(imps.join(cl, condition, "leftOuter"), ROUNDS);
    expect(emitted).toEqual([
      ["a@12:00 a@12:10"],
      ["c@12:30 c@12:40"],
      ["b@12:05 null@null"],
      ["d@13:00 null@null"],
    ]);
  });

  it("right outer join: the same with the preserved side on the right", async () => {
    const { imps, clicks: cl } = watermarked();
    const { emitted } = await run(cl.join(imps, condition, "right_outer"), ROUNDS);
    expect(emitted).toEqual([
      ["a@12:00 a@12:10"],
      ["c@12:30 c@12:40"],
      ["b@12:05 null@null"],
      ["d@13:00 null@null"],
    ]);
  });

  it("full outer join: unmatched rows of both sides, each after its own eviction", async () => {
    const { imps, clicks: cl } = watermarked();
    const { emitted } = await run(imps.join(cl, condition, "full_outer"), ROUNDS);
    expect(emitted).toEqual([
      ["a@12:00 a@12:10"],
      ["c@12:30 c@12:40"],
      ["b@12:05 null@null"],
      ["d@13:00 null@null", "null@null x@13:00"],
    ]);
  });

  it("the global watermark follows spark.sql.streaming.multipleWatermarkPolicy (min, or max)", async () => {
    // Impressions propose 12:05 - 10 min, clicks 12:10 - 20 min; both arrive before the query starts.
    impressions.addData(ROUNDS[0].imps);
    clicks.addData(ROUNDS[0].clicks);
    const watermarkAfterFirstBatch = async (policy: string) => {
      t.spark.conf.set("spark.sql.streaming.multipleWatermarkPolicy", policy);
      const { imps, clicks: cl } = watermarked();
      const query = await imps
        .join(cl, condition)
        .writeStream.format("noop")
        .option("checkpointLocation", `/checkpoints/${policy}`)
        .start();
      await query.processAllAvailable();
      await query.stop();
      const batches = query.recentProgress.filter((p) => p.durationMs.addBatch !== undefined);
      return batches.map((p) => p.eventTime.watermark);
    };
    expect(await watermarkAfterFirstBatch("min")).toEqual([
      "1970-01-01T00:00:00.000Z",
      "2024-01-01T11:50:00.000Z",
    ]);
    expect(await watermarkAfterFirstBatch("max")).toEqual([
      "1970-01-01T00:00:00.000Z",
      "2024-01-01T11:55:00.000Z",
    ]);
  });

  it("buffered rows survive a restart", async () => {
    const df = impressions.toDF().join(clicks.toDF(), expr("clickAdId = impressionAdId"));
    const first = await run(df, [{ imps: [imp("a", "12:00")] }]);
    const second = await run(df, [{ clicks: [click("a", "12:01")] }]);
    expect([...first.emitted, ...second.emitted]).toEqual([[], ["a@12:00 a@12:01"]]);
  });

  it("left semi join: an impression is emitted once, at its first click", async () => {
    const { imps, clicks: cl } = watermarked();
    const { emitted } = await run(imps.join(cl, condition, "left_semi"), [
      { imps: [imp("a", "12:00"), imp("b", "12:01")] },
      { clicks: [click("a", "12:02")] },
      { clicks: [click("a", "12:03"), click("b", "12:20")] },
    ]);
    const semi = emitted.map((round) => round.map((r) => r.split(" ")[0]));
    expect(semi).toEqual([[], ["a@12:00"], []]);
  });

  it("left semi join: a left row that matches on arrival is emitted once, never again", async () => {
    const { imps, clicks: cl } = watermarked();
    const { emitted } = await run(imps.join(cl, condition, "left_semi"), [
      { clicks: [click("a", "12:02")] },
      { imps: [imp("a", "12:00")] },
      { clicks: [click("a", "12:03")] },
    ]);
    const semi = emitted.map((round) => round.map((r) => r.split(" ")[0]));
    expect(semi).toEqual([[], ["a@12:00"], []]);
  });

  it("counts in numRowsUpdated the rows each batch buffered", async () => {
    const { imps, clicks: cl } = watermarked();
    const { progress } = await run(imps.join(cl, condition), [
      { imps: [imp("a", "12:00"), imp("b", "12:01")] },
      { clicks: [click("a", "12:02")] },
      { imps: [imp("c", "12:03")], clicks: [click("c", "12:04"), click("b", "12:05")] },
    ]);
    // Batches with data (those the watermark alone triggers buffer nothing).
    const join = progress.filter((p) => p.numInputRows > 0).map((p) => p.stateOperators[0]);
    expect(join.map((o) => o.numRowsUpdated)).toEqual([2, 1, 3]);
    expect(join.map((o) => o.numRowsTotal)).toEqual([2, 3, 6]);
  });

  it("refuses a stream-stream join without an equality predicate", async () => {
    // StreamingJoinSuite "stream stream inner join without equality predicate".
    const left = impressions.toDF().select(col("impressionAdId").alias("leftKey"));
    const right = clicks.toDF().select(col("clickAdId").alias("rightKey"));
    const query = await left
      .join(right, expr("leftKey < rightKey"))
      .writeStream.format("memory")
      .queryName("no_equality")
      .start();
    impressions.addData([imp("a", "12:00")]);
    await expect(query.awaitTermination()).rejects.toThrow(
      "Stream-stream join without equality predicate is not supported",
    );
  });

  it("refuses a stream-stream cross join and a join without a condition", async () => {
    // Spark's StreamingJoinStrategy: a Join of two streams whose condition yields no equi-join keys (none at all
    // here) raises streamJoinStreamWithoutEqualityPredicateUnsupportedError, _LEGACY_ERROR_TEMP_1181.
    const left = impressions.toDF().select(col("impressionAdId").alias("leftKey"));
    const right = clicks.toDF().select(col("clickAdId").alias("rightKey"));
    for (const [name, joined] of [
      ["cross_join", left.crossJoin(right)],
      ["no_condition", left.join(right)],
    ] as const) {
      const query = await joined.writeStream.format("memory").queryName(name).start();
      impressions.addData([imp("a", "12:00")]);
      const error = await query.awaitTermination().then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.name).toBe("StreamingQueryException");
      const cause = (error as Error & { cause: { getCondition(): string; message: string } }).cause;
      expect(cause.getCondition()).toBe("_LEGACY_ERROR_TEMP_1181");
      expect(cause.message).toContain("Stream-stream join without equality predicate is not supported");
    }
  });

  it("drops rows behind the watermark and counts them", async () => {
    const { imps, clicks: cl } = watermarked();
    const late = { imps: [imp("z", "12:00")], clicks: [click("z", "12:05")] };
    const { emitted, progress } = await run(imps.join(cl, condition, "leftOuter"), [...ROUNDS, late]);
    expect(emitted.at(-1)).toEqual([]);
    expect(progress.at(-1)!.stateOperators[0].numRowsDroppedByWatermark).toBe(2);
  });

  it("stream-static joins: inner and left outer, the static side read each batch", async () => {
    const ads = t.spark.createDataFrame(
      [
        { adId: "a", campaign: "spring" },
        { adId: "b", campaign: "summer" },
      ],
      "adId STRING, campaign STRING",
    );
    const stream = impressions.toDF();
    const inner = collectBatches();
    const outer = collectBatches();
    const q1 = await stream
      .join(ads, col("impressionAdId").eq(col("adId")))
      .writeStream.foreachBatch(inner.fn)
      .option("checkpointLocation", "/checkpoints/inner")
      .start();
    const q2 = await stream
      .join(ads, col("impressionAdId").eq(col("adId")), "left")
      .writeStream.foreachBatch(outer.fn)
      .option("checkpointLocation", "/checkpoints/outer")
      .start();
    impressions.addData([imp("a", "12:00"), imp("q", "12:01")]);
    await q1.processAllAvailable();
    await q2.processAllAvailable();
    const campaigns = (rows: Row[]) => rows.map((r) => `${r.impressionAdId}:${r.campaign}`).sort();
    expect(campaigns(inner.all())).toEqual(["a:spring"]);
    expect(campaigns(outer.all())).toEqual(["a:spring", "q:null"]);
    await q1.stop();
    await q2.stop();
  });

  describe("Spark's refusals, before any batch runs", () => {
    const refused = async (df: DataFrame, message: string, mode = "append") => {
      await expect(
        df.writeStream
          .outputMode(mode)
          .format("memory")
          .queryName("refused")
          .option("checkpointLocation", "/checkpoints/refused")
          .start(),
      ).rejects.toThrow(message);
      expect(await t.spark.fs.stat("/checkpoints/refused")).toBeUndefined();
    };
    const ads = () => t.spark.createDataFrame([{ adId: "a" }], "adId STRING");

    it("stream-static right outer with the stream on the left", () =>
      refused(
        impressions.toDF().join(ads(), col("impressionAdId").eq(col("adId")), "right"),
        "RightOuter join with a streaming DataFrame/Dataset on the left and a static DataFrame/DataSet on the right not supported",
      ));

    it("static-stream left outer with the stream on the right", () =>
      refused(
        ads().join(impressions.toDF(), col("impressionAdId").eq(col("adId")), "left"),
        "LeftOuter join with a streaming DataFrame/Dataset on the right and a static DataFrame/Dataset on the left is not supported",
      ));

    it("stream-static full outer", () =>
      refused(
        impressions.toDF().join(ads(), col("impressionAdId").eq(col("adId")), "full"),
        "FullOuter joins with streaming DataFrames/Datasets on the left and a static DataFrame/Dataset on the right is not supported",
      ));

    it("stream-stream outer join without watermarks and a range condition", () =>
      refused(
        impressions.toDF().join(clicks.toDF(), expr("clickAdId = impressionAdId"), "leftOuter"),
        "Stream-stream LeftOuter join between two streaming DataFrame/Datasets is not supported without a watermark in the join keys, or a watermark on the nullable side and an appropriate range condition",
      ));

    it("stream-stream join in update mode", () =>
      refused(
        impressions.toDF().join(clicks.toDF(), expr("clickAdId = impressionAdId")),
        "Join between two streaming DataFrames/Datasets is not supported in Update output mode, only in Append output mode",
        "update",
      ));
  });
});

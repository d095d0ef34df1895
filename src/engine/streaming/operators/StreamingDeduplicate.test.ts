import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SparkError } from "../../errors/exceptions";
import { MemoryStream } from "../../sources/MemoryStream";
import { collectBatches } from "../../testing/batches";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import { thrownBy } from "../../testing/thrown";

const at = (s: number) => new Date(Date.UTC(2024, 0, 1, 0, 0, s));
const ids = (rows: Record<string, unknown>[]) => rows.map((r) => `${r.id}:${r.v}`);

describe("streaming deduplication", () => {
  let t: TestSession;
  beforeEach(async () => {
    t = await newTestSession();
  });
  afterEach(() => t.cleanup());

  it("dropDuplicates(cols) without a watermark: the first row per key passes, across batches and a restart", async () => {
    const events = new MemoryStream(t.spark, "id STRING, v INT, ts TIMESTAMP");
    const out = collectBatches();
    const start = () =>
      events
        .toDF()
        .dropDuplicates("id")
        .writeStream.foreachBatch(out.fn)
        .option("checkpointLocation", "/checkpoints/dedup")
        .start();
    let query = await start();
    events.addData([
      { id: "a", v: 1, ts: at(1) },
      { id: "b", v: 2, ts: at(2) },
      { id: "a", v: 3, ts: at(3) },
    ]);
    await query.processAllAvailable();
    events.addData([
      { id: "b", v: 4, ts: at(4) },
      { id: "c", v: 5, ts: at(5) },
    ]);
    await query.processAllAvailable();
    expect(query.lastProgress?.stateOperators[0]).toMatchObject({
      operatorName: "dedupe",
      numRowsTotal: 3,
      numRowsUpdated: 1,
      customMetrics: { numDroppedDuplicateRows: 1 },
    });
    await query.stop();
    query = await start();
    events.addData([
      { id: "a", v: 6, ts: at(6) },
      { id: "d", v: 7, ts: at(7) },
      { id: "d", v: 8, ts: at(8) },
    ]);
    await query.processAllAvailable();
    await query.stop();
    expect([0, 1, 2].map((b) => ids(out.batches.get(b)!))).toEqual([["a:1", "b:2"], ["c:5"], ["d:7"]]);
  });

  it("dropDuplicates with the event-time column among the keys: late rows dropped, old keys evicted", async () => {
    const events = new MemoryStream(t.spark, "id STRING, v INT, ts TIMESTAMP");
    const out = collectBatches();
    const query = await events
      .toDF()
      .withWatermark("ts", "10 seconds")
      .dropDuplicates("id", "ts")
      .writeStream.foreachBatch(out.fn)
      .option("checkpointLocation", "/checkpoints/dedup-wm")
      .start();
    events.addData([
      { id: "a", v: 1, ts: at(10) },
      { id: "a", v: 2, ts: at(10) },
      { id: "b", v: 3, ts: at(12) },
    ]);
    await query.processAllAvailable(); // watermark → 00:00:02
    events.addData([
      { id: "a", v: 4, ts: at(10) }, // a duplicate still in state
      { id: "c", v: 5, ts: at(30) },
    ]);
    await query.processAllAvailable(); // watermark → 00:00:20: keys at 10 and 12 are evicted
    events.addData([
      { id: "a", v: 6, ts: at(10) }, // behind the watermark: late, dropped
      { id: "d", v: 7, ts: at(25) },
    ]);
    await query.processAllAvailable();
    await query.stop();
    expect(ids(out.all())).toEqual(["a:1", "b:3", "c:5", "d:7"]);
    const ran = query.recentProgress.filter((p) => p.stateOperators.length > 0);
    const dropped = ran.reduce((n, p) => n + p.stateOperators[0].numRowsDroppedByWatermark, 0);
    expect(dropped).toBe(1);
    const removed = ran.reduce((n, p) => n + p.stateOperators[0].numRowsRemoved, 0);
    expect(removed).toBe(2);
    expect(ran.at(-1)!.stateOperators[0].numRowsTotal).toBe(2);
  });

  it("dropDuplicatesWithinWatermark: a key is a duplicate until its first time plus the delay is behind the watermark", async () => {
    const events = new MemoryStream(t.spark, "id STRING, v INT, ts TIMESTAMP");
    const out = collectBatches();
    const query = await events
      .toDF()
      .withWatermark("ts", "10 seconds")
      .dropDuplicatesWithinWatermark("id")
      .writeStream.foreachBatch(out.fn)
      .option("checkpointLocation", "/checkpoints/within")
      .start();
    events.addData([
      { id: "a", v: 1, ts: at(100) },
      { id: "b", v: 2, ts: at(105) },
    ]);
    await query.processAllAvailable(); // watermark 95; a expires at 110, b at 115
    events.addData([
      { id: "a", v: 3, ts: at(108) }, // within a's window: duplicate
      { id: "x", v: 4, ts: at(121) },
    ]);
    await query.processAllAvailable(); // watermark 111: a (110) expires, b (115) stays
    events.addData([
      { id: "a", v: 5, ts: at(112) }, // a again, its earlier entry expired: passes
      { id: "b", v: 6, ts: at(113) }, // still a duplicate
    ]);
    await query.processAllAvailable();
    await query.stop();
    expect(ids(out.all())).toEqual(["a:1", "b:2", "x:4", "a:5"]);
    const ran = query.recentProgress.filter((p) => p.stateOperators.length > 0);
    expect(ran.at(-1)!.stateOperators[0].operatorName).toBe("dedupeWithinWatermark");
  });

  it("dropDuplicatesWithinWatermark without a watermark is refused before any batch runs", async () => {
    const events = new MemoryStream(t.spark, "id STRING, v INT, ts TIMESTAMP");
    await expect(
      events
        .toDF()
        .dropDuplicatesWithinWatermark("id")
        .writeStream.format("memory")
        .queryName("nope")
        .option("checkpointLocation", "/checkpoints/nope")
        .start(),
    ).rejects.toThrow(
      "dropDuplicatesWithinWatermark is not supported on streaming DataFrames/DataSets without watermark",
    );
    expect(await t.spark.fs.stat("/checkpoints/nope")).toBeUndefined();
  });
  // Spark's Dataset.groupColsFromDropDuplicates: each name matched against the columns, or refused.
  it("dropDuplicates / dropDuplicatesWithinWatermark of a name that is no column: Spark's legacy refusal", () => {
    const events = new MemoryStream(t.spark, "id STRING, v INT, ts TIMESTAMP").toDF();
    for (const dedup of [
      () => events.dropDuplicates("id", "nope"),
      () => events.withWatermark("ts", "1 second").dropDuplicatesWithinWatermark(["nope"]),
    ]) {
      const e = thrownBy<SparkError>(dedup);
      expect(e.name).toBe("AnalysisException");
      expect(e.getCondition()).toBe("_LEGACY_ERROR_TEMP_1201");
      expect(e.getMessageParameters()).toEqual({ colName: "nope", fieldNames: "id, v, ts" });
      expect(e.message).toContain('Cannot resolve column name "nope" among (id, v, ts).');
    }
  });

  it("dropDuplicates with a name given twice keys by it once (Spark's colNames.toSet)", async () => {
    const events = new MemoryStream(t.spark, "id STRING, v INT");
    const out = collectBatches();
    const query = await events
      .toDF()
      .dropDuplicates("id", "id")
      .writeStream.foreachBatch(out.fn)
      .option("checkpointLocation", "/checkpoints/dedup-twice")
      .start();
    events.addData([
      ["a", 1],
      ["a", 2],
      ["b", 3],
    ]);
    await query.processAllAvailable();
    await query.stop();
    expect(ids(out.all()).sort()).toEqual(["a:1", "b:3"]);
  });
});

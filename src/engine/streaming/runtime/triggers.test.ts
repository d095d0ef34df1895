import { afterEach, describe, expect, it, vi } from "vitest";
import { MemoryStream } from "../../sources/MemoryStream";
import { collectBatches } from "../../testing/batches";
import { sharedSession, writeFileAt } from "../../testing/files";
import { ManualClock } from "./ManualClock";
import { nextBatchTime, parseTrigger } from "./Trigger";

const T0 = Date.UTC(2024, 0, 1);

describe("nextBatchTime (Spark's ProcessingTimeExecutor)", () => {
  it("is the next multiple of the interval after now", () => {
    expect([0, 1, 999, 1000, 2500].map((now) => nextBatchTime(now, 1000))).toEqual([
      1000, 1000, 1000, 2000, 3000,
    ]);
  });
});

describe("parsing .trigger(...)", () => {
  it("takes PySpark's keywords, one at a time, and Spark's interval strings", () => {
    expect(parseTrigger({ processingTime: "3 seconds" })).toEqual({
      kind: "processingTime",
      intervalMs: 3000,
    });
    expect(parseTrigger({ processingTime: "interval 1 minute" })).toEqual({
      kind: "processingTime",
      intervalMs: 60_000,
    });
    expect(parseTrigger({ processingTime: 250 })).toEqual({ kind: "processingTime", intervalMs: 250 });
    expect(parseTrigger({ once: true })).toEqual({ kind: "once" });
    expect(parseTrigger({ availableNow: true })).toEqual({ kind: "availableNow" });
    expect(() => parseTrigger({ once: true, availableNow: true })).toThrow(
      "[ONLY_ALLOW_SINGLE_TRIGGER] Only a single trigger is allowed.",
    );
    expect(() => parseTrigger({ processingTime: "-1 second" })).toThrow(
      "requirement failed: the interval of trigger should not be negative",
    );
    expect(() => parseTrigger({ processingTime: "1 month" })).toThrow(
      "Doesn't support month or year interval",
    );
  });
});

describe("triggers", () => {
  const ctx = sharedSession();
  afterEach(() => {
    vi.restoreAllMocks();
    ctx.t.spark.conf.unset("spark.sql.streaming.noDataProgressEventInterval");
  });

  it("default: the next batch starts as soon as the last ends; an idle query polls for new data", async () => {
    const input = new MemoryStream(ctx.t.spark, "v INT");
    const collector = collectBatches();
    const query = await input
      .toDF()
      .writeStream.foreachBatch(async (df, batchId) => {
        await collector.fn(df, batchId);
        // Data arriving during a batch is the next batch's, taken right after this one.
        if (batchId === 0) input.addData([{ v: 2 }]);
      })
      .option("checkpointLocation", `${ctx.dir}/ckpt`)
      .start();
    await query.processAllAvailable();
    input.addData([{ v: 1 }]);
    await query.processAllAvailable();
    expect([...collector.batches.entries()].map(([id, rows]) => [id, rows.map((r) => r.v)])).toEqual([
      [0, [1]],
      [1, [2]],
    ]);
  });

  it("processingTime: triggers fall in successive intervals; a late one logs Spark's falling-behind warning", async () => {
    const { t } = ctx;
    t.spark.conf.set("spark.sql.streaming.noDataProgressEventInterval", "0");
    const clock = new ManualClock(T0);
    t.spark.clock = clock;
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const input = new MemoryStream(t.spark, "v INT");
    input.addData([{ v: 1 }]);
    const query = await input
      .toDF()
      .writeStream.foreachBatch(() => clock.advance(250)) // the batch takes 250 ms
      .trigger({ processingTime: "100 milliseconds" })
      .option("checkpointLocation", `${ctx.dir}/ckpt`)
      .start();
    // The trigger due at T0 + 100 starts as soon as batch 0 ends, at T0 + 250, and finds nothing new; the next
    // one waits for T0 + 300, the one after for T0 + 400.
    await clock.waitingFor(T0 + 300);
    clock.advance(50);
    await clock.waitingFor(T0 + 400);
    await query.stop();
    const message = warn.mock.calls.map((c) => String(c[0])).find((m) => m.startsWith("Current batch"));
    expect(message).toMatch(
      /^Current batch is falling behind\. The trigger interval is 100 milliseconds, but spent (\d+) milliseconds$/,
    );
    expect(Number(/spent (\d+)/.exec(message!)![1])).toBeGreaterThanOrEqual(250);
    // Every trigger waits for the next multiple of the interval, so no two start in the same interval.
    const slots = query.recentProgress.map((p) => Math.floor(Date.parse(p.timestamp) / 100));
    expect(slots.length).toBeGreaterThan(2);
    for (let i = 1; i < slots.length; i++) expect(slots[i]).toBeGreaterThan(slots[i - 1]);
    expect(query.recentProgress.map((p) => Date.parse(p.timestamp) - T0)).toEqual([0, 250, 300]);
  });

  it("once: one batch with everything available, whatever maxFilesPerTrigger, then the query stops", async () => {
    const { t, dir } = ctx;
    for (const i of [0, 1, 2]) await writeFileAt(t, `${dir}/in/f${i}.csv`, `${i}\n`, T0 + i);
    const collector = collectBatches();
    const query = await t.spark.readStream
      .schema("n INT")
      .option("maxFilesPerTrigger", 1)
      .csv(`${dir}/in`)
      .writeStream.foreachBatch(collector.fn)
      .trigger({ once: true })
      .option("checkpointLocation", `${dir}/ckpt`)
      .start();
    expect(await query.awaitTermination(30_000)).toBe(true);
    expect(query.isActive).toBe(false);
    expect(query.status.message).toBe("Stopped");
    expect([...collector.batches.entries()].map(([id, rows]) => [id, rows.map((r) => r.n)])).toEqual([
      [0, [0, 1, 2]],
    ]);
  });

  it("availableNow: honours maxFilesPerTrigger over several batches, then stops; files arriving later wait", async () => {
    const { t, dir } = ctx;
    for (const i of [0, 1, 2]) await writeFileAt(t, `${dir}/in/f${i}.csv`, `${i}\n`, T0 + i);
    const run = async () => {
      const collector = collectBatches();
      const query = await t.spark.readStream
        .schema("n INT")
        .option("maxFilesPerTrigger", 1)
        .csv(`${dir}/in`)
        .writeStream.foreachBatch(async (df, batchId) => {
          await collector.fn(df, batchId);
          if (batchId === 0) await writeFileAt(t, `${dir}/in/f3.csv`, "3\n", T0 + 3);
        })
        .trigger({ availableNow: true })
        .option("checkpointLocation", `${dir}/ckpt`)
        .start();
      await query.awaitTermination();
      return [...collector.batches.entries()].map(([id, rows]) => [id, rows.map((r) => r.n)]);
    };
    expect(await run()).toEqual([
      [0, [0]],
      [1, [1]],
      [2, [2]],
    ]);
    expect(await run()).toEqual([[3, [3]]]);
  });

  it("availableNow: a MemoryStream stops at what it had at start", async () => {
    const input = new MemoryStream(ctx.t.spark, "v INT");
    input.addData([{ v: 1 }]);
    input.addData([{ v: 2 }]);
    const collector = collectBatches();
    const query = await input
      .toDF()
      .writeStream.foreachBatch(async (df, batchId) => {
        await collector.fn(df, batchId);
        input.addData([{ v: 99 }]);
      })
      .trigger({ availableNow: true })
      .option("checkpointLocation", `${ctx.dir}/ckpt`)
      .start();
    await query.awaitTermination();
    expect(collector.all().map((r) => r.v)).toEqual([1, 2]);
  });
});

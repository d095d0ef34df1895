/**
 * Cases of Spark's ProcessingTimeExecutorSuite (sql/core/src/test/scala/org/apache/spark/sql/execution/streaming),
 * each named as there, with Spark's inputs and expected answers. Spark drives its ProcessingTimeExecutor directly
 * with a function standing for a trigger; here a query on a ManualClock with a processing-time trigger is the
 * executor, its batches (a foreachBatch function moving the clock on) the triggers, and its progress timestamps
 * the trigger times.
 *
 * Not ported: "batch termination" (the executor's loop ends when its trigger function returns false): a query
 * has no such function; it runs until stopped, and Trigger.Once / AvailableNow cover ending by itself.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { MemoryStream } from "../../../sources/MemoryStream";
import { waitUntil } from "../../../testing/files";
import { newTestSession, type TestSession } from "../../../testing/fixtures";
import { ManualClock } from "../../runtime/ManualClock";
import { nextBatchTime } from "../../runtime/Trigger";

describe("ProcessingTimeExecutorSuite", () => {
  let session: TestSession | undefined;
  let clock: ManualClock;
  /** A session on a ManualClock at 0, for the cases that run a query. */
  const withQuerySession = async (): Promise<TestSession> => {
    clock = new ManualClock(0);
    session = await newTestSession(clock);
    return session;
  };
  afterEach(async () => {
    vi.restoreAllMocks();
    await session?.cleanup();
    session = undefined;
  });

  it("nextBatchTime", () => {
    // ProcessingTimeExecutor(ProcessingTimeTrigger(100))
    expect(nextBatchTime(0, 100)).toBe(100);
    expect(nextBatchTime(1, 100)).toBe(100);
    expect(nextBatchTime(99, 100)).toBe(100);
    expect(nextBatchTime(100, 100)).toBe(200);
    expect(nextBatchTime(101, 100)).toBe(200);
    expect(nextBatchTime(150, 100)).toBe(200);
  });

  it("trigger timing", async () => {
    const t = await withQuerySession();
    vi.spyOn(console, "warn").mockImplementation(() => {});
    // Every trigger reports progress, so each one's start time is seen.
    t.spark.conf.set("spark.sql.streaming.noDataProgressEventInterval", "0");
    let clockIncrementInTrigger = 0;
    const input = new MemoryStream(t.spark, "value INT");
    input.addData([[0]]);
    const query = await input
      .toDF()
      .writeStream.foreachBatch(() => {
        // The trigger takes clockIncrementInTrigger ms; reset so that there are no runaway triggers.
        clock.advance(clockIncrementInTrigger);
        clockIncrementInTrigger = 0;
      })
      .trigger({ processingTime: "1000 milliseconds" })
      .option("checkpointLocation", "/checkpoints/trigger-timing")
      .start();
    const triggerTimes = () => query.recentProgress.map((p) => Date.parse(p.timestamp));
    try {
      // First batch should execute immediately, then executor should wait for next one
      await clock.waitingFor(1000);
      expect(triggerTimes()).toContain(0);
      expect(clock.getTimeMillis()).toBe(0);

      // Second batch should execute when clock reaches the next trigger time. If next trigger takes less than the
      // trigger interval, executor should wait for next one
      clockIncrementInTrigger = 500;
      input.addData([[1]]);
      clock.setTime(1000);
      await clock.waitingFor(2000);
      expect(triggerTimes()).toContain(1000);
      expect(clock.getTimeMillis()).toBe(1500);

      // If next trigger takes more than the trigger interval, executor should immediately execute another one
      clockIncrementInTrigger = 1500;
      input.addData([[2]]);
      clock.setTime(2000); // allow another trigger by setting clock to 2000
      await clock.waitingFor(4000);
      // Since the trigger took 1500 (more than the trigger interval of 1000), the next one started at once
      expect(triggerTimes()).toContain(2000);
      expect(triggerTimes()).toContain(3500);
      expect(clock.getTimeMillis()).toBe(3500);
    } finally {
      await query.stop();
    }
  });

  it("calling nextBatchTime with the result of a previous call should return the next interval", () => {
    const intervalMS = 100;
    const ITERATION = 10;
    let next = 0;
    for (let i = 1; i <= ITERATION; i++) next = nextBatchTime(next, intervalMS);
    // nextBatchTime should be 1000
    expect(next).toBe(intervalMS * ITERATION);
  });

  it("notifyBatchFallingBehind", async () => {
    const t = await withQuerySession();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const input = new MemoryStream(t.spark, "value INT");
    input.addData([[1]]);
    const query = await input
      .toDF()
      .writeStream.foreachBatch(async () => {
        await clock.waitTillTime(200);
      })
      .trigger({ processingTime: 100 })
      .option("checkpointLocation", "/checkpoints/falling-behind")
      .start();
    try {
      // Wait until the batch is running so that we don't call `advance` too early
      await clock.waitingFor(200);
      clock.advance(200);
      await waitUntil(() =>
        warn.mock.calls.some((c) => String(c[0]).startsWith("Current batch is falling behind")),
      );
      expect(warn.mock.calls.map((c) => String(c[0]))).toContain(
        "Current batch is falling behind. The trigger interval is 100 milliseconds, but spent 200 milliseconds",
      );
    } finally {
      await query.stop();
    }
  });
});

/**
 * The session's clock is a query's one source of time: on a ManualClock, every time a query reports, logs or acts
 * on is the clock's, to the millisecond, and nothing happens until the clock moves.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryStream } from "../../sources/MemoryStream";
import { readText } from "../../testing/files";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import type { GroupState } from "../operators/GroupState";
import { ManualClock } from "../runtime/ManualClock";

const T0 = Date.UTC(2024, 0, 1);
const iso = (ms: number) => new Date(T0 + ms).toISOString();

describe("a query on a manual clock", () => {
  let t: TestSession;
  let clock: ManualClock;
  beforeEach(async () => {
    clock = new ManualClock(T0);
    t = await newTestSession(clock);
  });
  afterEach(() => t.cleanup());

  it("takes its trigger times, progress, batch timestamps, timeouts and awaitTermination from the clock", async () => {
    expect(t.spark.clock).toBe(clock);
    const started: string[] = [];
    const idle: string[] = [];
    t.spark.streams.addListener({
      onQueryStarted: (e) => started.push(e.timestamp),
      onQueryIdle: (e) => idle.push(e.timestamp),
    });
    const events = new MemoryStream(t.spark, "user STRING");
    events.addData([{ user: "a" }]);
    const calls: string[] = [];
    const query = await events
      .toDF()
      .groupBy("user")
      .flatMapGroupsWithState(
        ([user], rows, state: GroupState<number>) => {
          const at = state.getCurrentProcessingTimeMs() - T0;
          calls.push(`${user} at ${at}: ${state.hasTimedOut ? "timed out" : `${rows.length} rows`}`);
          if (state.hasTimedOut) state.remove();
          else {
            state.update(rows.length);
            state.setTimeoutDuration("25 seconds");
          }
          return [];
        },
        { outputStructType: "user STRING", outputMode: "update", timeoutConf: "ProcessingTimeTimeout" },
      )
      .writeStream.outputMode("update")
      .foreachBatch(() => clock.advance(1234)) // each batch takes 1234 ms of the clock's time
      .trigger({ processingTime: "10 seconds" })
      .option("checkpointLocation", "/checkpoints/clock")
      .start();

    // Batch 0 runs at T0; the triggers at 10 s (idle, not reported: noDataProgressEventInterval is 10 s of the
    // clock since batch 0 ended), 20 s (idle, reported) and 30 s (a's timeout at 25 s: batch 1, without data).
    for (const next of [10_000, 20_000, 30_000]) {
      await clock.waitingFor(T0 + next);
      clock.setTime(T0 + next);
    }
    await clock.waitingFor(T0 + 40_000);

    expect(started).toEqual([iso(0)]);
    expect(idle).toEqual([iso(20_000)]);
    expect(calls).toEqual(["a at 0: 1 rows", "a at 30000: timed out"]);
    const progress = query.recentProgress;
    expect(progress.map((p) => [p.batchId, p.timestamp, p.batchDuration, p.numInputRows])).toEqual([
      [0, iso(0), 1234, 1],
      [1, iso(20_000), 0, 0],
      [1, iso(30_000), 1234, 0],
    ]);
    expect(progress[0].durationMs).toEqual({
      addBatch: 1234,
      commitOffsets: 0,
      getBatch: 0,
      latestOffset: 0,
      queryPlanning: 0,
      triggerExecution: 1234,
      walCommit: 0,
    });
    expect(progress[0].processedRowsPerSecond).toBe(1 / 1.234);
    const batchTimestamp = async (batchId: number) =>
      JSON.parse((await readText(t, `/checkpoints/clock/offsets/${batchId}`)).split("\n")[1])
        .batchTimestampMs;
    expect([await batchTimestamp(0), await batchTimestamp(1)]).toEqual([T0, T0 + 30_000]);

    // awaitTermination's timeout runs on the clock too: 5 seconds pass when the clock says so.
    const waiting = query.awaitTermination(5000);
    await clock.waitingFor(T0 + 31_234 + 5000);
    clock.advance(5000);
    expect(await waiting).toBe(false);
    await query.stop();
    expect(query.recentProgress).toHaveLength(3);
  });
});

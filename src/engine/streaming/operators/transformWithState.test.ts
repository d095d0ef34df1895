/** Spark 4's transformWithState: a StatefulProcessor with value, list and map state and timers. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryStream } from "../../sources/MemoryStream";
import type { Row } from "../../sql/api/rows";
import { collectBatches, sortedRows } from "../../testing/batches";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import { ManualClock } from "../runtime/ManualClock";
import {
  type ExpiredTimerInfo,
  type ListState,
  type MapState,
  StatefulProcessor,
  type StatefulProcessorHandle,
  type TimerValues,
  type ValueState,
} from "./StatefulProcessor";

const at = (s: number) => new Date(Date.UTC(2024, 0, 1, 0, 0, s));

/** Counts a user's events and amounts by category; when the user is quiet for 5 seconds, emits a summary. */
class ActivitySummary extends StatefulProcessor {
  private handle!: StatefulProcessorHandle;
  private events!: ValueState<number>;
  private amounts!: ListState<number>;
  private byCategory!: MapState<string, number>;

  override init(handle: StatefulProcessorHandle): void {
    this.handle = handle;
    this.events = handle.getValueState("events");
    this.amounts = handle.getListState("amounts");
    this.byCategory = handle.getMapState("byCategory");
  }

  handleInputRows(_key: unknown[], rows: Row[], _timers: TimerValues): Row[] {
    this.events.update((this.events.get() ?? 0) + rows.length);
    this.amounts.appendList(rows.map((r) => r.amount as number));
    for (const r of rows) {
      const category = r.category as string;
      this.byCategory.updateValue(category, (this.byCategory.getValue(category) ?? 0) + 1);
    }
    for (const t of this.handle.listTimers()) this.handle.deleteTimer(t);
    const last = Math.max(...rows.map((r) => (r.ts as Date).getTime()));
    this.handle.registerTimer(last + 5000);
    return [];
  }

  override handleExpiredTimer(key: unknown[], _timers: TimerValues, info: ExpiredTimerInfo): Row[] {
    const summary = {
      user: key[0],
      events: this.events.get(),
      total: this.amounts.get().reduce((a, b) => a + b, 0),
      categories: this.byCategory
        .keys()
        .sort()
        .map((c) => `${c}:${this.byCategory.getValue(c)}`)
        .join(","),
      quietSince: new Date(info.getExpiryTimeInMs() - 5000),
    };
    this.events.clear();
    this.amounts.clear();
    this.byCategory.clear();
    return [summary];
  }
}

describe("transformWithState", () => {
  let t: TestSession;
  let events: MemoryStream;
  beforeEach(async () => {
    t = await newTestSession();
    events = new MemoryStream(t.spark, "user STRING, ts TIMESTAMP, amount INT, category STRING");
  });
  afterEach(() => t.cleanup());

  const ev = (user: string, s: number, amount: number, category = "x") => ({
    user,
    ts: at(s),
    amount,
    category,
  });
  const OUTPUT = "user STRING, events INT, total INT, categories STRING, quietSince TIMESTAMP";

  it("event-time timers fire when the watermark passes them; state survives a restart", async () => {
    const out = collectBatches();
    const start = () =>
      events
        .toDF()
        .withWatermark("ts", "10 seconds")
        .groupBy("user")
        .transformWithState(new ActivitySummary(), { outputStructType: OUTPUT, timeMode: "EventTime" })
        .writeStream.outputMode("append")
        .foreachBatch(out.fn)
        .option("checkpointLocation", "/checkpoints/tws")
        .start();
    let query = await start();
    events.addData([ev("a", 0, 5, "x"), ev("b", 1, 2, "y"), ev("a", 3, 1, "y")]);
    await query.processAllAvailable(); // watermark → -7 s
    await query.stop();
    query = await start();
    events.addData([ev("a", 12, 4, "x"), ev("c", 40, 9)]);
    await query.processAllAvailable(); // watermark → 30 s: a's timer (17 s) and b's (6 s) fire
    await query.stop();
    expect(sortedRows(out.all())).toEqual(
      sortedRows([
        { user: "a", events: 3, total: 10, categories: "x:2,y:1", quietSince: at(12) },
        { user: "b", events: 1, total: 2, categories: "y:1", quietSince: at(1) },
      ]),
    );
    const ran = query.recentProgress.filter((p) => p.durationMs.addBatch !== undefined);
    expect(ran.at(-1)!.stateOperators[0]).toMatchObject({
      operatorName: "transformWithStateExec",
      numRowsTotal: 1,
    });
  });

  it("processing-time timers fire once the batch time passes them", async () => {
    class Reminder extends StatefulProcessor {
      private handle!: StatefulProcessorHandle;
      private seen!: ValueState<number>;
      override init(handle: StatefulProcessorHandle): void {
        this.handle = handle;
        this.seen = handle.getValueState("seen");
      }
      handleInputRows(_key: unknown[], rows: Row[], timers: TimerValues): Row[] {
        this.seen.update((this.seen.get() ?? 0) + rows.length);
        this.handle.registerTimer(timers.getCurrentProcessingTimeInMs() + 300);
        return [];
      }
      override handleExpiredTimer(key: unknown[]): Row[] {
        const seen = this.seen.get();
        this.seen.clear();
        return [{ user: key[0], seen }];
      }
    }
    const clock = new ManualClock(at(0).getTime());
    t.spark.clock = clock;
    const out = collectBatches();
    const query = await events
      .toDF()
      .groupBy("user")
      .transformWithStateInPandas(new Reminder(), "user STRING, seen INT", "update", "ProcessingTime")
      .writeStream.outputMode("update")
      .foreachBatch(out.fn)
      .option("checkpointLocation", "/checkpoints/reminder")
      .start();
    events.addData([ev("a", 0, 1), ev("a", 1, 1), ev("b", 2, 1)]);
    await query.processAllAvailable();
    expect(out.all()).toEqual([]);
    clock.advance(800);
    await query.processAllAvailable();
    await query.stop();
    expect(sortedRows(out.all())).toEqual(
      sortedRows([
        { user: "a", seen: 2 },
        { user: "b", seen: 1 },
      ]),
    );
    // The rows came from batches without new data: the timers, not the input, produced them.
    const inputRows = new Map(query.recentProgress.map((p) => [p.batchId, p.numInputRows]));
    const emitting = [...out.batches.entries()].filter(([, rows]) => rows.length > 0).map(([id]) => id);
    expect(emitting.map((id) => inputRows.get(id))).toEqual(emitting.map(() => 0));
  });

  it("timers without a time mode fail the batch with Spark's error", async () => {
    const query = await events
      .toDF()
      .groupBy("user")
      .transformWithState(new ActivitySummary(), { outputStructType: OUTPUT })
      .writeStream.format("noop")
      .option("checkpointLocation", "/checkpoints/no-time")
      .start();
    events.addData([ev("a", 0, 1)]);
    await query.awaitTermination().catch(() => {});
    expect(query.exception()?.message).toContain(
      "[STATEFUL_PROCESSOR_CANNOT_PERFORM_OPERATION_WITH_INVALID_TIME_MODE] Failed to perform stateful processor operation=list_timers with invalid timeMode=NoTime",
    );
  });
});

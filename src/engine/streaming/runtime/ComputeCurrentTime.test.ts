/**
 * The current time in a streaming query is the batch's timestamp, as Spark's ComputeCurrentTime makes it in
 * IncrementalExecution: StreamingAggregationSuite's "prune results by current_time / current_date, complete
 * mode", on a ManualClock, and a batch run again after a restart keeps the time it first had.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryStream } from "../../sources/MemoryStream";
import {
  col,
  count,
  current_date,
  date_sub,
  expr,
  timestamp_seconds,
  to_date,
} from "../../sql/api/functions";
import type { Row } from "../../sql/api/rows";
import { collectBatches, sortedRows } from "../../testing/batches";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import { ManualClock } from "./ManualClock";

const SECOND = 1000;
const DAY = 86_400_000;

describe("current time in a streaming query", () => {
  let t: TestSession;
  let clock: ManualClock;
  beforeEach(async () => {
    clock = new ManualClock(0);
    t = await newTestSession(clock);
  });
  afterEach(() => t.cleanup());

  /** Adds `rows`, moves the clock to `at` and waits for the batch there to finish (the query waits for the next). */
  const batchAt = async (input: MemoryStream, rows: number[], at: number, interval: number) => {
    input.addData(rows.map((v) => [v]));
    clock.setTime(at);
    await clock.waitingFor(at + interval);
  };

  it("unix_timestamp() is the batch's time: complete mode keeps the keys of the last 10 seconds", async () => {
    const input = new MemoryStream(t.spark, "value BIGINT");
    const aggregated = input
      .toDF()
      .groupBy("value")
      .agg(count("*").alias("count"))
      .where(col("value").geq(expr("unix_timestamp() - 10")));
    const collector = collectBatches();
    const start = () =>
      aggregated.writeStream
        .outputMode("complete")
        .foreachBatch(collector.fn)
        .trigger({ processingTime: "10 seconds" })
        .option("checkpointLocation", "/checkpoints/current_time")
        .start();
    const last = () => sortedRows(collector.batches.get(Math.max(...collector.batches.keys())) as Row[]);
    const rows = (pairs: [number, number][]) => sortedRows(pairs.map(([value, n]) => ({ value, count: n })));

    const query = await start();
    await clock.waitingFor(10 * SECOND);
    await batchAt(input, [0, 5, 5, 10], 10 * SECOND, 10 * SECOND);
    expect(last()).toEqual(
      rows([
        [0, 1],
        [5, 2],
        [10, 1],
      ]),
    );
    await batchAt(input, [15, 15, 20], 20 * SECOND, 10 * SECOND);
    expect(last()).toEqual(
      rows([
        [10, 1],
        [15, 2],
        [20, 1],
      ]),
    );
    await batchAt(input, [0, 85], 30 * SECOND, 10 * SECOND);
    expect(last()).toEqual(
      rows([
        [20, 1],
        [85, 1],
      ]),
    );
    await query.stop();

    // The last batch lost its commit: run again a minute later, it keeps the time it was planned at.
    await t.spark.fs.delete("/checkpoints/current_time/commits/2");
    collector.batches.clear();
    clock.advance(60 * SECOND);
    const restarted = await start();
    await clock.waitingFor(100 * SECOND);
    expect([...collector.batches.keys()]).toEqual([2]);
    expect(last()).toEqual(
      rows([
        [20, 1],
        [85, 1],
      ]),
    );
    await batchAt(input, [85, 90, 100, 105], 100 * SECOND, 10 * SECOND);
    expect(last()).toEqual(
      rows([
        [90, 1],
        [100, 1],
        [105, 1],
      ]),
    );
    await restarted.stop();
  });

  it("current_date() is the batch's date", async () => {
    const input = new MemoryStream(t.spark, "value BIGINT");
    const aggregated = input
      .toDF()
      .select(timestamp_seconds(col("value").multiply(86_400)).alias("value"))
      .groupBy("value")
      .agg(count("*").alias("count"))
      .where(to_date(col("value")).geq(date_sub(current_date(), 10)));
    const collector = collectBatches();
    const query = await aggregated.writeStream
      .outputMode("complete")
      .foreachBatch(collector.fn)
      .trigger({ processingTime: "10 days" })
      .start();
    const days = () =>
      (collector.batches.get(Math.max(...collector.batches.keys())) as Row[])
        .map((r) => [(r.value as Date).getTime() / DAY, r.count])
        .sort((a, b) => (a[0] as number) - (b[0] as number));
    await clock.waitingFor(10 * DAY);
    await batchAt(input, [0, 5, 5, 10], 10 * DAY, 10 * DAY);
    expect(days()).toEqual([
      [0, 1],
      [5, 2],
      [10, 1],
    ]);
    await batchAt(input, [15, 15, 20], 20 * DAY, 10 * DAY);
    expect(days()).toEqual([
      [10, 1],
      [15, 2],
      [20, 1],
    ]);
    await query.stop();
  });
});

import { beforeEach, describe, expect, it } from "vitest";
import { IllegalArgumentException } from "../errors";
import { ManualClock } from "../streaming/runtime/ManualClock";
import { collectBatches } from "../testing/batches";
import { readText, sharedSession, waitUntil } from "../testing/files";
import { valueAtSecond } from "./RateStreamSource";

describe("valueAtSecond", () => {
  it("follows Spark's ramp-up: rowsPerSecond 10 over rampUpTime 4s", () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((s) => valueAtSecond(s, 10, 4))).toEqual([0, 2, 6, 12, 20, 30, 40]);
    expect([0, 1, 2, 3].map((s) => valueAtSecond(s, 7, 0))).toEqual([0, 7, 14, 21]);
  });
});

describe("the rate source", () => {
  const ctx = sharedSession();
  const T0 = Date.UTC(2024, 0, 1);
  let clock: ManualClock;
  beforeEach(() => {
    clock = new ManualClock(T0);
    ctx.t.spark.clock = clock;
  });

  /** Moves the clock on a trigger (200 ms) at a time, each once the trigger before has run, until `done()`. */
  const runUntil = async (done: () => boolean) => {
    for (;;) {
      await clock.waitingAt(clock.getTimeMillis());
      if (done()) return;
      clock.advance(200);
    }
  };

  const start = (checkpoint: string, collector: ReturnType<typeof collectBatches>) =>
    ctx.t.spark.readStream
      .format("rate")
      .option("rowsPerSecond", 10)
      .load()
      .writeStream.foreachBatch(collector.fn)
      .trigger({ processingTime: "200 milliseconds" })
      .option("checkpointLocation", checkpoint)
      .start();

  it("makes rowsPerSecond rows a second: values without gaps, timestamps spread over each second", async () => {
    const { t, dir } = ctx;
    const collector = collectBatches();
    const query = await start(`${dir}/ckpt`, collector);
    await runUntil(() => collector.all().length >= 20);
    await query.stop();
    const rows = collector.all();
    expect(t.spark.readStream.format("rate").load().columns).toEqual(["timestamp", "value"]);
    expect(rows.map((r) => r.value)).toEqual(rows.map((_, i) => i));
    // The start time is kept in the checkpoint; value v is stamped start + v / rowsPerSecond seconds.
    const startMs = Number((await readText(t, `${dir}/ckpt/sources/0/0`)).split("\n")[1]);
    expect(startMs).toBe(T0);
    for (const r of rows) expect((r.timestamp as Date).getTime()).toBe(startMs + (r.value as number) * 100);
    const reported = query.recentProgress.reduce((n, p) => n + p.numInputRows, 0);
    expect(reported).toBe(rows.length);
    expect(query.lastProgress?.sources[0].description).toBe(
      "RateStreamV2[rowsPerSecond=10, rampUpTimeSeconds=0, numPartitions=default",
    );
  });

  it("runs its first batch at the start, empty: its offset is 0 seconds at once (Spark's latestOffset)", async () => {
    const collector = collectBatches();
    const query = await start(`${ctx.dir}/first`, collector);
    await clock.waitingAt(T0);
    await query.stop();
    expect([...collector.batches.entries()]).toEqual([[0, []]]);
    const { batchId, numInputRows, sources: [source] = [] } = query.lastProgress ?? {};
    expect([batchId, numInputRows, source?.startOffset, source?.endOffset]).toEqual([0, 0, null, 0]);
  });

  it("continues its sequence after a restart, and re-runs an uncommitted batch with the same rows", async () => {
    const { t, dir } = ctx;
    const first = collectBatches();
    const query = await start(`${dir}/ckpt`, first);
    await runUntil(() => first.batches.size >= 2);
    await query.stop();
    // Forget the last commit, as a crash before commits/N would leave the checkpoint.
    const last = Math.max(...first.batches.keys());
    await t.spark.fs.delete(`${dir}/ckpt/commits/${last}`);
    const second = collectBatches();
    const restarted = await start(`${dir}/ckpt`, second);
    await runUntil(() => second.batches.size >= 2);
    await restarted.stop();
    expect(second.batches.get(last)).toEqual(first.batches.get(last));
    const values = [...first.batches.entries(), ...second.batches.entries()]
      .filter(([id], i, all) => all.findIndex(([other]) => other === id) === i)
      .flatMap(([, rows]) => rows.map((r) => r.value));
    expect(values).toEqual(values.map((_, i) => i));
  });

  it("refuses bad options at load(), with Spark's messages", () => {
    const rate = () => ctx.t.spark.readStream.format("rate");
    expect(() => rate().option("rowsPerSecond", 0).load()).toThrow(IllegalArgumentException);
    expect(() => rate().option("rowsPerSecond", 0).load()).toThrow(
      "Invalid value '0'. The option 'rowsPerSecond' must be positive",
    );
    expect(() => rate().option("rampUpTime", "-5s").load()).toThrow(
      "Invalid value '-5'. The option 'rampUpTime' must not be negative",
    );
    expect(() => rate().option("numPartitions", -1).load()).toThrow(
      "Invalid value '-1'. The option 'numPartitions' must be positive",
    );
    expect(() => rate().schema("x INT").load()).toThrow(
      "RateStreamProvider source does not support user-specified schema.",
    );
  });
});

describe("the rate-micro-batch source", () => {
  const ctx = sharedSession();

  const start = (checkpoint: string, collector: ReturnType<typeof collectBatches>) =>
    ctx.t.spark.readStream
      .format("rate-micro-batch")
      .option("rowsPerBatch", 5)
      .option("startTimestamp", 1_000_000)
      .option("advanceMillisPerBatch", 250)
      .load()
      .writeStream.foreachBatch(collector.fn)
      .option("checkpointLocation", checkpoint)
      .start();

  it("puts rowsPerBatch rows in every batch, stamped startTimestamp + batchId × advanceMillisPerBatch", async () => {
    const { dir } = ctx;
    const collector = collectBatches();
    const query = await start(`${dir}/micro`, collector);
    await waitUntil(() => collector.batches.size >= 4);
    await query.stop();
    for (const [batchId, rows] of collector.batches) {
      expect(rows.map((r) => r.value)).toEqual([0, 1, 2, 3, 4].map((i) => batchId * 5 + i));
      for (const r of rows) expect((r.timestamp as Date).getTime()).toBe(1_000_000 + batchId * 250);
    }
    expect(query.recentProgress.every((p) => p.numInputRows === 5)).toBe(true);
    expect(query.lastProgress?.sources[0].description).toBe(
      "RatePerMicroBatchStream[rowsPerBatch=5, numPartitions=default, startTimestamp=1000000, advanceMillisPerBatch=250]",
    );
  });

  it("continues after a restart from its offsets alone; an uncommitted batch re-runs with the same rows", async () => {
    const { t, dir } = ctx;
    const first = collectBatches();
    const query = await start(`${dir}/micro-restart`, first);
    await waitUntil(() => first.batches.size >= 3);
    await query.stop();
    const last = Math.max(...first.batches.keys());
    await t.spark.fs.delete(`${dir}/micro-restart/commits/${last}`);
    const second = collectBatches();
    const restarted = await start(`${dir}/micro-restart`, second);
    await waitUntil(() => second.batches.size >= 2);
    await restarted.stop();
    expect(Math.min(...second.batches.keys())).toBe(last);
    expect(second.batches.get(last)).toEqual(first.batches.get(last));
  });

  it("runs one batch under availableNow", async () => {
    const { t, dir } = ctx;
    const collector = collectBatches();
    const query = await t.spark.readStream
      .format("rate-micro-batch")
      .option("rowsPerBatch", 3)
      .load()
      .writeStream.foreachBatch(collector.fn)
      .trigger({ availableNow: true })
      .option("checkpointLocation", `${dir}/micro-once`)
      .start();
    await query.awaitTermination();
    expect([...collector.batches.keys()]).toEqual([0]);
    expect(collector.all().map((r) => r.value)).toEqual([0, 1, 2]);
  });

  it("refuses bad options at load(), with Spark's messages", () => {
    const micro = () => ctx.t.spark.readStream.format("rate-micro-batch");
    expect(() => micro().load()).toThrow("Invalid value '0'. The option 'rowsPerBatch' must be positive");
    expect(() => micro().option("rowsPerBatch", "ten").load()).toThrow('For input string: "ten"');
    expect(() => micro().option("rowsPerBatch", 1).option("startTimestamp", -1).load()).toThrow(
      "Invalid value '-1'. The option 'startTimestamp' must be non-negative",
    );
    expect(() => micro().option("rowsPerBatch", 1).option("advanceMillisPerBatch", -1).load()).toThrow(
      "Invalid value '-1'. The option 'advanceMillisPerBatch' must be non-negative",
    );
    expect(() => micro().option("rowsPerBatch", 1).schema("x INT").load()).toThrow(
      "RatePerMicroBatchProvider source does not support user-specified schema.",
    );
  });
});

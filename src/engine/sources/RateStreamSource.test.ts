import { describe, expect, it } from "vitest";
import { IllegalArgumentException } from "../sql/errors";
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
    await waitUntil(() => collector.all().length >= 20);
    await query.stop();
    const rows = collector.all();
    expect(t.spark.readStream.format("rate").load().columns).toEqual(["timestamp", "value"]);
    expect(rows.map((r) => r.value)).toEqual(rows.map((_, i) => i));
    // The start time is kept in the checkpoint; value v is stamped start + v / rowsPerSecond seconds.
    const startMs = Number((await readText(t, `${dir}/ckpt/sources/0/0`)).split("\n")[1]);
    for (const r of rows) expect((r.timestamp as Date).getTime()).toBe(startMs + (r.value as number) * 100);
    const reported = query.recentProgress.reduce((n, p) => n + p.numInputRows, 0);
    expect(reported).toBe(rows.length);
    expect(query.lastProgress?.sources[0].description).toBe(
      "RateStreamV2[rowsPerSecond=10, rampUpTimeSeconds=0, numPartitions=default",
    );
  });

  it("continues its sequence after a restart, and re-runs an uncommitted batch with the same rows", async () => {
    const { t, dir } = ctx;
    const first = collectBatches();
    const query = await start(`${dir}/ckpt`, first);
    await waitUntil(() => first.batches.size >= 2);
    await query.stop();
    // Forget the last commit, as a crash before commits/N would leave the checkpoint.
    const last = Math.max(...first.batches.keys());
    await t.spark.fs.delete(`${dir}/ckpt/commits/${last}`);
    const second = collectBatches();
    const restarted = await start(`${dir}/ckpt`, second);
    await waitUntil(() => second.batches.size >= 2);
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
      "The rate source does not support a user-specified schema.",
    );
  });
});

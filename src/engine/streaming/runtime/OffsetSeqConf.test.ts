/**
 * The settings a checkpoint fixes (Spark's OffsetSeqMetadata.relevantSQLConfs): Spark 4's
 * `spark.sql.streaming.stateStore.encodingFormat` is validated when set, logged with each batch and restored on
 * restart; a checkpoint from before Spark 4 logged none and was written with `unsaferow`.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OffsetSeqLog } from "../../checkpoint/OffsetSeqLog";
import { MemoryStream } from "../../sources/MemoryStream";
import { newTestSession, type TestSession } from "../../testing/fixtures";

const KEY = "spark.sql.streaming.stateStore.encodingFormat";

describe("OffsetSeqConf: stateStore.encodingFormat", () => {
  let t: TestSession;
  beforeEach(async () => {
    t = await newTestSession();
  });
  afterEach(() => t.cleanup());

  it("defaults to unsaferow and stores a value lower-cased, as Spark's transform does", () => {
    expect(t.spark.conf.get(KEY)).toBe("unsaferow");
    t.spark.conf.set(KEY, "AVRO");
    expect(t.spark.conf.get(KEY)).toBe("avro");
    t.spark.conf.set(KEY, "UnsafeRow");
    expect(t.spark.conf.get(KEY)).toBe("unsaferow");
  });

  it("refuses a value other than unsaferow and avro with Spark's IllegalArgumentException", () => {
    for (const value of ["json", "", "protobuf"]) {
      let error: Error | undefined;
      try {
        t.spark.conf.set(KEY, value);
      } catch (e) {
        error = e as Error;
      }
      expect(error?.name).toBe("IllegalArgumentException");
      expect(error?.message).toBe(`'${value}' in ${KEY} is invalid. Valid values are 'unsaferow' and 'avro'`);
    }
    expect(t.spark.conf.get(KEY)).toBe("unsaferow");
  });

  it("is logged in the offset log and kept from the checkpoint on restart", async () => {
    const input = new MemoryStream(t.spark, "value INT");
    const df = input.toDF().groupBy("value").count();
    const checkpoint = "/checkpoints/encoding";
    const run = async () => {
      const query = await df.writeStream
        .outputMode("complete")
        .format("memory")
        .queryName("counts")
        .option("checkpointLocation", checkpoint)
        .start();
      input.addData([[1], [2]]);
      try {
        await query.processAllAvailable();
      } finally {
        await query.stop();
      }
    };
    t.spark.conf.set(KEY, "avro");
    await run();
    const log = new OffsetSeqLog(t.spark.fs, checkpoint);
    expect((await log.get(0))?.metadata.conf?.[KEY]).toBe("avro");
    // A restart with another session value runs with the checkpoint's, and logs it again.
    t.spark.conf.set(KEY, "unsaferow");
    await run();
    const latest = await log.getLatest();
    expect(latest?.batchId).toBe(1);
    expect(latest?.metadata.metadata.conf?.[KEY]).toBe("avro");
    expect(t.spark.conf.get(KEY)).toBe("unsaferow");
  });
});

/**
 * Cases of Spark's OffsetSeqLogSuite (sql/core/src/test/scala/org/apache/spark/sql/execution/streaming), each
 * named as there: the offset log's file format (`offsets/N`), read from files laid out as Spark writes them, with
 * Spark's expected values and errors.
 *
 * Not ported:
 * - "OffsetMap golden file compatibility test - VERSION_2 format", "STREAMING_OFFSET_LOG_FORMAT_VERSION config -
 *   new query with VERSION_2 / default VERSION_1", "checkpoint version wins on restart (v1 to v2 / v2 to v1)":
 *   Spark 4.1's offset log v2 (OffsetMap, sources keyed by name); Sluice follows Spark 4.0, whose offset log is
 *   v1 only (a v2 file is refused as newer, see "deserialization log written by future version").
 * - "verify format values from checkpoint loc - unsaferow / avro": needs Spark's transformWithState checkpoints
 *   (checkpoint-version-4.0.0-tws-*), whose operator Sluice's checkpoint does not read.
 * - "Row checksum disabled by default", "Row checksum disabled for existing checkpoint even if conf is enabled":
 *   Spark 4.1's state row checksums (spark.sql.streaming.stateStore.rowChecksum.enabled), not in Spark 4.0.
 *
 * Suites of the same files with no case to port, audited here:
 * - StreamExecutionMetadataSuite ("stream execution metadata"): Spark 2.1's StreamExecutionMetadata JSON, which
 *   became OffsetSeqMetadata; its cases (missing fields read as 0) are "OffsetSeqMetadata - deserialization".
 * - OffsetSuite / LongOffsetSuite ("comparison ... <=> ..."): equality of Spark's LongOffset and SerializedOffset
 *   objects, classes with no Sluice counterpart (offsets are the sources' JSON text).
 */
import { describe, expect, it } from "vitest";
import { OffsetSeqLog } from "../../../checkpoint/OffsetSeqLog";
import { IllegalStateException } from "../../../errors";
import { sharedSession } from "../../../testing/files";
import { loggedConf, restoreConf } from "../../runtime/OffsetSeqConf";

describe("OffsetSeqLogSuite", () => {
  const ctx = sharedSession();
  const SHUFFLE = "spark.sql.shuffle.partitions";

  /** An offset log under the test's directory holding `files` (batch id → text). */
  const logWith = async (files: Record<number, string>) => {
    const { t, dir } = ctx;
    for (const [id, text] of Object.entries(files)) await t.spark.fs.writeFile(`${dir}/offsets/${id}`, text);
    return new OffsetSeqLog(t.spark.fs, dir);
  };

  it("OffsetSeqMetadata - deserialization", async () => {
    const cases: [string, number, number, Record<string, string>][] = [
      // None set
      ["{}", 0, 0, {}],
      // One set
      ['{"batchWatermarkMs":1}', 1, 0, {}],
      ['{"batchTimestampMs":2}', 0, 2, {}],
      [`{"conf": {"${SHUFFLE}":2}}`, 0, 0, { [SHUFFLE]: "2" }],
      // Two set
      ['{"batchWatermarkMs":1,"batchTimestampMs":2}', 1, 2, {}],
      [`{"batchWatermarkMs":1,"conf": {"${SHUFFLE}":3}}`, 1, 0, { [SHUFFLE]: "3" }],
      [`{"batchTimestampMs":2,"conf": {"${SHUFFLE}":3}}`, 0, 2, { [SHUFFLE]: "3" }],
      // All set
      [`{"batchWatermarkMs":1,"batchTimestampMs":2,"conf": {"${SHUFFLE}":3}}`, 1, 2, { [SHUFFLE]: "3" }],
      // Drop unknown fields
      [
        `{"batchWatermarkMs":1,"batchTimestampMs":2,"conf": {"${SHUFFLE}":3}},"unknown":1`,
        1,
        2,
        { [SHUFFLE]: "3" },
      ],
    ];
    const log = await logWith(Object.fromEntries(cases.map(([json], i) => [i, `v1\n${json}\n0`])));
    for (const [i, [json, batchWatermarkMs, batchTimestampMs, conf]] of cases.entries()) {
      expect((await log.get(i))?.metadata, json).toEqual({ batchWatermarkMs, batchTimestampMs, conf });
    }
  });

  it("OffsetSeqLog - serialization - deserialization", async () => {
    const { t, dir } = ctx;
    // A directory that does not exist yet: the log makes it.
    const log = new OffsetSeqLog(t.spark.fs, `${dir}/dir`);
    const metadata = { batchWatermarkMs: 0, batchTimestampMs: 0, conf: {} };
    // LongOffset(0..2) and StringOffset("one", ...): each kept as its JSON text, read back unparsed.
    const batch0 = { metadata, offsets: ["0", "1", "2"] };
    const batch1 = { metadata, offsets: ["one", "two", "three"] };
    expect(await log.add(0, batch0)).toBe(true);
    expect(await log.getLatest()).toEqual({ batchId: 0, metadata: batch0 });
    expect(await log.get(0)).toEqual(batch0);
    expect(await log.add(1, batch1)).toBe(true);
    expect(await log.get(0)).toEqual(batch0);
    expect(await log.get(1)).toEqual(batch1);
    expect(await log.getLatest()).toEqual({ batchId: 1, metadata: batch1 });
    // Adding the same batch does nothing
    expect(await log.add(1, { metadata, offsets: ["3"] })).toBe(false);
    expect(await log.get(0)).toEqual(batch0);
    expect(await log.get(1)).toEqual(batch1);
    expect(await log.getLatest()).toEqual({ batchId: 1, metadata: batch1 });
  });

  it("deserialization log written by future version", async () => {
    const log = await logWith({ 0: "v99999" });
    const error = await log.get(0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IllegalStateException);
    for (const message of [
      "maximum supported log version is v1, but encountered v99999",
      "produced by a newer version of Spark and cannot be read by this version",
    ]) {
      expect((error as Error).message).toContain(message);
    }
    // Spark's HDFSMetadataLog names the file; the cause is the condition MetadataVersionUtil raised.
    expect((error as Error).message).toContain(`Failed to read log file ${ctx.dir}/offsets/0.`);
    expect(((error as Error).cause as IllegalStateException).errorClass).toBe(
      "INVALID_LOG_VERSION.MAX_SUPPORTED_VERSION",
    );
  });

  it("read Spark 2.1.0 log format", async () => {
    // sql/core/src/test/resources/structured-streaming/offset-log-version-2.1.0/0
    const log = await logWith({
      0: 'v1\n{"batchWatermarkMs":0,"batchTimestampMs":1480981499528}\n{"logOffset":345}\n{"topic-0":{"0":1}}',
    });
    const latest = await log.getLatest();
    expect(latest?.batchId).toBe(0);
    expect(latest?.metadata.offsets).toEqual(['{"logOffset":345}', '{"topic-0":{"0":1}}']);
    expect(latest?.metadata.metadata).toEqual({
      batchWatermarkMs: 0,
      batchTimestampMs: 1480981499528,
      conf: {},
    });
  });

  it("offset log records defaults to unsafeRow for store encoding format", () => {
    expect(loggedConf(ctx.t.spark.conf)["spark.sql.streaming.stateStore.encodingFormat"]).toBe("unsaferow");
  });

  it("offset log uses the store encoding format set in the conf", () => {
    const conf = ctx.t.spark.newSession().conf;
    conf.set("spark.sql.streaming.stateStore.encodingFormat", "avro");
    expect(loggedConf(conf)["spark.sql.streaming.stateStore.encodingFormat"]).toBe("avro");
  });

  it("verify format values from old checkpoint with Spark version 3.5.1", async () => {
    // checkpoint-version-3.5.1-streaming-deduplication/offsets/1: Spark 3.5 logged no encoding format.
    const log = await logWith({
      1: 'v1\n{"batchWatermarkMs":0,"batchTimestampMs":1719278978807,"conf":{"spark.sql.streaming.stateStore.providerClass":"org.apache.spark.sql.execution.streaming.state.HDFSBackedStateStoreProvider","spark.sql.streaming.join.stateFormatVersion":"2","spark.sql.streaming.stateStore.compression.codec":"lz4","spark.sql.streaming.stateStore.rocksdb.formatVersion":"5","spark.sql.streaming.statefulOperator.useStrictDistribution":"true","spark.sql.streaming.flatMapGroupsWithState.stateFormatVersion":"2","spark.sql.streaming.multipleWatermarkPolicy":"min","spark.sql.streaming.aggregation.stateFormatVersion":"2","spark.sql.shuffle.partitions":"5"}}\n1',
    });
    const latest = await log.getLatest();
    expect(latest?.batchId).toBe(1);
    const logged = latest!.metadata.metadata.conf;
    expect(logged["spark.sql.streaming.stateStore.encodingFormat"]).toBeUndefined();
    const conf = ctx.t.spark.newSession().conf;
    conf.set("spark.sql.streaming.stateStore.encodingFormat", "avro");
    restoreConf(conf, logged);
    expect(conf.get("spark.sql.streaming.stateStore.encodingFormat")).toBe("unsaferow");
  });
});

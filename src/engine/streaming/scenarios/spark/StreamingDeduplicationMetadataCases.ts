/**
 * The four cases StreamingQueryDeduplicationResolutionSuite and StreamingDeduplicationWithMetadataSuite share
 * (sql/core/src/test/scala/org/apache/spark/sql/streaming), with Spark's inputs and answers: two text files
 * holding the same line, read as a stream or as a static side of a stream-static join. `_metadata` named after
 * a key-less dropDuplicates is not one of its keys (one row); `_metadata` selected before it is (two rows).
 */
import { expect, it } from "vitest";
import { MemoryStream } from "../../../sources/MemoryStream";
import { col, lit, timestamp_seconds } from "../../../sql/api/functions";
import type { TestSession } from "../../../testing/fixtures";
import { AddData, CheckAnswer, StartStream, testStream } from "../../../testing/testStream";

/**
 * Registers the four cases, and with `withinWatermark` the two of dropDuplicatesWithinWatermark that
 * StreamingDeduplicationWithMetadataSuite adds; `session()` is the current test's session, `suffix` ends each name.
 */
export function deduplicationMetadataCases(
  session: () => TestSession,
  suffix = "",
  withinWatermark = false,
): void {
  let n = 0;
  /** Spark's withTempDir with stringToFile(first) and stringToFile(second), both "same". */
  const twoFiles = async () => {
    const src = `/dedup-metadata/${n++}`;
    const bytes = new TextEncoder().encode("same");
    await session().spark.fs.writeFile(`${src}/first`, bytes);
    await session().spark.fs.writeFile(`${src}/second`, bytes);
    return src;
  };
  const hasMetadata = col("_metadata.file_path").isNotNull().as("hasMetadata");

  it(`metadata added downstream does not become a streaming deduplication key${suffix}`, async () => {
    const t = session();
    const input = t.spark.readStream.format("text").load(await twoFiles());
    const metadataAfterDedup = input.dropDuplicates().select(col("value"), hasMetadata);
    expect(metadataAfterDedup.columns).toEqual(["value", "hasMetadata"]);
    await testStream(t, metadataAfterDedup, "append", StartStream(), CheckAnswer(["same", true]));
  });

  it(`metadata visible before streaming deduplication remains a key${suffix}`, async () => {
    const t = session();
    const input = t.spark.readStream.format("text").load(await twoFiles());
    const metadataBeforeDedup = input
      .select(col("value"), col("_metadata"))
      .dropDuplicates()
      .select(col("value"), hasMetadata);
    await testStream(
      t,
      metadataBeforeDedup,
      "append",
      StartStream(),
      CheckAnswer(["same", true], ["same", true]),
    );
  });

  if (withinWatermark) {
    const watermarked = async () =>
      session()
        .spark.readStream.format("text")
        .load(await twoFiles())
        .withColumn("eventTime", timestamp_seconds(lit(1)))
        .withWatermark("eventTime", "10 seconds");

    it(`metadata added downstream does not become a within-watermark deduplication key${suffix}`, async () => {
      const metadataAfterDedup = (await watermarked())
        .dropDuplicatesWithinWatermark()
        .select(col("value"), hasMetadata);
      await testStream(session(), metadataAfterDedup, "append", StartStream(), CheckAnswer(["same", true]));
    });

    it(`metadata visible before within-watermark deduplication remains a key${suffix}`, async () => {
      const metadataBeforeDedup = (await watermarked())
        .select(col("value"), col("eventTime"), col("_metadata"))
        .dropDuplicatesWithinWatermark()
        .select(col("value"), hasMetadata);
      await testStream(
        session(),
        metadataBeforeDedup,
        "append",
        StartStream(),
        CheckAnswer(["same", true], ["same", true]),
      );
    });
  }

  it(`metadata added downstream does not become a batch deduplication key${suffix}`, async () => {
    const t = session();
    const input = t.spark.read.format("text").load(await twoFiles());
    const batchMetadataAfterDedup = input.dropDuplicates().select(col("value").as("batchValue"), hasMetadata);
    const stream = new MemoryStream(t.spark, "value STRING");
    const streamingInput = stream.toDF().toDF("streamValue");
    const result = streamingInput
      .join(batchMetadataAfterDedup, col("streamValue").equalTo(col("batchValue")))
      .select(col("batchValue"), col("hasMetadata"));
    await testStream(t, result, "append", AddData(stream, "same"), CheckAnswer(["same", true]));
  });

  it(`metadata visible before batch deduplication remains a key${suffix}`, async () => {
    const t = session();
    const input = t.spark.read.format("text").load(await twoFiles());
    const batchMetadataBeforeDedup = input
      .select(col("value"), col("_metadata"))
      .dropDuplicates()
      .select(col("value").as("batchValue"), hasMetadata);
    const stream = new MemoryStream(t.spark, "value STRING");
    const streamingInput = stream.toDF().toDF("streamValue");
    const result = streamingInput
      .join(batchMetadataBeforeDedup, col("streamValue").equalTo(col("batchValue")))
      .select(col("batchValue"), col("hasMetadata"));
    await testStream(
      t,
      result,
      "append",
      AddData(stream, "same"),
      CheckAnswer(["same", true], ["same", true]),
    );
  });
}

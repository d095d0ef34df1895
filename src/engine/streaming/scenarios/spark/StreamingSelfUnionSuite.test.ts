/**
 * Cases of Spark's StreamingSelfUnionSuite (sql/core/src/test/scala/org/apache/spark/sql/streaming), each named as
 * there, with Spark's inputs and expected answers: a stream unioned with itself reads its source once per trigger,
 * and progress lists that source once, with the rows of both branches counted.
 *
 * Not ported (do not apply to Sluice):
 * - "self-union, DSv2, read via table API" registers a test catalog class (InMemoryStreamTableCatalog) through
 *   `spark.sql.catalog.teststream` and hands its table a MemoryStream; Sluice has no pluggable catalogs.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryStream } from "../../../sources/MemoryStream";
import { ManualClock } from "../../../streaming/runtime/ManualClock";
import type { StreamingQuery } from "../../../streaming/runtime/StreamingQuery";
import { newTestSession, type TestSession } from "../../../testing/fixtures";
import {
  AddData,
  AdvanceManualClock,
  AssertOnQuery,
  CheckLastBatch,
  StartStream,
  testStream,
} from "../../../testing/testStream";

/** Spark's getLastProgressWithData. */
const lastProgressWithData = (q: StreamingQuery) => q.recentProgress.filter((p) => p.numInputRows > 0).at(-1);

/** What each case asserts of the last progress with data: six rows in, from one source. */
const assertOneSourceOfSixRows = AssertOnQuery((q) => {
  const lastProgress = lastProgressWithData(q);
  expect(lastProgress).toBeDefined();
  expect(lastProgress!.numInputRows).toBe(6);
  expect(lastProgress!.sources.length).toBe(1);
  expect(lastProgress!.sources[0].numInputRows).toBe(6);
});

describe("StreamingSelfUnionSuite", () => {
  let t: TestSession;
  beforeEach(async () => {
    t = await newTestSession(new ManualClock(0));
  });
  afterEach(() => t.cleanup());

  it("self-union, DSv1, read via DataStreamReader API", async () => {
    const dataLocation = "/data/self-union";
    await t.spark.range(1, 4).write.format("parquet").save(dataLocation);
    const streamDf = t.spark.readStream.format("parquet").schema("id BIGINT").load(dataLocation);
    const unionedDf = streamDf.union(streamDf);
    await testStream(
      t,
      unionedDf,
      "append",
      CheckLastBatch([1], [2], [3], [1], [2], [3]),
      assertOneSourceOfSixRows,
    );
  });

  it("self-union, DSv1, read via table API", async () => {
    await t.spark.sql("CREATE TABLE parquet_streaming_tbl (key integer) USING parquet");
    const streamDf = t.spark.readStream.table("parquet_streaming_tbl");
    const unionedDf = streamDf.union(streamDf);
    await testStream(
      t,
      unionedDf,
      "append",
      StartStream({ processingTime: 100 }),
      AssertOnQuery(async () => {
        await t.spark
          .range(1, 4)
          .selectExpr("id AS key")
          .write.format("parquet")
          .mode("append")
          .saveAsTable("parquet_streaming_tbl");
      }),
      AdvanceManualClock(150),
      CheckLastBatch([1], [2], [3], [1], [2], [3]),
      assertOneSourceOfSixRows,
    );
  });

  it("self-union, DSv2, read via DataStreamReader API", async () => {
    const inputData = new MemoryStream(t.spark, "value INT");
    const streamDf = inputData.toDF();
    const unionedDf = streamDf.union(streamDf);
    await testStream(
      t,
      unionedDf,
      "append",
      AddData(inputData, 1, 2, 3),
      CheckLastBatch([1], [2], [3], [1], [2], [3]),
      assertOneSourceOfSixRows,
    );
  });
});

/**
 * Cases of Spark's TransformWithStateChainingSuite
 * (sql/core/src/test/scala/org/apache/spark/sql/streaming/TransformWithStateChainingSuite.scala), each named as
 * there, with Spark's inputs, processors and expected answers. Spark's `transformWithState(processor,
 * eventTimeColumnName, outputMode)` is `transformWithState(processor, { eventTimeColumnName, timeMode: "None" })`.
 * Timestamps are read as Spark's suites read them, in America/Los_Angeles (UTC-8 in January and February).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SparkError, StreamingQueryException } from "../../../errors/exceptions";
import { MemoryStream } from "../../../sources/MemoryStream";
import type { DataFrame } from "../../../sql/api/DataFrame";
import { col, window } from "../../../sql/api/functions";
import type { Row } from "../../../sql/api/rows";
import { newTestSession, type TestSession } from "../../../testing/fixtures";
import {
  AddData,
  AssertOnQuery,
  CheckNewAnswer,
  ExpectFailure,
  StartStream,
  testStream,
} from "../../../testing/testStream";
import { StatefulProcessor } from "../../operators/StatefulProcessor";
import { ManualClock } from "../../runtime/ManualClock";

/** Spark's TestStatefulProcessor: per key and batch, the rows' min event time and their count. */
class TestStatefulProcessor extends StatefulProcessor {
  handleInputRows([key]: unknown[], rows: Row[]): Row[] {
    if (rows.length === 0) return [];
    const times = rows.map((r) => (r.eventTime as Date).getTime());
    return [{ key, outputEventTime: new Date(Math.min(...times)), count: rows.length }];
  }
}

/** Spark's InputCountStatefulProcessor: the number of the key's rows in the batch. */
class InputCountStatefulProcessor extends StatefulProcessor {
  handleInputRows(_key: unknown[], rows: Row[]): Row[] {
    return [{ value: rows.length }];
  }
}

/** Spark's StatefulProcessorEmittingRowsOlderThanWatermark: always emits event time 1 ms after the epoch. */
class StatefulProcessorEmittingRowsOlderThanWatermark extends StatefulProcessor {
  handleInputRows([key]: unknown[], rows: Row[]): Row[] {
    return [{ key, outputEventTime: new Date(1), count: rows.length }];
  }
}

const OUTPUT_ROW = "key STRING, outputEventTime TIMESTAMP, count INT";
const timestamp = (text: string) => new Date(`${text.replace(" ", "T")}-08:00`);
/** The query's watermark, as Spark's assertWatermarkEquals reads it from lastProgress. */
const watermarkIs = (text: string) =>
  AssertOnQuery((q) => {
    expect(q.lastProgress?.eventTime.watermark).toBe(timestamp(text).toISOString());
  });

describe("TransformWithStateChainingSuite", () => {
  let t: TestSession;
  beforeEach(async () => {
    t = await newTestSession(new ManualClock(0));
  });
  afterEach(() => t.cleanup());

  /** `MemoryStream[InputEventRow]`. */
  const inputEvents = () => new MemoryStream(t.spark, "key STRING, eventTime TIMESTAMP, event STRING");
  const event = (key: string, time: string) => [key, timestamp(time), "e1"];
  /** `.groupByKey(x => x.key).transformWithState[OutputRow](processor, eventTimeColumnName, Append)`. */
  const withEventTime = (df: DataFrame, processor: StatefulProcessor, eventTimeColumnName?: string) =>
    df.groupBy("key").transformWithState(processor, {
      outputStructType: OUTPUT_ROW,
      timeMode: "None",
      outputMode: "append",
      ...(eventTimeColumnName ? { eventTimeColumnName } : {}),
    });
  const watermarked = (input: MemoryStream) => input.toDF().withWatermark("eventTime", "1 minute");
  const windowedCount = (df: DataFrame) => df.groupBy(window(col("outputEventTime"), "1 minute")).count();
  const windowRow = (start: string, end: string, count: number) => [
    { start: timestamp(start), end: timestamp(end) },
    count,
  ];

  it("watermark is propagated correctly for next stateful operator after transformWithState", async () => {
    const inputData = inputEvents();
    const result = windowedCount(
      withEventTime(watermarked(inputData), new TestStatefulProcessor(), "outputEventTime"),
    );
    await testStream(
      t,
      result,
      "append",
      AddData(inputData, event("k1", "2024-01-01 00:00:00")),
      // watermark should be 1 minute behind `2024-01-01 00:00:00`, nothing is emitted as all records have
      // timestamp > epoch
      CheckNewAnswer(),
      watermarkIs("2023-12-31 23:59:00"),
      AddData(inputData, event("k1", "2024-02-01 00:00:00")),
      // global watermark should now be 1 minute behind `2024-02-01 00:00:00`.
      CheckNewAnswer(windowRow("2024-01-01 00:00:00", "2024-01-01 00:01:00", 1)),
      watermarkIs("2024-01-31 23:59:00"),
      AddData(inputData, event("k1", "2024-02-02 00:00:00")),
      CheckNewAnswer(windowRow("2024-02-01 00:00:00", "2024-02-01 00:01:00", 1)),
    );
  });

  it("passing eventTime column to transformWithState fails if no watermark is defined", () => {
    const inputData = inputEvents();
    let error: SparkError | undefined;
    try {
      withEventTime(inputData.toDF(), new TestStatefulProcessor(), "outputEventTime");
    } catch (e) {
      error = e as SparkError;
    }
    expect(error?.getCondition()).toBe("CANNOT_ASSIGN_EVENT_TIME_COLUMN_WITHOUT_WATERMARK");
  });

  it("missing eventTime column to transformWithState fails the query if another stateful operator is added", async () => {
    const inputData = inputEvents();
    const result = windowedCount(withEventTime(watermarked(inputData), new TestStatefulProcessor()));
    await expect(testStream(t, result, "append", StartStream())).rejects.toMatchObject({
      errorClass: "STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION",
      sqlState: "42KDE",
      messageParameters: { outputMode: "append", operation: "streaming aggregations without watermark" },
    });
  });

  it("chaining multiple transformWithState operators", async () => {
    const inputData = inputEvents();
    const result = withEventTime(watermarked(inputData), new TestStatefulProcessor(), "outputEventTime")
      .groupBy("key")
      .transformWithState(new InputCountStatefulProcessor(), {
        outputStructType: "value INT",
        timeMode: "None",
        outputMode: "append",
      });
    await testStream(
      t,
      result,
      "append",
      AddData(inputData, event("k1", "2024-01-01 00:00:00")),
      CheckNewAnswer([1]),
      watermarkIs("2023-12-31 23:59:00"),
      AddData(inputData, event("k1", "2024-02-01 00:00:00")),
      CheckNewAnswer([1]),
      watermarkIs("2024-01-31 23:59:00"),
      AddData(inputData, event("k1", "2024-02-02 00:00:00")),
      CheckNewAnswer([1]),
    );
  });

  it("dropDuplicateWithWatermark after transformWithState operator fails if watermark column is not provided", async () => {
    const inputData = inputEvents();
    const result = withEventTime(
      watermarked(inputData),
      new TestStatefulProcessor(),
    ).dropDuplicatesWithinWatermark();
    await expect(testStream(t, result, "append", StartStream())).rejects.toThrow(
      "dropDuplicatesWithinWatermark is not supported on streaming DataFrames/DataSets without watermark",
    );
  });

  it("dropDuplicateWithWatermark after transformWithState operator", async () => {
    const inputData = inputEvents();
    const result = withEventTime(
      watermarked(inputData),
      new TestStatefulProcessor(),
      "outputEventTime",
    ).dropDuplicatesWithinWatermark();
    await testStream(
      t,
      result,
      "append",
      AddData(inputData, event("k1", "2024-02-01 00:00:00"), event("k1", "2024-02-01 00:00:00")),
      CheckNewAnswer(["k1", timestamp("2024-02-01 00:00:00"), 2]),
      watermarkIs("2024-01-31 23:59:00"),
    );
  });

  it("query fails if the output dataset does not contain specified eventTimeColumn", () => {
    const inputData = inputEvents();
    let error: SparkError | undefined;
    try {
      withEventTime(watermarked(inputData), new TestStatefulProcessor(), "missingEventTimeColumn");
    } catch (e) {
      error = e as SparkError;
    }
    expect(error?.getCondition()).toBe("UNRESOLVED_COLUMN.WITH_SUGGESTION");
    expect(error?.getMessageParameters()).toEqual({
      objectName: "`missingEventTimeColumn`",
      proposal: "`outputEventTime`, `count`, `key`",
    });
  });

  it("query fails if the output dataset contains rows older than current watermark", async () => {
    const inputData = inputEvents();
    const result = withEventTime(
      watermarked(inputData),
      new StatefulProcessorEmittingRowsOlderThanWatermark(),
      "outputEventTime",
    );
    await testStream(
      t,
      result,
      "append",
      AddData(inputData, event("k1", "2024-02-01 00:00:00")),
      // after first batch, the rows are emitted with timestamp 1 ms after epoch
      CheckNewAnswer(["k1", new Date(1), 1]),
      // this batch would fail now, because watermark will move past 1ms after epoch
      AddData(inputData, event("k1", "2024-02-02 00:00:00")),
      ExpectFailure((e) => {
        const cause = (e as StreamingQueryException).cause as SparkError;
        expect(cause.getCondition()).toBe("EMITTING_ROWS_OLDER_THAN_WATERMARK_NOT_ALLOWED");
        expect(cause.getMessageParameters()).toEqual({
          currentWatermark: "1706774340000",
          emittedRowEventTime: "1000",
        });
      }),
    );
  });

  it("ensure that watermark delay is resolved from a view", async () => {
    const inputData = inputEvents();
    watermarked(inputData).createOrReplaceTempView("tempViewWithWatermark");
    const result = withEventTime(
      t.spark.readStream.table("tempViewWithWatermark"),
      new TestStatefulProcessor(),
      "outputEventTime",
    );
    await testStream(
      t,
      result,
      "append",
      AddData(inputData, event("k1", "2024-02-01 00:00:00")),
      CheckNewAnswer(["k1", timestamp("2024-02-01 00:00:00"), 1]),
      watermarkIs("2024-01-31 23:59:00"),
    );
  });

  it("ensure that query fails if there is no watermark when reading from a view", () => {
    const inputData = inputEvents();
    inputData.toDF().createOrReplaceTempView("tempViewWithoutWatermark");
    let error: SparkError | undefined;
    try {
      withEventTime(
        t.spark.readStream.table("tempViewWithoutWatermark"),
        new TestStatefulProcessor(),
        "outputEventTime",
      );
    } catch (e) {
      error = e as SparkError;
    }
    expect(error?.getCondition()).toBe("CANNOT_ASSIGN_EVENT_TIME_COLUMN_WITHOUT_WATERMARK");
  });
});

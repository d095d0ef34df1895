/**
 * Cases of Spark's StreamingQueryStatusAndProgressSuite (sql/core/src/test/scala/org/apache/spark/sql/streaming),
 * each named as there, with Spark's inputs (testProgress1, testProgress2, testStatus) and expected answers.
 *
 * Not ported: "StreamingQueryProgress - jsonString and fromJson" tests Jackson's serialization of the JVM object
 * (private[spark] jsonString / fromJson, which keep NaN and Infinity); the progress here is a plain object, and
 * its JSON read back is covered by the listener suite's event serialization cases.
 *
 * Suites with no case to port, audited here as their subject is the same:
 * - StreamingQueryProgressSuite ("prettyJson", "json", "toString") and StreamingQueryStatusSuite ("toString",
 *   "json", "prettyJson"): Spark 2.1's pre-release progress and SourceStatus/SinkStatus classes, removed before
 *   2.1.0; this suite's cases are their successors.
 * - ReportSinkMetricsSuite ("test ReportSinkMetrics with useCommitCoordinator=true/false"): a custom DataSource V2
 *   table implementing ReportsSinkMetrics; Sluice has no third-party sink API, and none of its built-in sinks
 *   reports metrics (Spark's built-in sinks report none either: `sink.metrics` is `{}`).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryStream } from "../../../sources/MemoryStream";
import { count, expr } from "../../../sql/api/functions";
import { newTestSession, type TestSession } from "../../../testing/fixtures";
import { testProgress1, testProgress2, testStatus } from "../../../testing/progressSamples";
import {
  AddData,
  AdvanceManualClock,
  AssertOnQuery,
  StartStream,
  StopStream,
  testStream,
} from "../../../testing/testStream";
import { ManualClock } from "../../runtime/ManualClock";
import { type StreamingQueryProgress, withSparkJson } from "../../runtime/progress";

/** Spark's `json` is its pretty JSON compacted: no white space outside strings. */
const compact = (pretty: string) =>
  pretty.replace(/("(?:[^"\\]|\\.)*")|\s+/g, (_, s: string | undefined) => s ?? "");

describe("StreamingQueryStatusAndProgressSuite", () => {
  let t: TestSession;
  beforeEach(async () => {
    t = await newTestSession(new ManualClock(0));
  });
  afterEach(() => t.cleanup());

  const progress1 = withSparkJson(testProgress1);
  const progress2 = withSparkJson(testProgress2);
  const status = withSparkJson(testStatus);

  it("StreamingQueryProgress - prettyJson", () => {
    const json1 = progress1.prettyJson;
    expect(json1).toBe(
      `{
  "id" : "${testProgress1.id}",
  "runId" : "${testProgress1.runId}",
  "name" : "myName",
  "timestamp" : "2016-12-05T20:54:20.827Z",
  "batchId" : 2,
  "batchDuration" : 0,
  "numInputRows" : 678,
  "inputRowsPerSecond" : 10.0,
  "durationMs" : {
    "total" : 0
  },
  "eventTime" : {
    "avg" : "2016-12-05T20:54:20.827Z",
    "max" : "2016-12-05T20:54:20.827Z",
    "min" : "2016-12-05T20:54:20.827Z",
    "watermark" : "2016-12-05T20:54:20.827Z"
  },
  "stateOperators" : [ {
    "operatorName" : "op1",
    "numRowsTotal" : 0,
    "numRowsUpdated" : 1,
    "allUpdatesTimeMs" : 1,
    "numRowsRemoved" : 2,
    "allRemovalsTimeMs" : 34,
    "commitTimeMs" : 23,
    "memoryUsedBytes" : 3,
    "numRowsDroppedByWatermark" : 0,
    "numShufflePartitions" : 2,
    "numStateStoreInstances" : 2,
    "customMetrics" : {
      "loadedMapCacheHitCount" : 1,
      "loadedMapCacheMissCount" : 0,
      "stateOnCurrentVersionSizeBytes" : 2
    }
  } ],
  "sources" : [ {
    "description" : "source",
    "startOffset" : 123,
    "endOffset" : 456,
    "latestOffset" : 789,
    "numInputRows" : 678,
    "inputRowsPerSecond" : 10.0
  } ],
  "sink" : {
    "description" : "sink",
    "numOutputRows" : -1
  },
  "observedMetrics" : {
    "event1" : {
      "c1" : 1,
      "c2" : 3.0
    },
    "event2" : {
      "rc" : 1,
      "min_q" : "hello",
      "max_q" : "world"
    }
  }
}`,
    );
    expect(compact(json1)).toBe(progress1.json);

    const json2 = progress2.prettyJson;
    expect(json2).toBe(
      `{
  "id" : "${testProgress2.id}",
  "runId" : "${testProgress2.runId}",
  "name" : null,
  "timestamp" : "2016-12-05T20:54:20.827Z",
  "batchId" : 2,
  "batchDuration" : 0,
  "numInputRows" : 678,
  "durationMs" : {
    "total" : 0
  },
  "stateOperators" : [ {
    "operatorName" : "op2",
    "numRowsTotal" : 0,
    "numRowsUpdated" : 1,
    "allUpdatesTimeMs" : 1,
    "numRowsRemoved" : 2,
    "allRemovalsTimeMs" : 34,
    "commitTimeMs" : 23,
    "memoryUsedBytes" : 2,
    "numRowsDroppedByWatermark" : 0,
    "numShufflePartitions" : 2,
    "numStateStoreInstances" : 2
  } ],
  "sources" : [ {
    "description" : "source",
    "startOffset" : 123,
    "endOffset" : 456,
    "latestOffset" : 789,
    "numInputRows" : 678
  } ],
  "sink" : {
    "description" : "sink",
    "numOutputRows" : -1
  },
  "observedMetrics" : {
    "event_a" : {
      "c1" : null,
      "c2" : -20.7
    },
    "event_b1" : {
      "rc" : 33,
      "min_q" : "foo",
      "max_q" : "bar"
    },
    "event_b2" : {
      "rc" : 200,
      "min_q" : "fzo",
      "max_q" : "baz"
    }
  }
}`,
    );
    expect(compact(json2)).toBe(progress2.json);
  });

  it("StreamingQueryProgress - json", () => {
    // The compact form is valid JSON, with Spark's doubles (10.0) and no NaN or Infinity rates.
    expect(compact(progress1.json)).toBe(progress1.json);
    expect(compact(progress2.json)).toBe(progress2.json);
    expect(progress1.json).toContain('"inputRowsPerSecond":10.0,"durationMs"');
    expect(progress1.json).toContain('"observedMetrics":{"event1":{"c1":1,"c2":3.0},');
    expect(JSON.parse(progress2.json).sources[0]).toEqual({
      description: "source",
      startOffset: 123,
      endOffset: 456,
      latestOffset: 789,
      numInputRows: 678,
    });
    // The source, sink and state operator progress have their own JSON
    expect(withSparkJson(progress1.sources[0]).json).toBe(
      '{"description":"source","startOffset":123,"endOffset":456,"latestOffset":789,"numInputRows":678,"inputRowsPerSecond":10.0}',
    );
    expect(withSparkJson(progress1.sink).json).toBe('{"description":"sink","numOutputRows":-1}');
  });

  it("StreamingQueryProgress - toString", () => {
    expect(String(progress1)).toBe(progress1.prettyJson);
    expect(String(progress2)).toBe(progress2.prettyJson);
  });

  it("StreamingQueryStatus - prettyJson", () => {
    expect(status.prettyJson).toBe(
      `{
  "message" : "active",
  "isDataAvailable" : true,
  "isTriggerActive" : false
}`,
    );
  });

  it("StreamingQueryStatus - json", () => {
    expect(compact(status.json)).toBe(status.json);
    expect(status.json).toBe('{"message":"active","isDataAvailable":true,"isTriggerActive":false}');
  });

  it("StreamingQueryStatus - toString", () => {
    expect(String(status)).toBe(status.prettyJson);
  });

  it("progress classes should be Serializable", async () => {
    // Spark ships progress objects to executors; Sluice posts them from its worker to the page (a structured
    // clone, which keeps the fields and drops the methods): the copy has the same JSON.
    const inputData = new MemoryStream(t.spark, "value INT");
    const query = await inputData
      .toDF()
      .groupBy("value")
      .agg(count("*"))
      .writeStream.queryName("progress_serializable_test")
      .format("memory")
      .outputMode("complete")
      .start();
    try {
      inputData.addData([[1], [2], [3]]);
      await query.processAllAvailable();
      const progress = query.recentProgress;
      // Make sure it generates the progress objects we want to test
      expect(progress.some((p) => p.sources.length >= 1 && p.stateOperators.length >= 1 && p.sink)).toBe(
        true,
      );
      for (const p of progress) {
        const copy = withSparkJson(structuredClone(p));
        // Make sure we did serialize and deserialize the object
        expect(copy).not.toBe(p);
        expect(copy.json).toBe(p.json);
      }
    } finally {
      await query.stop();
    }
  });

  it("SPARK-19378: Continue reporting stateOp metrics even if there is no active trigger", async () => {
    t.spark.conf.set("spark.sql.streaming.noDataProgressEventInterval", "10");
    const clock = t.spark.clock as ManualClock;
    const inputData = new MemoryStream(t.spark, "value INT");
    const query = await inputData
      .toDF()
      .toDF("value")
      .select("value")
      .groupBy("value")
      .agg(count("*"))
      .writeStream.queryName("metric_continuity")
      .format("memory")
      .outputMode("complete")
      .start();
    try {
      inputData.addData([[1], [2]]);
      await query.processAllAvailable();
      const progress = query.lastProgress!;
      expect(progress.stateOperators.length).toBeGreaterThan(0);
      // The next idle trigger, 10 ms later, reports the state as the batch left it
      const idle = new Promise<void>((resolve) => {
        const listener = {
          onQueryIdle: () => {
            t.spark.streams.removeListener(listener);
            resolve();
          },
        };
        t.spark.streams.addListener(listener);
      });
      clock.advance(10);
      await idle;
      const nextProgress = query.lastProgress!;
      expect(nextProgress.timestamp).not.toBe(progress.timestamp);
      expect(nextProgress.numInputRows).toBe(0);
      expect(nextProgress.stateOperators[0].numRowsTotal).toBe(2);
      expect(nextProgress.stateOperators[0].numRowsUpdated).toBe(0);
      expect(nextProgress.sink.numOutputRows).toBe(0);
    } finally {
      await query.stop();
    }
  });

  it("SPARK-29973: Make `processedRowsPerSecond` calculated more accurately and meaningfully", async () => {
    const clock = t.spark.clock as ManualClock;
    const inputData = new MemoryStream(t.spark, "value INT");
    const waitUntilBatchProcessed = AssertOnQuery(async (q) => {
      if (q.exception() === null) await clock.waitingAt(clock.getTimeMillis());
      if (q.exception()) throw q.exception();
    });
    await testStream(
      t,
      inputData.toDF(),
      "append",
      StartStream({ processingTime: 1000 }),
      AdvanceManualClock(1000),
      waitUntilBatchProcessed,
      AssertOnQuery((query) => {
        expect(query.lastProgress?.numInputRows).toBe(0);
        expect(query.lastProgress?.processedRowsPerSecond).toBe(0.0);
      }),
      AddData(inputData, 1, 2),
      AdvanceManualClock(1000),
      waitUntilBatchProcessed,
      AssertOnQuery((query) => {
        expect(query.lastProgress?.numInputRows).toBe(2);
        expect(query.lastProgress?.processedRowsPerSecond).toBe(2000);
      }),
      StopStream,
    );
  });

  it("SPARK-45655: Use current batch timestamp in observe API", async () => {
    // A session on the wall clock: current_date() is the batch's date, so the values are two days either side.
    const wall = await newTestSession();
    try {
      const inputData = new MemoryStream(wall.spark, "value TIMESTAMP");
      // current_date() internally uses current batch timestamp on streaming query
      const query = await inputData
        .toDF()
        .filter("value < current_date()")
        .observe("metrics", count(expr("value >= current_date()")).alias("dropped"))
        .writeStream.queryName("ts_metrics_test")
        .format("memory")
        .outputMode("append")
        .start();
      const timeNow = Math.floor(Date.now() / 1000) * 1000;
      const day = 24 * 60 * 60 * 1000;
      // this value would be accepted by the filter and would not count towards dropped metrics.
      const validValue = new Date(timeNow - 2 * day);
      inputData.addData([[validValue]]);
      // would be dropped by the filter and count towards dropped metrics
      inputData.addData([[new Date(timeNow + 2 * day)]]);
      await query.processAllAvailable();
      await query.stop();
      const dropped = query.recentProgress
        .map((p) => Number(p.observedMetrics.metrics?.dropped ?? 0))
        .reduce((a, b) => a + b, 0);
      // ensure dropped metrics are correct
      expect(dropped).toBe(1);
      const data = await wall.spark.read.table("ts_metrics_test").collect();
      // ensure valid value ends up in output
      expect((data[0].value as Date).getTime()).toBe(validValue.getTime());
    } finally {
      await wall.cleanup();
    }
  });

  it("SPARK-53491: inputRowsPerSecond and processedRowsPerSecond should never be with scientific notation", () => {
    // Spark's testProgress4: testProgress1 with large rates.
    const testProgress4: StreamingQueryProgress = {
      ...testProgress1,
      timestamp: "2025-09-05T20:54:20.827Z",
      inputRowsPerSecond: 6.923076923076923e8,
      processedRowsPerSecond: 2.923076923076923e8,
      sources: [
        {
          ...testProgress1.sources[0],
          inputRowsPerSecond: 6.923076923076923e8, // Large double value having exponentials
          processedRowsPerSecond: 2.923076923076923e8,
        },
      ],
    };
    const progress = JSON.parse(withSparkJson(testProgress4).json);
    const raw = (key: string) => new RegExp(`"${key}":([^,}]*)`).exec(withSparkJson(testProgress4).json)?.[1];
    // This should fail if inputRowsPerSecond or processedRowsPerSecond contains E notation
    expect(raw("inputRowsPerSecond")).not.toContain("E");
    expect(raw("processedRowsPerSecond")).not.toContain("E");
    // The value is the double rounded half up to one decimal place
    expect(progress.inputRowsPerSecond).toBeCloseTo(692307692.3, 6);
    expect(progress.processedRowsPerSecond).toBeCloseTo(292307692.3, 6);
    expect(raw("inputRowsPerSecond")).toBe("692307692.3");
    expect(raw("processedRowsPerSecond")).toBe("292307692.3");
  });

  it("SPARK-53690: avgOffsetsBehindLatest should never be in scientific notation", () => {
    // Spark's testProgress5: a Kafka source's progress.
    const testProgress5 = withSparkJson<StreamingQueryProgress>({
      id: crypto.randomUUID(),
      runId: crypto.randomUUID(),
      name: "KafkaMetricsTest",
      timestamp: "2025-09-23T06:00:00.000Z",
      batchId: 1250,
      batchDuration: 111255,
      numInputRows: 800000,
      inputRowsPerSecond: 75291.2831516931,
      processedRowsPerSecond: 71906.88058963642,
      durationMs: {
        addBatch: 110481,
        commitBatch: 410,
        commitOffsets: 107,
        getBatch: 0,
        latestOffset: 2,
        queryPlanning: 179,
        triggerExecution: 111255,
        walCommit: 74,
      },
      eventTime: {},
      stateOperators: [],
      sources: [
        {
          description: "KafkaV2[Subscribe[bigdata_omsTrade_cdc]]",
          startOffset: { bigdata_omsTrade_cdc: { "0": 18424809459 } },
          endOffset: { bigdata_omsTrade_cdc: { "0": 18432809459 } },
          latestOffset: { bigdata_omsTrade_cdc: { "0": 18703750728 } },
          numInputRows: 800000,
          inputRowsPerSecond: 75291.2831516931,
          processedRowsPerSecond: 71906.88058963642,
          metrics: {
            avgOffsetsBehindLatest: "2.70941269E8",
            minOffsetsBehindLatest: "270941269",
            maxOffsetsBehindLatest: "270941269",
          },
        },
      ],
      sink: { description: "DeltaSink[s3://<masked-storage>/delta-source]", numOutputRows: -1, metrics: {} },
      observedMetrics: {},
    });
    const metrics = JSON.parse(testProgress5.json).sources[0].metrics;
    // This should fail if avgOffsetsBehindLatest contains E notation
    expect(metrics.avgOffsetsBehindLatest).not.toContain("E");
    expect(Number(metrics.avgOffsetsBehindLatest)).toBeCloseTo(270941269.0, 6);
    // Validating that the pretty JSON of metrics reported is same as defined
    expect(testProgress5.prettyJson).toBe(
      `{
  "id" : "${testProgress5.id}",
  "runId" : "${testProgress5.runId}",
  "name" : "KafkaMetricsTest",
  "timestamp" : "2025-09-23T06:00:00.000Z",
  "batchId" : 1250,
  "batchDuration" : 111255,
  "numInputRows" : 800000,
  "inputRowsPerSecond" : 75291.3,
  "processedRowsPerSecond" : 71906.9,
  "durationMs" : {
    "addBatch" : 110481,
    "commitBatch" : 410,
    "commitOffsets" : 107,
    "getBatch" : 0,
    "latestOffset" : 2,
    "queryPlanning" : 179,
    "triggerExecution" : 111255,
    "walCommit" : 74
  },
  "stateOperators" : [ ],
  "sources" : [ {
    "description" : "KafkaV2[Subscribe[bigdata_omsTrade_cdc]]",
    "startOffset" : {
      "bigdata_omsTrade_cdc" : {
        "0" : 18424809459
      }
    },
    "endOffset" : {
      "bigdata_omsTrade_cdc" : {
        "0" : 18432809459
      }
    },
    "latestOffset" : {
      "bigdata_omsTrade_cdc" : {
        "0" : 18703750728
      }
    },
    "numInputRows" : 800000,
    "inputRowsPerSecond" : 75291.3,
    "processedRowsPerSecond" : 71906.9,
    "metrics" : {
      "avgOffsetsBehindLatest" : "270941269.0",
      "maxOffsetsBehindLatest" : "270941269",
      "minOffsetsBehindLatest" : "270941269"
    }
  } ],
  "sink" : {
    "description" : "DeltaSink[s3://<masked-storage>/delta-source]",
    "numOutputRows" : -1
  }
}`,
    );
  });
});

/**
 * Test helper: Spark's testProgress1, testProgress2 and testStatus (StreamingQueryStatusAndProgressSuite), the
 * progress and status its JSON cases render and its listener suite's serialization cases read back.
 */
import { withRowSchema } from "../sql/api/rows";
import { parseDataType, type StructType } from "../sql/types";
import type { StreamingQueryProgress, StreamingQueryStatus } from "../streaming/runtime/progress";

/** An observed metrics row with the schema Spark's suite gives it (GenericRowWithSchema). */
const row = (values: Record<string, unknown>, ddl: string) =>
  withRowSchema(values, parseDataType(`struct<${ddl}>`) as StructType);

const TIMESTAMP = "2016-12-05T20:54:20.827Z";

const stateOperator = (
  operatorName: string,
  memoryUsedBytes: number,
  customMetrics: Record<string, number>,
) => ({
  operatorName,
  numRowsTotal: 0,
  numRowsUpdated: 1,
  allUpdatesTimeMs: 1,
  numRowsRemoved: 2,
  allRemovalsTimeMs: 34,
  commitTimeMs: 23,
  memoryUsedBytes,
  numRowsDroppedByWatermark: 0,
  numShufflePartitions: 2,
  numStateStoreInstances: 2,
  customMetrics,
});

const source = (inputRowsPerSecond: number, processedRowsPerSecond: number) => ({
  description: "source",
  startOffset: 123,
  endOffset: 456,
  latestOffset: 789,
  numInputRows: 678,
  inputRowsPerSecond,
  processedRowsPerSecond,
  metrics: {},
});

/** Spark's `SinkProgress("sink", None)`: no rows count known, -1. */
const sink = { description: "sink", numOutputRows: -1, metrics: {} };

export const testProgress1: StreamingQueryProgress = {
  id: crypto.randomUUID(),
  runId: crypto.randomUUID(),
  name: "myName",
  timestamp: TIMESTAMP,
  batchId: 2,
  batchDuration: 0,
  numInputRows: 678,
  inputRowsPerSecond: 10.0,
  // should not be present in the json
  processedRowsPerSecond: Number.POSITIVE_INFINITY,
  durationMs: { total: 0 },
  eventTime: { max: TIMESTAMP, min: TIMESTAMP, avg: TIMESTAMP, watermark: TIMESTAMP },
  stateOperators: [
    stateOperator("op1", 3, {
      stateOnCurrentVersionSizeBytes: 2,
      loadedMapCacheHitCount: 1,
      loadedMapCacheMissCount: 0,
    }),
  ],
  sources: [source(10.0, Number.POSITIVE_INFINITY)],
  sink,
  observedMetrics: {
    event1: row({ c1: 1, c2: 3.0 }, "c1: bigint, c2: double"),
    event2: row({ rc: 1, min_q: "hello", max_q: "world" }, "rc: bigint, min_q: string, max_q: string"),
  },
};

export const testProgress2: StreamingQueryProgress = {
  id: crypto.randomUUID(),
  runId: crypto.randomUUID(),
  name: null,
  timestamp: TIMESTAMP,
  batchId: 2,
  batchDuration: 0,
  numInputRows: 678,
  inputRowsPerSecond: Number.NaN,
  processedRowsPerSecond: Number.NEGATIVE_INFINITY,
  durationMs: { total: 0 },
  // empty maps should be handled correctly
  eventTime: {},
  stateOperators: [stateOperator("op2", 2, {})],
  // should not be present in the json
  sources: [source(Number.NaN, Number.NEGATIVE_INFINITY)],
  sink,
  observedMetrics: {
    event_a: row({ c1: null, c2: -20.7 }, "c1: bigint, c2: double"),
    event_b1: row({ rc: 33, min_q: "foo", max_q: "bar" }, "rc: bigint, min_q: string, max_q: string"),
    event_b2: row({ rc: 200, min_q: "fzo", max_q: "baz" }, "rc: bigint, min_q: string, max_q: string"),
  },
};

export const testStatus: StreamingQueryStatus = {
  message: "active",
  isDataAvailable: true,
  isTriggerActive: false,
};

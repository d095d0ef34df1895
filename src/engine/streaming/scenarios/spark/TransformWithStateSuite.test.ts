/**
 * Cases of Spark's TransformWithStateSuite and TransformWithStateValidationSuite
 * (sql/core/src/test/scala/org/apache/spark/sql/streaming/TransformWithStateSuite.scala), each named as there,
 * with Spark's inputs, processors (TestProcessors.ts) and expected answers. Spark runs them with 5 shuffle
 * partitions where it sets SHUFFLE_PARTITIONS; so do these.
 *
 * Not ported:
 * - "verify StateSchemaV3 writes correct SQL schema of key/value" — reads Spark's state schema files (column
 *   families, encoder specs, Avro/UnsafeRow encodings), which Sluice does not write; its custom metrics part is
 *   ported as "numValueStateVars, numListStateVars and numMapStateVars count per partition".
 * - "verify that OperatorStateMetadataV2 file is being written correctly" — Sluice's state-metadata source reports
 *   one partition and no operatorProperties column (see the report).
 * - "test exceeding schema file threshold throws error" — state schema files (StateSchemaV3) are not kept.
 * - "SPARK-49070: transformWithState - valid initial state plan" — inspects the physical plan (ShuffleExchangeExec).
 * - "verify that metadata and schema logs are purged", "verify that schema file is kept after metadata is purged",
 *   "verify that all metadata and schema logs are not purged", "verify that no metadata and schema logs are purged
 *   after removing column family" — ignored in Spark (SPARK-50845).
 * - "state data source integration - value state supports time travel" — the statestore reader's stateVarName
 *   option for transformWithState is not supported.
 * - "timer duration should be reflected in metrics" — its processor sleeps a second in each timer and times it;
 *   the answers and numRegisteredTimers are ported without the sleep as "timers registered per batch".
 * - "streaming with hdfsStateStoreProvider should fail", "transformWithStateWithInitialState - streaming with
 *   hdfsStateStoreProvider should fail" — Sluice has one state store, which keeps every state variable.
 * - "check that error within handleInputRows / handleInitialState / handleExpiredTimer is classified" and the
 *   classified ones — TRANSFORM_WITH_STATE_USER_FUNCTION_ERROR is not in Spark 4's error-conditions.json that
 *   Sluice follows.
 * - "validate timeModes" — calls TransformWithStateVariableUtils, an internal object.
 * - "transformWithState - batch should succeed" — Sluice runs the *GroupsWithState family on streaming
 *   DataFrames only (SLUICE_MAP_GROUPS_WITH_STATE_ON_BATCH); see the report.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type SparkError,
  SparkUnsupportedOperationException,
  type StreamingQueryException,
} from "../../../errors/exceptions";
import { MemoryStream } from "../../../sources/MemoryStream";
import type { DataFrame } from "../../../sql/api/DataFrame";
import { col, timestamp_seconds } from "../../../sql/api/functions";
import { newTestSession, type TestSession } from "../../../testing/fixtures";
import {
  AddData,
  AdvanceManualClock,
  AssertOnQuery,
  CheckAnswer,
  CheckNewAnswer,
  ExpectFailure,
  StartStream,
  StopStream,
  testStream,
} from "../../../testing/testStream";
import type { StatefulProcessor } from "../../operators/StatefulProcessor";
import { ManualClock } from "../../runtime/ManualClock";
import {
  MaxEventTimeStatefulProcessor,
  MinEventTimeStatefulProcessor,
  MostRecentStatefulProcessorWithDeletion,
  ProcessorWithLazyIterators,
  RunningCountListStatefulProcessor,
  RunningCountMostRecentStatefulProcessor,
  RunningCountStatefulProcessor,
  RunningCountStatefulProcessorWithError,
  RunningCountStatefulProcessorWithMultipleTimers,
  RunningCountStatefulProcessorWithProcTimeTimer,
  RunningCountStatefulProcessorWithProcTimeTimerUpdates,
  StateExistsInInit,
  StatefulProcessorWithCompositeTypes,
  TimerPerRowProcessor,
} from "./TestProcessors";

const OUTPUT = "_1 STRING, _2 STRING";
const EVENT_TIME_OUTPUT = "_1 STRING, _2 INT";

/** The failure's cause: the Spark error that ended the query. */
const causeOf = (error: Error) => (error as StreamingQueryException).cause as SparkError;

describe("TransformWithStateSuite", () => {
  let t: TestSession;
  beforeEach(async () => {
    t = await newTestSession(new ManualClock(0));
    t.spark.conf.set("spark.sql.shuffle.partitions", "5");
  });
  afterEach(() => t.cleanup());

  const strings = () => new MemoryStream(t.spark, "value STRING");
  /** `inputData.toDS().groupByKey(x => x).transformWithState(processor, timeMode, outputMode)`. */
  const grouped = (
    df: DataFrame,
    processor: StatefulProcessor,
    timeMode = "None",
    outputMode = "update",
  ): DataFrame =>
    df.groupBy("value").transformWithState(processor, { outputStructType: OUTPUT, timeMode, outputMode });
  /** `(key, seconds)` rows as `key` and `timestamp_seconds(seconds) AS eventTime`, watermarked 10 seconds behind. */
  const eventTimes = (input: MemoryStream) =>
    input
      .toDF()
      .select(col("_1").as("key"), timestamp_seconds(col("_2")).as("eventTime"))
      .withWatermark("eventTime", "10 seconds");

  it("transformWithState - streaming with rocksdb and invalid processor should fail", async () => {
    const inputData = strings();
    await testStream(
      t,
      grouped(inputData.toDF(), new RunningCountStatefulProcessorWithError()),
      "update",
      AddData(inputData, "a"),
      ExpectFailure((e) => {
        const cause = causeOf(e);
        expect(cause.getCondition()).toBe(
          "STATEFUL_PROCESSOR_CANNOT_PERFORM_OPERATION_WITH_INVALID_HANDLE_STATE",
        );
        expect(cause.message).toContain("invalid handle state");
      }),
    );
  });

  it("transformWithState - lazy iterators can properly get/set keyed state", async () => {
    const inputData = new MemoryStream(t.spark, "value INT");
    const result = inputData
      .toDF()
      .select(timestamp_seconds(col("value")).as("timestamp"))
      .withWatermark("timestamp", "10 seconds")
      .groupBy(col("timestamp").cast("long"))
      .transformWithState(new ProcessorWithLazyIterators(), {
        outputStructType: "value BIGINT",
        timeMode: "EventTime",
        outputMode: "update",
      });
    await testStream(
      t,
      result,
      "update",
      StartStream(),
      // 12 moves the watermark to 2 seconds, which fires the timer set at 0.
      AddData(inputData, 12),
      // The 12 is from the input data; the 42 is from the timer.
      CheckAnswer([12], [42]),
    );
  });

  it("transformWithState - streaming with rocksdb should succeed", async () => {
    const inputData = strings();
    await testStream(
      t,
      grouped(inputData.toDF(), new RunningCountStatefulProcessor()),
      "update",
      AddData(inputData, "a"),
      CheckNewAnswer(["a", "1"]),
      AssertOnQuery((q) => {
        const op = q.lastProgress!.stateOperators[0];
        expect(op.customMetrics.numValueStateVars).toBeGreaterThan(0);
        expect(op.customMetrics.numRegisteredTimers).toBe(0);
        expect(op.numRowsUpdated).toBe(1);
      }),
      AddData(inputData, "a", "b"),
      CheckNewAnswer(["a", "2"], ["b", "1"]),
      StopStream,
      StartStream(),
      AddData(inputData, "a", "b"), // should remove state for "a" and not return anything for a
      CheckNewAnswer(["b", "2"]),
      StopStream,
      AssertOnQuery((q) => {
        const op = q.lastProgress!.stateOperators[0];
        expect(op.numRowsUpdated).toBe(1);
        expect(op.numRowsRemoved).toBe(1);
      }),
      StartStream(),
      AddData(inputData, "a", "c"), // should recreate state for "a" and return count as 1
      CheckNewAnswer(["a", "1"], ["c", "1"]),
    );
  });

  it("transformWithState - streaming with rocksdb and processing time timer should succeed", async () => {
    const inputData = strings();
    await testStream(
      t,
      grouped(inputData.toDF(), new RunningCountStatefulProcessorWithProcTimeTimer(), "ProcessingTime"),
      "update",
      StartStream({ processingTime: "1 second" }),
      AddData(inputData, "a"),
      AdvanceManualClock(1000),
      CheckNewAnswer(["a", "1"]),
      AssertOnQuery((q) => {
        const op = q.lastProgress!.stateOperators[0];
        expect(op.customMetrics.numValueStateVars).toBeGreaterThan(0);
        expect(op.customMetrics.numRegisteredTimers).toBe(1);
      }),
      AddData(inputData, "b"),
      AdvanceManualClock(1000),
      CheckNewAnswer(["b", "1"]),
      AddData(inputData, "b"),
      AdvanceManualClock(10 * 1000),
      CheckNewAnswer(["a", "-1"], ["b", "2"]),
      StopStream,
      StartStream({ processingTime: "1 second" }),
      AddData(inputData, "b"),
      AddData(inputData, "c"),
      AdvanceManualClock(1000),
      CheckNewAnswer(["c", "1"]), // should remove 'b' as count reaches 3
      AddData(inputData, "d"),
      AdvanceManualClock(10 * 1000),
      CheckNewAnswer(["c", "-1"], ["d", "1"]),
      StopStream,
    );
  });

  it("transformWithState - streaming with rocksdb and processing time timer and updating timers should succeed", async () => {
    const inputData = strings();
    await testStream(
      t,
      grouped(
        inputData.toDF(),
        new RunningCountStatefulProcessorWithProcTimeTimerUpdates(),
        "ProcessingTime",
      ),
      "update",
      StartStream({ processingTime: "1 second" }),
      AddData(inputData, "a"),
      AdvanceManualClock(1000),
      CheckNewAnswer(["a", "1"]), // at batch 0, ts = 1, timer = "a" -> [6] (= 1 + 5)
      AddData(inputData, "a"),
      AdvanceManualClock(2 * 1000),
      CheckNewAnswer(["a", "2"]), // at batch 1, ts = 3, timer = "a" -> [10.5] (3 + 7.5)
      StopStream,
      StartStream({ processingTime: "1 second" }),
      AddData(inputData, "d"),
      AdvanceManualClock(10 * 1000),
      // At batch 2, ts = 13, the timer for "a" is expired; a timer only added, not replaced, would fire twice.
      CheckNewAnswer(["a", "-1"], ["d", "1"]),
      StopStream,
    );
  });

  it("transformWithState - streaming with rocksdb and processing time timer and multiple timers should succeed", async () => {
    const inputData = strings();
    await testStream(
      t,
      grouped(inputData.toDF(), new RunningCountStatefulProcessorWithMultipleTimers(), "ProcessingTime"),
      "update",
      StartStream({ processingTime: "1 second" }),
      AddData(inputData, "a"),
      AdvanceManualClock(1000), // at batch 0, add 3 timers for given key = "a"
      AddData(inputData, "a"),
      AdvanceManualClock(6 * 1000),
      CheckNewAnswer(["a", "2"]), // at ts = 7, first timer expires and produces ("a", "2")
      AddData(inputData, "a"),
      AdvanceManualClock(5 * 1000),
      CheckNewAnswer(["a", "3"]), // at ts = 12, second timer expires and produces ("a", "3")
      StopStream,
      StartStream({ processingTime: "1 second" }),
      AddData(inputData, "a"),
      AdvanceManualClock(5 * 1000),
      CheckNewAnswer(["a", "4"]), // at ts = 17, third timer expires and produces ("a", "4")
      StopStream,
    );
  });

  it("transformWithState - streaming with rocksdb and event time based timer", async () => {
    const inputData = new MemoryStream(t.spark, "_1 STRING, _2 INT");
    const result = eventTimes(inputData)
      .groupBy("key")
      .transformWithState(new MaxEventTimeStatefulProcessor(), {
        outputStructType: EVENT_TIME_OUTPUT,
        timeMode: "EventTime",
        outputMode: "update",
      });
    await testStream(
      t,
      result,
      "update",
      StartStream(),
      AddData(inputData, ["a", 11], ["a", 13], ["a", 15]),
      // Max event time = 15. Timeout timestamp for "a" = 15 + 5 = 20. Watermark = 15 - 10 = 5.
      CheckNewAnswer(["a", 15]),
      AddData(inputData, ["a", 4]), // older than the watermark for "a"
      CheckNewAnswer(), // no output: the row is dropped by the watermark
      AddData(inputData, ["a", 10]), // newer than the watermark for "a"
      CheckNewAnswer(["a", 15]), // max event time is still the same
      AddData(inputData, ["b", 31]), // watermark = 31 - 10 = 21: "a" times out (20)
      CheckNewAnswer(["a", -1], ["b", 31]),
      AssertOnQuery((q) => {
        const progress = q.recentProgress.filter((p) => p.stateOperators.length > 0);
        const some = (metric: string) => progress.some((p) => p.stateOperators[0].customMetrics[metric] > 0);
        expect(some("numValueStateVars")).toBe(true);
        expect(some("numRegisteredTimers")).toBe(true);
        expect(some("numDeletedTimers")).toBe(true);
      }),
    );
  });

  it("timers registered per batch (timer duration should be reflected in metrics, without its sleeps)", async () => {
    const inputData = strings();
    const result = inputData.toDF().groupBy("value").transformWithState(new TimerPerRowProcessor(), {
      outputStructType: "value STRING",
      timeMode: "ProcessingTime",
      outputMode: "update",
    });
    const registered = (n: number) =>
      AssertOnQuery((q) => {
        expect(q.lastProgress!.stateOperators[0].customMetrics.numRegisteredTimers).toBe(n);
      });
    await testStream(
      t,
      result,
      "update",
      StartStream({ processingTime: "1 second" }),
      AddData(inputData, "a"),
      AdvanceManualClock(1000), // timer for t = 1 + 10 = 11
      CheckNewAnswer(),
      registered(1),
      AddData(inputData, "b"),
      AdvanceManualClock(1000), // timer for t = 2 + 10 = 12
      CheckNewAnswer(),
      registered(1),
      AddData(inputData, "c"),
      AdvanceManualClock(11 * 1000), // t = 13: both timers fire
      CheckNewAnswer(["a"], ["b"]),
      registered(1),
      StopStream,
    );
  });

  it("Use statefulProcessor without transformWithState - handle should be absent", () => {
    const processor = new RunningCountStatefulProcessor();
    let error: SparkError | undefined;
    try {
      processor.getHandle();
    } catch (e) {
      error = e as SparkError;
    }
    expect(error?.name).toBe("SparkRuntimeException");
    expect(error?.getCondition()).toBe("STATE_STORE_HANDLE_NOT_INITIALIZED");
    expect(error?.getMessageParameters()).toEqual({});
  });

  it("transformWithState - test deleteIfExists operator", async () => {
    const dirPath = "/tws-delete";
    const inputData = new MemoryStream(t.spark, "_1 STRING, _2 STRING");
    const byKey = (processor: StatefulProcessor, outputStructType: string) =>
      inputData
        .toDF()
        .groupBy("_1")
        .transformWithState(processor, { outputStructType, outputMode: "update" });
    await testStream(
      t,
      byKey(new RunningCountMostRecentStatefulProcessor(), "_1 STRING, _2 STRING, _3 STRING"),
      "update",
      StartStream({}, dirPath),
      AddData(inputData, ["a", "str1"]),
      CheckNewAnswer(["a", "1", ""]),
      StopStream,
    );
    await testStream(
      t,
      byKey(new MostRecentStatefulProcessorWithDeletion(), OUTPUT),
      "update",
      StartStream({}, dirPath),
      AddData(inputData, ["a", "str2"], ["b", "str3"]),
      CheckNewAnswer(["a", "str1"], ["b", ""]), // should not factor in previous count state
      AssertOnQuery((q) => {
        const metrics = q.lastProgress!.stateOperators[0].customMetrics;
        expect(metrics.numValueStateVars).toBeGreaterThan(0);
        expect(metrics.numDeletedStateVars).toBeGreaterThan(0);
      }),
      StopStream,
    );
  });

  it("transformWithState - two input streams", async () => {
    const inputData1 = strings();
    const inputData2 = strings();
    await testStream(
      t,
      grouped(inputData1.toDF().union(inputData2.toDF()), new RunningCountStatefulProcessor()),
      "update",
      AddData(inputData1, "a"),
      CheckNewAnswer(["a", "1"]),
      AddData(inputData2, "a", "b"),
      CheckNewAnswer(["a", "2"], ["b", "1"]),
      AddData(inputData1, "a", "b"), // should remove state for "a" and not return anything for a
      CheckNewAnswer(["b", "2"]),
      AddData(inputData1, "d", "e"),
      AddData(inputData2, "a", "c"), // should recreate state for "a" and return count as 1
      CheckNewAnswer(["a", "1"], ["c", "1"], ["d", "1"], ["e", "1"]),
      StopStream,
    );
  });

  it("transformWithState - three input streams", async () => {
    const inputData1 = strings();
    const inputData2 = strings();
    const inputData3 = strings();
    await testStream(
      t,
      grouped(
        inputData1.toDF().union(inputData2.toDF()).union(inputData3.toDF()),
        new RunningCountStatefulProcessor(),
      ),
      "update",
      AddData(inputData1, "a"),
      CheckNewAnswer(["a", "1"]),
      AddData(inputData2, "a", "b"),
      CheckNewAnswer(["a", "2"], ["b", "1"]),
      AddData(inputData3, "a", "b"), // should remove state for "a" and not return anything for a
      CheckNewAnswer(["b", "2"]),
      AddData(inputData1, "d", "e"),
      AddData(inputData2, "a", "c"), // should recreate state for "a" and return count as 1
      CheckNewAnswer(["a", "1"], ["c", "1"], ["d", "1"], ["e", "1"]),
      AddData(inputData3, "a", "c", "d", "e"),
      CheckNewAnswer(["a", "2"], ["c", "2"], ["d", "2"], ["e", "2"]),
      StopStream,
    );
  });

  it("transformWithState - two input streams, different key type", async () => {
    const inputData1 = strings();
    const inputData2 = new MemoryStream(t.spark, "value BIGINT");
    await testStream(
      t,
      grouped(
        // union inputData2 by casting it to a String
        inputData1.toDF().union(inputData2.toDF().select(col("value").cast("string").as("value"))),
        new RunningCountStatefulProcessor(),
      ),
      "update",
      AddData(inputData1, "1"),
      CheckNewAnswer(["1", "1"]),
      AddData(inputData2, 1, 2),
      CheckNewAnswer(["1", "2"], ["2", "1"]),
      AddData(inputData1, "1", "2"), // should remove state for "1" and not return anything.
      CheckNewAnswer(["2", "2"]),
      AddData(inputData1, "4", "5"),
      AddData(inputData2, 1, 3), // should recreate state for "1" and return count as 1
      CheckNewAnswer(["1", "1"], ["3", "1"], ["4", "1"], ["5", "1"]),
      StopStream,
    );
  });

  describe("availableNow", () => {
    const srcDir = "/tws-src";
    let files = 0;
    /** Spark's createFile: a text file with a single data item. */
    const createFile = (data: string) => t.spark.fs.writeFile(`${srcDir}/file-${files++}.txt`, data);
    /** Spark's createFileStream: text files read one at a time, counted per value. */
    const createFileStream = () =>
      grouped(
        t.spark.readStream.option("maxFilesPerTrigger", "1").text(srcDir).select("value"),
        new RunningCountStatefulProcessor(),
      );
    /** Runs the stream to its end with an AvailableNow trigger on a fresh checkpoint; returns its batches. */
    const batchesOfARun = async (checkpoint: string) => {
      let index = 0;
      const q = await createFileStream()
        .writeStream.foreachBatch(() => {
          index += 1;
        })
        .trigger({ availableNow: true })
        .option("checkpointLocation", checkpoint)
        .start();
      await q.awaitTermination();
      return index;
    };

    it("transformWithState - availableNow trigger mode, rate limit is respected", async () => {
      for (const data of ["a", "b", "c"]) await createFile(data);
      await testStream(
        t,
        createFileStream(),
        "append",
        StartStream({ availableNow: true }),
        CheckNewAnswer(["a", "1"], ["b", "1"], ["c", "1"]),
        StopStream,
        AssertOnQuery(async () => {
          await createFile("a");
        }),
        StartStream({ availableNow: true }),
        CheckNewAnswer(["a", "2"]),
      );
      // A new query over the four files reads them in four batches, one file each.
      expect(await batchesOfARun("/tws-chk-rate")).toBe(4);
    });

    it("transformWithState - availableNow trigger mode, multiple restarts", async () => {
      for (const data of ["a", "b", "c"]) await createFile(data);
      // Each run is a new query (its own checkpoint): it reads every file, one per batch.
      let index = await batchesOfARun("/tws-chk-1");
      expect(index).toBe(3);
      await createFile("a");
      await createFile("b");
      index += await batchesOfARun("/tws-chk-2");
      expect(index).toBe(8);
      await createFile("d");
      index += await batchesOfARun("/tws-chk-3");
      expect(index).toBe(14);
    });
  });

  it("numValueStateVars, numListStateVars and numMapStateVars count per partition (verify StateSchemaV3 ..., in part)", async () => {
    const inputData = strings();
    await testStream(
      t,
      grouped(inputData.toDF(), new StatefulProcessorWithCompositeTypes()),
      "update",
      AddData(inputData, "a", "b"),
      CheckNewAnswer(["a", "1"], ["b", "1"]),
      AssertOnQuery((q) => {
        const metrics = q.lastProgress!.stateOperators[0].customMetrics;
        expect([metrics.numValueStateVars, metrics.numListStateVars, metrics.numMapStateVars]).toEqual([
          5, 5, 5,
        ]);
      }),
      StopStream,
    );
  });

  describe("restarts", () => {
    const checkpoint = "/tws-restart";
    const firstRun = async (processor: StatefulProcessor, inputData: MemoryStream, timeMode = "None") =>
      timeMode === "None"
        ? testStream(
            t,
            grouped(inputData.toDF(), processor),
            "update",
            StartStream({}, checkpoint),
            AddData(inputData, "a"),
            CheckNewAnswer(["a", "1"]),
            StopStream,
          )
        : testStream(
            t,
            grouped(inputData.toDF(), processor, timeMode),
            "update",
            StartStream({ processingTime: "1 second" }, checkpoint),
            AddData(inputData, "a"),
            AdvanceManualClock(1000),
            CheckNewAnswer(["a", "1"]),
            StopStream,
          );
    const failsWith = (condition: string, parameters: Record<string, string>) =>
      ExpectFailure((e) => {
        const cause = causeOf(e);
        expect(cause).toBeInstanceOf(SparkUnsupportedOperationException);
        expect(cause.getCondition()).toBe(condition);
        expect(cause.getMessageParameters()).toEqual(parameters);
      });

    it("test that different outputMode after query restart fails", async () => {
      const inputData = strings();
      await firstRun(new RunningCountStatefulProcessor(), inputData);
      await testStream(
        t,
        grouped(inputData.toDF(), new RunningCountStatefulProcessor(), "None", "append"),
        "update",
        StartStream({}, checkpoint),
        AddData(inputData, "a"),
        failsWith("STATE_STORE_INVALID_CONFIG_AFTER_RESTART", {
          configName: "outputMode",
          oldConfig: "Update",
          newConfig: "Append",
        }),
      );
    });

    it("test that changing between different state variable types fails", async () => {
      const inputData = strings();
      await firstRun(new RunningCountStatefulProcessor(), inputData);
      await testStream(
        t,
        grouped(inputData.toDF(), new RunningCountListStatefulProcessor()),
        "update",
        StartStream({}, checkpoint),
        AddData(inputData, "a"),
        failsWith("STATE_STORE_INVALID_VARIABLE_TYPE_CHANGE", {
          stateVarName: "countState",
          newType: "ListState",
          oldType: "ValueState",
        }),
      );
    });

    it("test that different timeMode after query restart fails", async () => {
      const inputData = strings();
      await firstRun(new RunningCountStatefulProcessor(), inputData);
      await testStream(
        t,
        grouped(inputData.toDF(), new RunningCountStatefulProcessor(), "ProcessingTime"),
        "update",
        StartStream({ processingTime: "1 second" }, checkpoint),
        AddData(inputData, "a"),
        AdvanceManualClock(1000),
        failsWith("STATE_STORE_INVALID_CONFIG_AFTER_RESTART", {
          configName: "timeMode",
          oldConfig: "NoTime",
          newConfig: "ProcessingTime",
        }),
      );
    });

    it("test query restart with new state variable succeeds", async () => {
      const inputData = strings();
      await firstRun(new RunningCountStatefulProcessor(), inputData, "ProcessingTime");
      await testStream(
        t,
        grouped(inputData.toDF(), new RunningCountStatefulProcessorWithProcTimeTimer(), "ProcessingTime"),
        "update",
        StartStream({ processingTime: "1 second" }, checkpoint),
        AddData(inputData, "a"),
        AdvanceManualClock(1000),
        CheckNewAnswer(["a", "2"]),
        StopStream,
      );
    });

    it("test query restart succeeds", async () => {
      const inputData = strings();
      await firstRun(new RunningCountStatefulProcessor(), inputData);
      // Files that are no metadata, in the offsets and the operator metadata directories, are passed over.
      await t.spark.fs.mkdirs(`${checkpoint}/offsets/dummy_path_name`);
      await t.spark.fs.mkdirs(`${checkpoint}/state/0/_metadata/dummy_path_name`);
      await testStream(
        t,
        grouped(inputData.toDF(), new RunningCountStatefulProcessorWithProcTimeTimer()),
        "update",
        StartStream({}, checkpoint),
        AddData(inputData, "a"),
        CheckNewAnswer(["a", "2"]),
        StopStream,
      );
    });
  });

  for (const kind of ["value", "map", "list"] as const) {
    const name = `${kind.charAt(0).toUpperCase()}${kind.slice(1)}State`;
    it(`transformWithState - ${name}.exists() should fail in init`, async () => {
      const inputData = strings();
      await testStream(
        t,
        grouped(inputData.toDF(), new StateExistsInInit(kind)),
        "update",
        AddData(inputData, "a"),
        ExpectFailure((e) => {
          const cause = causeOf(e);
          expect(cause.getCondition()).toBe(
            "STATEFUL_PROCESSOR_CANNOT_PERFORM_OPERATION_WITH_INVALID_HANDLE_STATE",
          );
          expect(cause.getMessageParameters()).toEqual({
            operationType: `${kind}State.exists`,
            handleState: "PRE_INIT",
          });
        }),
      );
    });
  }

  for (const timeMode of ["None", "ProcessingTime"]) {
    it(`transformWithState - using watermark but time mode as ${timeMode} should not perform late record filtering`, async () => {
      const inputData = new MemoryStream(t.spark, "_1 STRING, _2 INT");
      const result = eventTimes(inputData)
        .groupBy("key")
        .transformWithState(new MinEventTimeStatefulProcessor(), {
          outputStructType: EVENT_TIME_OUTPUT,
          timeMode,
          outputMode: "update",
        });
      await testStream(
        t,
        result,
        "update",
        StartStream({ processingTime: "1 second" }),
        AddData(inputData, ["a", 11], ["a", 13], ["a", 15]),
        AdvanceManualClock(1000),
        CheckNewAnswer(["a", 11]), // min event time; watermark = 15 - 10 = 5
        AddData(inputData, ["a", 4]), // older than the watermark
        AdvanceManualClock(1000),
        CheckNewAnswer(["a", 4]), // not filtered
        AddData(inputData, ["a", 1]), // older than the watermark
        AdvanceManualClock(1000),
        CheckNewAnswer(["a", 1]), // not filtered
        AddData(inputData, ["a", 85]),
        AdvanceManualClock(1000),
        CheckNewAnswer(["a", 1]), // min event time is still 1
        StopStream,
      );
    });
  }
});

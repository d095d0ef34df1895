/**
 * Cases of Spark's TransformWithStateInitialStateSuite
 * (sql/core/src/test/scala/org/apache/spark/sql/streaming/TransformWithStateInitialStateSuite.scala), each named as
 * there, with Spark's inputs, processors and expected answers. The initial state is a batch DataFrame grouped by
 * the key (Spark's `groupByKey(...).mapValues(x => x)`): `handleInitialState` gets the key's whole row.
 *
 * Not ported:
 * - "transformWithStateWithInitialState - batch should succeed" — Sluice runs the *GroupsWithState family on
 *   streaming DataFrames only (SLUICE_MAP_GROUPS_WITH_STATE_ON_BATCH).
 * - "correctness test, run with state data source reader dataframe as initial state" — reads transformWithState's
 *   state variables through the statestore reader's stateVarName option, which Sluice does not support.
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
import type { Row } from "../../../sql/api/rows";
import { newTestSession, type TestSession } from "../../../testing/fixtures";
import {
  AddData,
  AdvanceManualClock,
  CheckNewAnswer,
  ExpectFailure,
  StartStream,
  StopStream,
  testStream,
} from "../../../testing/testStream";
import {
  type ListState,
  type MapState,
  StatefulProcessorWithInitialState,
  type TimerValues,
  type ValueState,
} from "../../operators/StatefulProcessor";
import { ManualClock } from "../../runtime/ManualClock";

/** Spark's StatefulProcessorWithInitialStateTestClass: actions on a value, a list and a map state. */
abstract class StatefulProcessorWithInitialStateTestClass extends StatefulProcessorWithInitialState {
  protected valState!: ValueState<number>;
  protected listState!: ListState<number>;
  protected mapState!: MapState<number, number>;

  override init(): void {
    this.valState = this.getHandle().getValueState("testValueInit");
    this.listState = this.getHandle().getListState("testListInit");
    this.mapState = this.getHandle().getMapState("testMapInit");
  }

  handleInputRows([key]: unknown[], rows: Row[]): Row[] {
    const output: Row[] = [];
    const out = (action: string, value: number) => output.unshift({ _1: key, _2: action, _3: value });
    for (const { action, value } of rows as { action: string; value: number }[]) {
      if (action === "getOption") out(action, this.valState.get() ?? -1.0);
      else if (action === "update") this.valState.update(value);
      else if (action === "remove") this.valState.clear();
      else if (action === "getList") for (const element of this.listState.get()) out(action, element);
      else if (action === "appendList") this.listState.appendValue(value);
      else if (action === "clearList") this.listState.clear();
      else if (action === "getCount") out(action, this.mapState.getValue(value) ?? 0);
      else if (action === "incCount")
        this.mapState.updateValue(value, (this.mapState.getValue(value) ?? 0) + 1);
      else if (action === "clearCount") this.mapState.removeKey(value);
    }
    return output;
  }
}

/** Spark's AccumulateStatefulProcessorWithInitState: the initial value, then a running sum. */
class AccumulateStatefulProcessorWithInitState extends StatefulProcessorWithInitialStateTestClass {
  handleInitialState(_key: unknown[], initialState: Row): void {
    this.valState.update(initialState._2 as number);
  }

  override handleInputRows([key]: unknown[], rows: Row[]): Row[] {
    const output: Row[] = [];
    for (const { action, value } of rows as { action: string; value: number }[]) {
      if (action === "getOption") output.unshift({ _1: key, _2: action, _3: this.valState.get() ?? 0.0 });
      else if (action === "add") this.valState.update((this.valState.get() ?? 0.0) + value);
      else if (action === "remove") this.valState.clear();
    }
    return output;
  }
}

/** Spark's InitialStateInMemoryTestClass: the initial row fills the value, the list and the map. */
class InitialStateInMemoryTestClass extends StatefulProcessorWithInitialStateTestClass {
  handleInitialState(_key: unknown[], initialState: Row): void {
    this.valState.update(initialState.value as number);
    this.listState.appendList(initialState.entries as number[]);
    const mapping = initialState.mapping;
    const pairs =
      mapping instanceof Map ? [...mapping.entries()] : Object.entries(mapping as Record<string, number>);
    for (const [k, v] of pairs) this.mapState.updateValue(Number(k), Number(v));
  }
}

/** Spark's StatefulProcessorWithInitialStateProcTimerClass: counts per key; key "a" keeps a processing timer. */
class StatefulProcessorWithInitialStateProcTimerClass extends StatefulProcessorWithInitialState {
  private timerState!: ValueState<number>;
  private countState!: ValueState<number>;

  override init(): void {
    this.countState = this.getHandle().getValueState("countState");
    this.timerState = this.getHandle().getValueState("timerState");
  }

  private processUnexpiredRows(key: unknown, currCount: number, count: number, timerValues: TimerValues) {
    this.countState.update(count);
    if (key !== "a") return;
    if (currCount === 0) {
      const nextTimerTs = timerValues.getCurrentProcessingTimeInMs() + 5000;
      this.getHandle().registerTimer(nextTimerTs);
      this.timerState.update(nextTimerTs);
    } else if (currCount === 1) {
      // Scala's get() of a cleared Long state is 0.
      this.getHandle().deleteTimer(this.timerState.get() ?? 0);
      const nextTimerTs = timerValues.getCurrentProcessingTimeInMs() + 7500;
      this.getHandle().registerTimer(nextTimerTs);
      this.timerState.update(nextTimerTs);
    }
  }

  handleInitialState([key]: unknown[], _initialState: Row, timerValues: TimerValues): void {
    this.processUnexpiredRows(key, 0, 1, timerValues);
  }

  handleInputRows([key]: unknown[], rows: Row[], timerValues: TimerValues): Row[] {
    const currCount = this.countState.get() ?? 0;
    const count = currCount + rows.length;
    this.processUnexpiredRows(key, currCount, count, timerValues);
    return [{ _1: key, _2: String(count) }];
  }

  override handleExpiredTimer([key]: unknown[]): Row[] {
    this.timerState.clear();
    return [{ _1: key, _2: "-1" }];
  }
}

const seconds = (eventTime: unknown) => Math.floor((eventTime as Date).getTime() / 1000);

/** Spark's StatefulProcessorWithInitialStateEventTimerClass: the key's max event time; a timer 5 s past it. */
class StatefulProcessorWithInitialStateEventTimerClass extends StatefulProcessorWithInitialState {
  private maxEventTimeState!: ValueState<number>;
  private timerState!: ValueState<number>;

  override init(): void {
    this.maxEventTimeState = this.getHandle().getValueState("maxEventTimeState");
    this.timerState = this.getHandle().getValueState("timerState");
  }

  private processUnexpiredRows(maxEventTimeSec: number): void {
    const timeoutTimestampMs = (maxEventTimeSec + 5) * 1000;
    this.maxEventTimeState.update(maxEventTimeSec);
    const registeredTimerMs = this.timerState.get() ?? 0;
    if (registeredTimerMs < timeoutTimestampMs) {
      this.getHandle().deleteTimer(registeredTimerMs);
      this.getHandle().registerTimer(timeoutTimestampMs);
      this.timerState.update(timeoutTimestampMs);
    }
  }

  handleInitialState(_key: unknown[], initialState: Row): void {
    this.processUnexpiredRows(Math.max(seconds(initialState.eventTime), this.maxEventTimeState.get() ?? 0));
  }

  handleInputRows([key]: unknown[], rows: Row[]): Row[] {
    const maxEventTimeSec = Math.max(
      ...rows.map((r) => seconds(r.eventTime)),
      this.maxEventTimeState.get() ?? 0,
    );
    this.processUnexpiredRows(maxEventTimeSec);
    return [{ _1: key, _2: maxEventTimeSec }];
  }

  override handleExpiredTimer([key]: unknown[]): Row[] {
    this.maxEventTimeState.clear();
    return [{ _1: key, _2: -1 }];
  }
}

const OUTPUT = "_1 STRING, _2 STRING, _3 DOUBLE";

describe("TransformWithStateInitialStateSuite", () => {
  let t: TestSession;
  beforeEach(async () => {
    t = await newTestSession(new ManualClock(0));
  });
  afterEach(() => t.cleanup());

  /** `MemoryStream[InitInputRow]`. */
  const initInputRows = () => new MemoryStream(t.spark, "key STRING, action STRING, value DOUBLE");
  /** Spark's createInitialDfForTest with the given rows: `Seq((key, value)).toDS().groupByKey(_._1)`. */
  const initialDf = (...rows: [string, number][]) =>
    t.spark.createDataFrame(rows, "_1 STRING, _2 DOUBLE").groupBy("_1");
  const withInitialState = (
    input: MemoryStream,
    processor: StatefulProcessorWithInitialState,
    initial: unknown,
  ) =>
    input
      .toDF()
      .groupBy("key")
      .transformWithState(processor, {
        outputStructType: OUTPUT,
        timeMode: "None",
        outputMode: "append",
        initialState: initial as ReturnType<typeof initialDf>,
      });

  it("transformWithStateWithInitialState - correctness test, run with multiple state variables - in-memory type", async () => {
    const inputData = initInputRows();
    const initStateDf = t.spark
      .createDataFrame(
        [
          ["init_1", 40.0, [40.0], new Map([[40.0, 1]])],
          ["init_2", 100.0, [100.0], new Map([[100.0, 1]])],
        ],
        "key STRING, value DOUBLE, entries ARRAY<DOUBLE>, mapping MAP<DOUBLE, INT>",
      )
      .groupBy("key");
    await testStream(
      t,
      withInitialState(inputData, new InitialStateInMemoryTestClass(), initStateDf),
      "update",
      // non-exist key test
      AddData(inputData, ["k1", "update", 37.0]),
      AddData(inputData, ["k2", "update", 40.0]),
      AddData(inputData, ["non-exist", "getOption", -1.0]),
      CheckNewAnswer(["non-exist", "getOption", -1.0]),
      AddData(inputData, ["k1", "appendList", 37.0]),
      AddData(inputData, ["k2", "appendList", 40.0]),
      AddData(inputData, ["non-exist", "getList", -1.0]),
      CheckNewAnswer(),

      AddData(inputData, ["k1", "incCount", 37.0]),
      AddData(inputData, ["k2", "incCount", 40.0]),
      AddData(inputData, ["non-exist", "getCount", -1.0]),
      CheckNewAnswer(["non-exist", "getCount", 0.0]),
      AddData(inputData, ["k2", "incCount", 40.0]),
      AddData(inputData, ["k2", "getCount", 40.0]),
      CheckNewAnswer(["k2", "getCount", 2.0]),

      // test every row in initial State is processed
      AddData(inputData, ["init_1", "getOption", -1.0]),
      CheckNewAnswer(["init_1", "getOption", 40.0]),
      AddData(inputData, ["init_2", "getOption", -1.0]),
      CheckNewAnswer(["init_2", "getOption", 100.0]),

      AddData(inputData, ["init_1", "getList", -1.0]),
      CheckNewAnswer(["init_1", "getList", 40.0]),
      AddData(inputData, ["init_2", "getList", -1.0]),
      CheckNewAnswer(["init_2", "getList", 100.0]),

      AddData(inputData, ["init_1", "getCount", 40.0]),
      CheckNewAnswer(["init_1", "getCount", 1.0]),
      AddData(inputData, ["init_2", "getCount", 100.0]),
      CheckNewAnswer(["init_2", "getCount", 1.0]),

      // Update row with key in initial row will work
      AddData(inputData, ["init_1", "update", 50.0]),
      AddData(inputData, ["init_1", "getOption", -1.0]),
      CheckNewAnswer(["init_1", "getOption", 50.0]),
      AddData(inputData, ["init_1", "remove", -1.0]),
      AddData(inputData, ["init_1", "getOption", -1.0]),
      CheckNewAnswer(["init_1", "getOption", -1.0]),

      AddData(inputData, ["init_1", "appendList", 50.0]),
      AddData(inputData, ["init_1", "getList", -1.0]),
      CheckNewAnswer(["init_1", "getList", 50.0], ["init_1", "getList", 40.0]),

      AddData(inputData, ["init_1", "incCount", 40.0]),
      AddData(inputData, ["init_1", "getCount", 40.0]),
      CheckNewAnswer(["init_1", "getCount", 2.0]),

      // test remove
      AddData(inputData, ["k1", "remove", -1.0]),
      AddData(inputData, ["k1", "getOption", -1.0]),
      CheckNewAnswer(["k1", "getOption", -1.0]),

      AddData(inputData, ["init_1", "clearCount", -1.0]),
      AddData(inputData, ["init_1", "getCount", -1.0]),
      CheckNewAnswer(["init_1", "getCount", 0.0]),

      AddData(inputData, ["init_1", "clearList", -1.0]),
      AddData(inputData, ["init_1", "getList", -1.0]),
      CheckNewAnswer(),
    );
  });

  it("transformWithStateWithInitialState - correctness test, processInitialState should only run once", async () => {
    const inputData = initInputRows();
    await testStream(
      t,
      withInitialState(
        inputData,
        new AccumulateStatefulProcessorWithInitState(),
        initialDf(["init_1", 40.0], ["init_2", 100.0]),
      ),
      "update",
      AddData(inputData, ["init_1", "add", 50.0]),
      AddData(inputData, ["init_2", "add", 60.0]),
      AddData(inputData, ["init_1", "add", 50.0]),
      // If processInitialState was processed multiple times, following checks will fail
      AddData(inputData, ["init_1", "getOption", -1.0], ["init_2", "getOption", -1.0]),
      CheckNewAnswer(["init_2", "getOption", 160.0], ["init_1", "getOption", 140.0]),
    );
  });

  it("transformWithStateWithInitialState - cannot re-initialize state during initial state handling", async () => {
    const inputData = initInputRows();
    await testStream(
      t,
      withInitialState(
        inputData,
        new AccumulateStatefulProcessorWithInitState(),
        initialDf(["init_1", 40.0], ["init_2", 100.0], ["init_1", 50.0]),
      ),
      "update",
      AddData(inputData, ["k1", "add", 50.0]),
      ExpectFailure((e) => {
        const cause = (e as StreamingQueryException).cause as SparkError;
        expect(cause).toBeInstanceOf(SparkUnsupportedOperationException);
        expect(cause.getCondition()).toBe("STATEFUL_PROCESSOR_CANNOT_REINITIALIZE_STATE_ON_KEY");
        expect(cause.getSqlState()).toBe("42802");
        expect(cause.getMessageParameters()).toEqual({ groupingKey: "init_1" });
      }),
    );
  });

  it("transformWithStateWithInitialState - streaming with processing time timer, can emit expired initial state rows when grouping key is not received for new input rows", async () => {
    const initDf = t.spark.createDataFrame([["a"], ["b"]], "value STRING").groupBy("value");
    const inputData = new MemoryStream(t.spark, "value STRING");
    const result = inputData
      .toDF()
      .groupBy("value")
      .transformWithState(new StatefulProcessorWithInitialStateProcTimerClass(), {
        outputStructType: "_1 STRING, _2 STRING",
        timeMode: "ProcessingTime",
        outputMode: "update",
        initialState: initDf,
      });
    await testStream(
      t,
      result,
      "update",
      StartStream({ processingTime: "1 second" }),
      AddData(inputData, "c"),
      AdvanceManualClock(1 * 1000),
      // registered timer for "a" and "b" is 6000, first batch is processed at ts = 1000
      CheckNewAnswer(["c", "1"]),

      AddData(inputData, "c"),
      AdvanceManualClock(6 * 1000), // ts = 7000, "a" expires
      // "a" is never received for new input rows, but emit here because it expires
      CheckNewAnswer(["a", "-1"], ["c", "2"]),

      AddData(inputData, "a", "a"),
      AdvanceManualClock(1 * 1000), // ts = 8000, register timer for "a" as ts = 15500
      CheckNewAnswer(["a", "3"]),

      AddData(inputData, "b"),
      AdvanceManualClock(8 * 1000), // ts = 16000, timer for "a" expired
      CheckNewAnswer(["a", "-1"], ["b", "2"]), // initial state for "b" is also processed
      StopStream,
    );
  });

  it("transformWithStateWithInitialState - streaming with event time timer, can emit expired initial state rows when grouping key is not received for new input rows", async () => {
    const eventTimeDf = (df: DataFrame) =>
      df
        .select(col("_1").as("key"), timestamp_seconds(col("_2")).as("eventTime"))
        .withWatermark("eventTime", "10 seconds")
        .groupBy("key");
    const initDf = eventTimeDf(
      t.spark.createDataFrame(
        [
          ["a", 11],
          ["b", 5],
        ],
        "_1 STRING, _2 INT",
      ),
    );
    const inputData = new MemoryStream(t.spark, "_1 STRING, _2 INT");
    const result = eventTimeDf(inputData.toDF()).transformWithState(
      new StatefulProcessorWithInitialStateEventTimerClass(),
      {
        outputStructType: "_1 STRING, _2 INT",
        timeMode: "EventTime",
        outputMode: "update",
        initialState: initDf,
      },
    );
    await testStream(
      t,
      result,
      "update",
      StartStream(),
      AddData(inputData, ["a", 13], ["a", 15]),
      CheckNewAnswer(["a", 15]), // Output = max event time of a

      AddData(inputData, ["c", 7]), // Add data older than watermark for "a" and "b"
      CheckNewAnswer(["c", 7]),

      AddData(inputData, ["d", 31]), // Add data newer than watermark
      // "b" is never received for new input rows, but emit here because it expired
      CheckNewAnswer(["a", -1], ["b", -1], ["c", -1], ["d", 31]),
      StopStream,
    );
  });
});

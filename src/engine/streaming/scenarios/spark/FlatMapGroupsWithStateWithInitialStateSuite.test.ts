/**
 * Cases of Spark's FlatMapGroupsWithStateWithInitialStateSuite (sql/core/src/test/scala/org/apache/spark/sql/
 * streaming), each named as there, with Spark's inputs and expected answers. Spark's initial state
 * `Seq((key, RunningCount(n))).toDS().groupByKey(_._1).mapValues(_._2)` is a DataFrame of `_1 STRING,
 * _2 STRUCT<count BIGINT>` grouped by `_1` (its one other column is the state); the function's
 * `(key, valList, count.toString)` is a row of `_1 STRING, _2 ARRAY<STRING>, _3 STRING`. Spark runs some cases
 * under state formats 1 and 2 and with 1, 2 and 6 shuffle partitions; Sluice has one state format and does not
 * partition, so each runs once.
 *
 * Not ported, as they cannot apply to Sluice:
 * - "flatMapGroupsWithState - batch query and skipEmittingInitialStateKeys=true": Sluice has no
 *   spark.sql.streaming.flatMapGroupsWithState.skipEmittingInitialStateKeys; its default (false) is ported.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryStream } from "../../../sources/MemoryStream";
import type { Row } from "../../../sql/api/rows";
import { newTestSession, type TestSession } from "../../../testing/fixtures";
import {
  AddData,
  AdvanceManualClock,
  assertNumStateRows,
  CheckNewAnswer,
  ExpectFailure,
  StartStream,
  StopStream,
  testStream,
} from "../../../testing/testStream";
import type { GroupState } from "../../operators/GroupState";
import { ManualClock } from "../../runtime/ManualClock";

type RunningCount = { count: number | bigint };

/**
 * Spark's flatMapGroupsWithStateFunc: the key, its values and the count of the state, incremented for each value
 * (not saved for keys named "NoUpdate").
 */
const flatMapGroupsWithStateFunc = ([key]: unknown[], values: Row[], state: GroupState<RunningCount>) => {
  const valList = values.map((v) => v.value as string);
  // When the function is called on just the initial state make sure the other fields are set correctly
  if (valList.length === 0 && !state.exists) throw new Error("state.exists expected");
  if (!(state.getCurrentProcessingTimeMs() >= 0)) throw new Error("Could not get processing time");
  expect(() => state.getCurrentWatermarkMs()).toThrow();
  if (state.hasTimedOut) throw new Error("hasTimedOut expected false");
  const count = Number(state.getOption()?.count ?? 0) + valList.length;
  // We need to check if not explicitly calling update will still save the init state or not
  if (!(key as string).includes("NoUpdate")) state.update({ count });
  return [{ _1: key, _2: valList, _3: String(count) }];
};

const OUTPUT = "_1 STRING, _2 ARRAY<STRING>, _3 STRING";

describe("FlatMapGroupsWithStateWithInitialStateSuite", () => {
  let t: TestSession;
  let clock: ManualClock;
  beforeEach(async () => {
    clock = new ManualClock(0);
    t = await newTestSession(clock);
  });
  afterEach(() => t.cleanup());
  const strings = () => new MemoryStream(t.spark, "value STRING");
  /** Spark's `Seq((key, RunningCount(n)), ...).toDS().groupByKey(_._1).mapValues(_._2)`. */
  const initialStateOf = (...pairs: [string | null, number][]) =>
    t.spark
      .createDataFrame(
        pairs.map(([_1, count]) => ({ _1, _2: { count } })),
        "_1 STRING, _2 STRUCT<count: BIGINT>",
      )
      .groupBy("_1");

  it("flatMapGroupsWithState - initial state - all cases", async () => {
    const initialState = initialStateOf(
      ["keyInStateAndData-1", 1],
      ["keyInStateAndData-2", 2],
      ["keyNoUpdate", 2], // state.update will not be called
      ["keyOnlyInState-1", 1],
    );
    const inputData = strings();
    const result = inputData.toDF().groupBy("value").flatMapGroupsWithState(flatMapGroupsWithStateFunc, {
      outputStructType: OUTPUT,
      outputMode: "update",
      timeoutConf: "NoTimeout",
      initialState,
    });
    await testStream(
      t,
      result,
      "update",
      AddData(inputData, "keyOnlyInData", "keyInStateAndData-2"),
      CheckNewAnswer(
        ["keyOnlyInState-1", [], "1"],
        ["keyNoUpdate", [], "2"], // update will not be called
        ["keyInStateAndData-2", ["keyInStateAndData-2"], "3"], // inc by 1
        ["keyInStateAndData-1", [], "1"],
        ["keyOnlyInData", ["keyOnlyInData"], "1"], // inc by 1
      ),
      assertNumStateRows({ total: 5, updated: 4 }),
      // Stop and Start stream to make sure initial state doesn't get applied again.
      StopStream,
      StartStream(),
      AddData(inputData, "keyInStateAndData-1"),
      CheckNewAnswer(
        // state incremented by 1
        ["keyInStateAndData-1", ["keyInStateAndData-1"], "2"],
      ),
      assertNumStateRows({ total: 5, updated: 1 }),
      StopStream,
    );
  });

  it("flatMapGroupsWithState - initial state - case class key", async () => {
    // Spark's key is a User(name, id): here the two grouping columns, the state a BIGINT.
    const stateFunc = ([name, id]: unknown[], values: Row[], state: GroupState<number | bigint>) => {
      const valList = values.map((v) => v.name as string);
      // When the function is called on just the initial state make sure the other fields are set correctly
      if (valList.length === 0 && !state.exists) throw new Error("state.exists expected");
      if (!(state.getCurrentProcessingTimeMs() >= 0)) throw new Error("Could not get processing time");
      expect(() => state.getCurrentWatermarkMs()).toThrow();
      if (state.hasTimedOut) throw new Error("hasTimedOut expected false");
      const count = Number(state.getOption() ?? 0) + valList.length;
      // We need to check if not explicitly calling update will still save the state or not
      if (!(name as string).includes("NoUpdate")) state.update(count);
      return [{ _1: { name, id }, _2: valList, _3: String(count) }];
    };
    const ds = t.spark
      .createDataFrame(
        [
          { name: "keyInStateAndData", id: "1", state: 1 },
          { name: "keyOnlyInState", id: "1", state: 1 },
          { name: "keyNoUpdate", id: "2", state: 2 }, // state.update will not be called on this in the function
        ],
        "name STRING, id STRING, state BIGINT",
      )
      .groupBy("name", "id");
    const inputData = new MemoryStream(t.spark, "name STRING, id STRING");
    const result = inputData.toDF().groupBy("name", "id").flatMapGroupsWithState(stateFunc, {
      outputStructType: "_1 STRUCT<name: STRING, id: STRING>, _2 ARRAY<STRING>, _3 STRING",
      outputMode: "update",
      timeoutConf: "NoTimeout",
      initialState: ds,
    });
    await testStream(
      t,
      result,
      "update",
      AddData(inputData, ["keyInStateAndData", "1"], ["keyOnlyInData", "1"]),
      CheckNewAnswer(
        [{ name: "keyInStateAndData", id: "1" }, ["keyInStateAndData"], "2"],
        [{ name: "keyOnlyInState", id: "1" }, [], "1"],
        [{ name: "keyNoUpdate", id: "2" }, [], "2"],
        [{ name: "keyOnlyInData", id: "1" }, ["keyOnlyInData"], "1"],
      ),
      assertNumStateRows({ total: 4, updated: 3 }), // (keyOnlyInState, 2) does not call update()
      // Stop and Start stream to make sure initial state doesn't get applied again.
      StopStream,
      StartStream(),
      AddData(inputData, ["keyOnlyInData", "1"]),
      CheckNewAnswer([{ name: "keyOnlyInData", id: "1" }, ["keyOnlyInData"], "2"]),
      assertNumStateRows({ total: 4, updated: 1 }),
      StopStream,
    );
  });

  it("flatMapGroupsWithState - initial state - duplicate keys", async () => {
    const initialState = initialStateOf(["a", 2], ["a", 1]);
    const inputData = strings();
    const result = inputData.toDF().groupBy("value").flatMapGroupsWithState(flatMapGroupsWithStateFunc, {
      outputStructType: OUTPUT,
      outputMode: "update",
      timeoutConf: "NoTimeout",
      initialState,
    });
    await testStream(
      t,
      result,
      "update",
      AddData(inputData, "a"),
      ExpectFailure((e) => {
        expect((e as Error & { cause?: Error }).cause?.message).toContain(
          "The initial state provided contained multiple rows(state) with the same key",
        );
      }),
    );
  });

  it("flatMapGroupsWithState - initial state - streaming initial state", async () => {
    const initialStateData = new MemoryStream(t.spark, "_1 STRING, _2 STRUCT<count: BIGINT>");
    initialStateData.addData([{ _1: "a", _2: { count: 1 } }]);
    const inputData = strings();
    const result = inputData
      .toDF()
      .groupBy("value")
      .flatMapGroupsWithState(flatMapGroupsWithStateFunc, {
        outputStructType: OUTPUT,
        outputMode: "update",
        timeoutConf: "NoTimeout",
        initialState: initialStateData.toDF().groupBy("_1"),
      });
    await expect(
      result.writeStream
        .format("console")
        .option("checkpointLocation", "/checkpoints/streaming-init")
        .start(),
    ).rejects.toThrow(
      "Non-streaming DataFrame/Dataset is not supported as the initial state in [flatMap|map]GroupsWithState operation on a streaming DataFrame/Dataset",
    );
  });

  it("mapGroupsWithState - initial state - null key", async () => {
    const mapGroupsWithStateFunc = ([key]: unknown[], values: Row[], state: GroupState<RunningCount>) => {
      const count = Number(state.getOption()?.count ?? 0) + values.length;
      state.update({ count });
      return { _1: key, _2: String(state.get().count) };
    };
    const initialState = initialStateOf(["key", 5], [null, 2]);
    const inputData = strings();
    const result = inputData.toDF().groupBy("value").mapGroupsWithState(mapGroupsWithStateFunc, {
      outputStructType: "_1 STRING, _2 STRING",
      timeoutConf: "NoTimeout",
      initialState,
    });
    await testStream(
      t,
      result,
      "update",
      AddData(inputData, "key", null),
      CheckNewAnswer(
        ["key", "6"], // state is incremented by 1
        [null, "3"], // incremented by 1
      ),
      assertNumStateRows({ total: 2, updated: 2 }),
      StopStream,
    );
  });

  it("flatMapGroupsWithState - initial state - processing time timeout", async () => {
    // function will return -1 on timeout and returns count of the state otherwise
    const stateFunc = ([key]: unknown[], values: Row[], state: GroupState<RunningCount>) => {
      if (state.hasTimedOut) {
        state.remove();
        return [{ _1: key, _2: "-1" }];
      }
      const count = Number(state.getOption()?.count ?? 0) + values.length;
      state.update({ count });
      state.setTimeoutDuration("10 seconds");
      return [{ _1: key, _2: String(count) }];
    };
    const inputData = new MemoryStream(t.spark, "_1 STRING, _2 BIGINT");
    const initialState = initialStateOf(["c", 2]);
    const result = inputData
      .toDF()
      .toDF("key", "time")
      .selectExpr("key", "timestamp_seconds(time) as timestamp")
      .withWatermark("timestamp", "10 second")
      .groupBy("key")
      .flatMapGroupsWithState(stateFunc, {
        outputStructType: "_1 STRING, _2 STRING",
        outputMode: "update",
        timeoutConf: "ProcessingTimeTimeout",
        initialState,
      });
    await testStream(
      t,
      result,
      "update",
      StartStream({ processingTime: "1 second" }),
      AddData(inputData, ["a", 1]),
      AdvanceManualClock(1 * 1000), // a and c are processed here for the first time.
      CheckNewAnswer(["a", "1"], ["c", "2"]),
      AdvanceManualClock(10 * 1000),
      AddData(inputData, ["b", 1]), // this will trigger c and a to get timed out
      AdvanceManualClock(1 * 1000),
      CheckNewAnswer(["a", "-1"], ["b", "1"], ["c", "-1"]),
    );
  });

  for (const timeout of ["NoTimeout", "EventTimeTimeout", "ProcessingTimeTimeout"]) {
    it(`flatMapGroupsWithState - initial state - batch mode - timeout ${timeout}`, async () => {
      const initialState = initialStateOf(
        [`keyInStateAndData-1-${timeout}`, 1],
        ["keyInStateAndData-2", 2],
        ["keyNoUpdate", 2], // state.update will not be called
        ["keyOnlyInState-1", 1],
      );
      const result = t.spark
        .createDataFrame([["keyOnlyInData"], ["keyInStateAndData-2"]], "value STRING")
        .groupBy("value")
        .flatMapGroupsWithState(flatMapGroupsWithStateFunc, {
          outputStructType: OUTPUT,
          outputMode: "update",
          timeoutConf: timeout,
          initialState,
        });
      const rows = await result.collect();
      expect(rows.map((r) => [r._1, r._2, r._3]).sort()).toEqual(
        [
          ["keyOnlyInState-1", [], "1"],
          ["keyNoUpdate", [], "2"], // update will not be called
          ["keyInStateAndData-2", ["keyInStateAndData-2"], "3"], // inc by 1
          [`keyInStateAndData-1-${timeout}`, [], "1"],
          ["keyOnlyInData", ["keyOnlyInData"], "1"], // inc by 1
        ].sort(),
      );
    });
  }

  it("flatMapGroupsWithState - initial state - batch mode - duplicate state", async () => {
    const initialState = initialStateOf(["a", 1], ["a", 2]);
    const result = t.spark
      .createDataFrame([["a"], ["b"]], "value STRING")
      .groupBy("value")
      .flatMapGroupsWithState(flatMapGroupsWithStateFunc, {
        outputStructType: OUTPUT,
        outputMode: "update",
        timeoutConf: "NoTimeout",
        initialState,
      });
    await expect(result.show()).rejects.toThrow(
      "The initial state provided contained multiple rows(state) with the same key." +
        " Make sure to de-duplicate the initial state before passing it.",
    );
  });

  it("flatMapGroupsWithState - initial state - initial state has flatMapGroupsWithState", async () => {
    // The initial state is itself a batch mapGroupsWithState: (key, values.next()) per key.
    const initialState = initialStateOf(["keyInStateAndData", 1])
      .mapGroupsWithState(([key]: unknown[], values: Row[]) => ({ _1: key, _2: values[0]._2 }), {
        outputStructType: "_1 STRING, _2 STRUCT<count: BIGINT>",
        timeoutConf: "NoTimeout",
      })
      .groupBy("_1");
    const inputData = strings();
    const result = inputData.toDF().groupBy("value").flatMapGroupsWithState(flatMapGroupsWithStateFunc, {
      outputStructType: OUTPUT,
      outputMode: "update",
      timeoutConf: "NoTimeout",
      initialState,
    });
    await testStream(
      t,
      result,
      "update",
      AddData(inputData, "keyInStateAndData"),
      CheckNewAnswer(["keyInStateAndData", ["keyInStateAndData"], "2"]),
      StopStream,
    );
  });

  it("flatMapGroupsWithState - batch query and skipEmittingInitialStateKeys=false", async () => {
    const initialState = t.spark
      .createDataFrame(
        [
          ["apple", 1],
          ["orange", 2],
        ],
        "_1 STRING, _2 BIGINT",
      )
      .groupBy("_1");
    const fruitCountFunc = ([key]: unknown[], values: Row[], state: GroupState<number | bigint>) => {
      const count = Number(state.getOption() ?? 0) + values.length;
      state.update(count);
      return [{ _1: key, _2: count }];
    };
    const result = t.spark
      .createDataFrame([["orange"], ["mango"]], "value STRING")
      .groupBy("value")
      .flatMapGroupsWithState(fruitCountFunc, {
        outputStructType: "_1 STRING, _2 BIGINT",
        outputMode: "update",
        timeoutConf: "NoTimeout",
        initialState,
      });
    const rows = await result.collect();
    expect(rows.map((r) => [r._1, Number(r._2)]).sort()).toEqual(
      [
        ["apple", 1],
        ["orange", 3],
        ["mango", 1],
      ].sort(),
    );
  });
});

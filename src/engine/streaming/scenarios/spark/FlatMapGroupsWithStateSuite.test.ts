/**
 * Cases of Spark's FlatMapGroupsWithStateSuite (sql/core/src/test/scala/org/apache/spark/sql/streaming), each
 * named as there, with Spark's inputs and expected answers. Spark's `MemoryStream[String].toDS().groupByKey(x => x)`
 * is `groupBy("value")` over a one-column stream; the function's `(key, count.toString)` tuples are rows of
 * `_1 STRING, _2 STRING`; `RunningCount(count)` is the state `{ count }`. Spark's `testWithAllStateVersions` runs
 * a case under state formats 1 and 2; Sluice has one state format, so each such case runs once. The GroupState
 * cases once in this suite are in GroupStateSuite.test.ts, as Spark has moved them.
 *
 * Not ported, as they cannot apply to Sluice:
 * - "InputProcessor - process new data - ..." and "InputProcessor - process timed out state - ...": they drive
 *   FlatMapGroupsWithStateExec's internal InputProcessor over a MemoryStateStore. What they check through the
 *   public API (a timeout holds for the call that sets it only; a removed state with a timeout keeps its timeout;
 *   a timed-out group is called without rows) is in the streaming cases below.
 * - "flatMapGroupsWithState - uses state format version 2 by default" and "... recovery from checkpoint uses state
 *   format version 1": they inspect the physical plan's stateFormatVersion and restart from a checkpoint Spark
 *   2.3.1's JVM wrote; Sluice has one state format.
 * - "output partitioning is unknown": the physical plan's outputPartitioning; Sluice does not partition.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IllegalArgumentException, UnsupportedOperationException } from "../../../errors/exceptions";
import { MemoryStream } from "../../../sources/MemoryStream";
import { col, timestamp_seconds } from "../../../sql/api/functions";
import type { Row } from "../../../sql/api/rows";
import { newTestSession, type TestSession } from "../../../testing/fixtures";
import {
  AddData,
  AdvanceManualClock,
  AssertOnQuery,
  assertNumStateRows,
  CheckNewAnswer,
  StartStream,
  StopStream,
  testStream,
} from "../../../testing/testStream";
import type { GroupState } from "../../operators/GroupState";
import { ManualClock } from "../../runtime/ManualClock";

type RunningCount = { count: number };

/** Spark's assertCannotGetWatermark: getCurrentWatermarkMs must throw UnsupportedOperationException. */
function assertCannotGetWatermark(state: GroupState<unknown>): void {
  try {
    state.getCurrentWatermarkMs();
  } catch (error) {
    if (error instanceof UnsupportedOperationException) return;
    throw new Error("Unexpected exception when trying to get watermark");
  }
  throw new Error("Could get watermark when not expected");
}

describe("FlatMapGroupsWithStateSuite", () => {
  let t: TestSession;
  let clock: ManualClock;
  beforeEach(async () => {
    clock = new ManualClock(0);
    t = await newTestSession(clock);
  });
  afterEach(() => t.cleanup());
  const strings = () => new MemoryStream(t.spark, "value STRING");

  /**
   * Spark's running count up to 2, then removed: returns the key and count while the state is defined, nothing
   * when it is removed.
   */
  const countUpToTwo = ([key]: unknown[], values: Row[], state: GroupState<RunningCount>) => {
    if (!(state.getCurrentProcessingTimeMs() >= 0)) throw new Error("Could not get processing time");
    assertCannotGetWatermark(state);
    const count = (state.getOption()?.count ?? 0) + values.length;
    if (count === 3) {
      state.remove();
      return [];
    }
    state.update({ count });
    return [{ _1: key, _2: String(count) }];
  };

  it("flatMapGroupsWithState - streaming", async () => {
    const inputData = strings();
    const result = inputData.toDF().groupBy("value").flatMapGroupsWithState(countUpToTwo, {
      outputStructType: "_1 STRING, _2 STRING",
      outputMode: "update",
      timeoutConf: "NoTimeout",
    });
    await testStream(
      t,
      result,
      "update",
      AddData(inputData, "a"),
      CheckNewAnswer(["a", "1"]),
      assertNumStateRows({ total: 1, updated: 1 }),
      AddData(inputData, "a", "b"),
      CheckNewAnswer(["a", "2"], ["b", "1"]),
      assertNumStateRows({ total: 2, updated: 2 }),
      StopStream,
      StartStream(),
      AddData(inputData, "a", "b"), // should remove state for "a" and not return anything for a
      CheckNewAnswer(["b", "2"]),
      // Spark's FlatMapGroupsWithStateExec counts the removal of "a" in numRowsRemoved, the update of "b" here.
      assertNumStateRows({ total: 1, updated: 1, removed: 1 }),
      StopStream,
      StartStream(),
      AddData(inputData, "a", "c"), // should recreate state for "a" and return count as 1 and
      CheckNewAnswer(["a", "1"], ["c", "1"]),
      assertNumStateRows({ total: 3, updated: 2 }),
    );
  });

  it("flatMapGroupsWithState - streaming + func returns iterator that updates state lazily", async () => {
    // The state is updated as the returned iterator is consumed: a generator.
    function* stateFunc([key]: unknown[], values: Row[], state: GroupState<RunningCount>) {
      for (const _ of values) {
        const count = (state.getOption()?.count ?? 0) + 1;
        if (count === 3) {
          state.remove();
        } else {
          state.update({ count });
          yield { _1: key, _2: String(count) };
        }
      }
    }
    const inputData = strings();
    const result = inputData.toDF().groupBy("value").flatMapGroupsWithState(stateFunc, {
      outputStructType: "_1 STRING, _2 STRING",
      outputMode: "update",
      timeoutConf: "NoTimeout",
    });
    await testStream(
      t,
      result,
      "update",
      AddData(inputData, "a", "a", "b"),
      CheckNewAnswer(["a", "1"], ["a", "2"], ["b", "1"]),
      StopStream,
      StartStream(),
      AddData(inputData, "a", "b"), // should remove state for "a" and not return anything for a
      CheckNewAnswer(["b", "2"]),
      StopStream,
      StartStream(),
      AddData(inputData, "a", "c"), // should recreate state for "a" and return count as 1 and
      CheckNewAnswer(["a", "1"], ["c", "1"]),
    );
  });

  it("flatMapGroupsWithState - streaming + aggregation", async () => {
    // Running count up to 2, then removed: the count, or -1 where it reached 3 and the state was just removed.
    const stateFunc = ([key]: unknown[], values: Row[], state: GroupState<RunningCount>) => {
      const count = (state.getOption()?.count ?? 0) + values.length;
      if (count === 3) {
        state.remove();
        return [{ _1: key, _2: "-1" }];
      }
      state.update({ count });
      return [{ _1: key, _2: String(count) }];
    };
    const inputData = strings();
    const result = inputData
      .toDF()
      .groupBy("value")
      .flatMapGroupsWithState(stateFunc, {
        outputStructType: "_1 STRING, _2 STRING",
        outputMode: "append",
        timeoutConf: "NoTimeout",
      })
      .groupBy("_1")
      .count();
    await testStream(
      t,
      result,
      "complete",
      AddData(inputData, "a"),
      CheckNewAnswer(["a", 1]),
      AddData(inputData, "a", "b"),
      // mapGroups generates ("a", "2"), ("b", "1"); so increases counts of a and b by 1
      CheckNewAnswer(["a", 2], ["b", 1]),
      StopStream,
      StartStream(),
      AddData(inputData, "a", "b"),
      // mapGroups should remove state for "a" and generate ("a", "-1"), ("b", "2") ; so increment a and b by 1
      CheckNewAnswer(["a", 3], ["b", 2]),
      StopStream,
      StartStream(),
      AddData(inputData, "a", "c"),
      // mapGroups should recreate state for "a" and generate ("a", "1"), ("c", "1") ; so increment a and c by 1
      CheckNewAnswer(["a", 4], ["b", 2], ["c", 1]),
    );
  });

  it("flatMapGroupsWithState - streaming with processing time timeout", async () => {
    // The count as state, with a processing-time timeout of 10 seconds: the count if changed, -1 on timeout.
    const stateFunc = ([key]: unknown[], values: Row[], state: GroupState<RunningCount>) => {
      if (!(state.getCurrentProcessingTimeMs() >= 0)) throw new Error("Could not get processing time");
      assertCannotGetWatermark(state);
      if (state.hasTimedOut) {
        state.remove();
        return [{ _1: key, _2: "-1" }];
      }
      const count = (state.getOption()?.count ?? 0) + values.length;
      state.update({ count });
      state.setTimeoutDuration("10 seconds");
      return [{ _1: key, _2: String(count) }];
    };
    const inputData = strings();
    const result = inputData.toDF().groupBy("value").flatMapGroupsWithState(stateFunc, {
      outputStructType: "_1 STRING, _2 STRING",
      outputMode: "update",
      timeoutConf: "ProcessingTimeTimeout",
    });
    await testStream(
      t,
      result,
      "update",
      StartStream({ processingTime: "1 second" }),
      AddData(inputData, "a"),
      AdvanceManualClock(1 * 1000),
      CheckNewAnswer(["a", "1"]),
      assertNumStateRows({ total: 1, updated: 1 }),

      AddData(inputData, "b"),
      AdvanceManualClock(1 * 1000),
      CheckNewAnswer(["b", "1"]),
      assertNumStateRows({ total: 2, updated: 1 }),

      AddData(inputData, "b"),
      AdvanceManualClock(10 * 1000),
      CheckNewAnswer(["a", "-1"], ["b", "2"]),
      assertNumStateRows({ total: 1, updated: 1, removed: 1 }),

      StopStream,
      StartStream({ processingTime: "1 second" }),

      AddData(inputData, "c"),
      AdvanceManualClock(11 * 1000),
      CheckNewAnswer(["b", "-1"], ["c", "1"]),
      assertNumStateRows({ total: 1, updated: 1, removed: 1 }),

      AdvanceManualClock(12 * 1000),
      AssertOnQuery(() => clock.getTimeMillis() === 35000),
      AssertOnQuery((q) => q.lastProgress?.timestamp === "1970-01-01T00:00:35.000Z"),
      CheckNewAnswer(["c", "-1"]),
      assertNumStateRows({ total: 0, updated: 0, removed: 1 }),
    );
  });

  it("flatMapGroupsWithState - streaming w/ event time timeout + watermark", async () => {
    // The max event time as state, timing out 5 seconds after it: the max event time, or -1 on timeout.
    const stateFunc = ([key]: unknown[], values: Row[], state: GroupState<number>) => {
      if (!(state.getCurrentProcessingTimeMs() >= 0)) throw new Error("Could not get processing time");
      if (!(state.getCurrentWatermarkMs() >= -1)) throw new Error("Could not get watermark");
      const timeoutDelaySec = 5;
      if (state.hasTimedOut) {
        state.remove();
        return [{ key, maxEventTime: -1 }];
      }
      const seconds = values.map((v) => (v.eventTime as Date).getTime() / 1000);
      const maxEventTimeSec = Math.max(...seconds, state.getOption() ?? 0);
      state.update(maxEventTimeSec);
      state.setTimeoutTimestamp((maxEventTimeSec + timeoutDelaySec) * 1000);
      return [{ key, maxEventTime: maxEventTimeSec }];
    };
    const inputData = new MemoryStream(t.spark, "_1 STRING, _2 INT");
    const result = inputData
      .toDF()
      .select(col("_1").as("key"), timestamp_seconds(col("_2")).as("eventTime"))
      .withWatermark("eventTime", "10 seconds")
      .groupBy("key")
      .flatMapGroupsWithState(stateFunc, {
        outputStructType: "key STRING, maxEventTime INT",
        outputMode: "update",
        timeoutConf: "EventTimeTimeout",
      });
    await testStream(
      t,
      result,
      "update",
      StartStream(),
      AddData(inputData, ["a", 11], ["a", 13], ["a", 15]),
      // Max event time = 15. Timeout timestamp for "a" = 15 + 5 = 20. Watermark = 15 - 10 = 5.
      CheckNewAnswer(["a", 15]), // Output = max event time of a
      AddData(inputData, ["a", 4]), // Add data older than watermark for "a"
      CheckNewAnswer(), // No output as data should get filtered by watermark
      AddData(inputData, ["a", 10]), // Add data newer than watermark for "a"
      CheckNewAnswer(["a", 15]), // Max event time is still the same
      // Timeout timestamp for "a" is still 20 as max event time for "a" is still 15.
      // Watermark is still 5 as max event time for all data is still 15.
      AddData(inputData, ["b", 31]), // Add data newer than watermark for "b", not "a"
      // Watermark = 31 - 10 = 21, so "a" should be timed out as timeout timestamp for "a" is 20.
      CheckNewAnswer(["a", -1], ["b", 31]), // State for "a" should timeout and emit -1
    );
  });

  it("disallow complete mode", () => {
    const stateFunc = () => [];
    const e = (() => {
      try {
        strings().toDF().groupBy("value").flatMapGroupsWithState(stateFunc, {
          outputStructType: "value STRING",
          outputMode: "complete",
          timeoutConf: "NoTimeout",
        });
      } catch (error) {
        return error as Error;
      }
      throw new Error("expected complete mode to be refused");
    })();
    expect(e).toBeInstanceOf(IllegalArgumentException);
    expect(e.message).toBe("The output mode of function should be append or update");
  });

  for (const timeoutConf of ["NoTimeout", "ProcessingTimeTimeout"] as const) {
    it(`SPARK-20714: watermark does not fail query when timeout = ${timeoutConf}`, async () => {
      // Running count, with a processing-time timeout of 10 seconds: the count, or -1 on timeout.
      const stateFunc = ([key]: unknown[], values: Row[], state: GroupState<RunningCount>) => {
        if (state.hasTimedOut) {
          state.remove();
          return [{ _1: key, _2: "-1" }];
        }
        const count = (state.getOption()?.count ?? 0) + values.length;
        state.update({ count });
        state.setTimeoutDuration("10 seconds");
        return [{ _1: key, _2: String(count) }];
      };
      const inputData = new MemoryStream(t.spark, "_1 STRING, _2 BIGINT");
      const result = inputData
        .toDF()
        .toDF("key", "time")
        .selectExpr("key", "timestamp_seconds(time) as timestamp")
        .withWatermark("timestamp", "10 second")
        .groupBy("key")
        .flatMapGroupsWithState(stateFunc, {
          outputStructType: "_1 STRING, _2 STRING",
          outputMode: "update",
          // Spark's case passes ProcessingTimeTimeout to the operator under both names of the test.
          timeoutConf: "ProcessingTimeTimeout",
        });
      await testStream(
        t,
        result,
        "update",
        StartStream({ processingTime: "1 second" }),
        AddData(inputData, ["a", 1]),
        AdvanceManualClock(1 * 1000),
        CheckNewAnswer(["a", "1"]),
      );
    });
  }

  it("flatMapGroupsWithState - batch", async () => {
    // Spark's GroupStateImpl.createForBatch takes System.currentTimeMillis: here the session's clock, set past 0.
    clock.setTime(1_000);
    const stateFunc = ([key]: unknown[], values: Row[], state: GroupState<RunningCount>) => {
      if (!(state.getCurrentProcessingTimeMs() > 0)) throw new Error("Could not get processing time");
      assertCannotGetWatermark(state);
      if (state.exists) throw new IllegalArgumentException("state.exists should be false");
      return [{ _1: key, _2: values.length }];
    };
    const df = t.spark
      .createDataFrame([["a"], ["a"], ["b"]], "value STRING")
      .groupBy("value")
      .flatMapGroupsWithState(stateFunc, {
        outputStructType: "_1 STRING, _2 INT",
        outputMode: "update",
        timeoutConf: "NoTimeout",
      });
    expect(df.isStreaming).toBe(false);
    const rows = await df.collect();
    expect(rows.map((r) => [r._1, r._2]).sort()).toEqual([
      ["a", 2],
      ["b", 1],
    ]);
  });
});

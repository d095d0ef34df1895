/**
 * The mapGroupsWithState cases of Spark's streaming suites (sql/core/src/test/scala/org/apache/spark/sql/streaming):
 * those of FlatMapGroupsWithStateSuite named "mapGroupsWithState - ..." and the cases of MapGroupsWithStateSuite
 * (the suite's name before Spark 2.2 renamed it FlatMapGroupsWithStateSuite), each named as there, with Spark's
 * inputs and expected answers. `MemoryStream[String].toDS().groupByKey(x => x)` is `groupBy("value")` over a
 * one-column stream; the function's `(key, count.toString)` is a row of `_1 STRING, _2 STRING`.
 *
 * Not ported, as they cannot apply to Sluice:
 * - "mapGroupsWithState - streaming + aggregation" as MapGroupsWithStateSuite had it (the counts of complete mode):
 *   since Spark 2.2 UnsupportedOperationChecker refuses mapGroupsWithState with an aggregation in the query, as the
 *   case below checks.
 * - "KeyedState - get, exists, update, remove" and "KeyedState - primitive type": KeyedState is GroupState's name
 *   before Spark 2.2; GroupStateSuite.test.ts ports the same cases on GroupState.
 * - "output partitioning is unknown": the physical plan's outputPartitioning; Sluice does not partition.
 * - The half of "SPARK-29438: ensure UNION doesn't lead (flat)MapGroupsWithState to use shifted partition IDs" that
 *   restarts with another number of partitions for the union's other side: Sluice does not partition; the answers
 *   across the restart are checked below.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  IllegalArgumentException,
  type SparkException,
  UnsupportedOperationException,
} from "../../../errors/exceptions";
import { MemoryStream } from "../../../sources/MemoryStream";
import { col } from "../../../sql/api/functions";
import type { Row } from "../../../sql/api/rows";
import { newTestSession, type TestSession } from "../../../testing/fixtures";
import {
  AddData,
  AssertOnQuery,
  assertNumStateRows,
  CheckLastBatch,
  CheckNewAnswer,
  ExpectFailure,
  StartStream,
  StopStream,
  testStream,
} from "../../../testing/testStream";
import type { GroupState } from "../../operators/GroupState";

type RunningCount = { count: number };

/** Spark's running count up to 2, then removed: the key and count, or -1 where the state was just removed. */
const countUpToTwo = ([key]: unknown[], values: Row[], state: GroupState<RunningCount>) => {
  if (!(state.getCurrentProcessingTimeMs() >= 0)) throw new Error("Could not get processing time");
  const count = (state.getOption()?.count ?? 0) + values.length;
  if (count === 3) {
    state.remove();
    return { _1: key, _2: "-1" };
  }
  state.update({ count });
  return { _1: key, _2: String(count) };
};

describe("MapGroupsWithStateSuite", () => {
  let t: TestSession;
  beforeEach(async () => {
    t = await newTestSession();
  });
  afterEach(() => t.cleanup());
  const strings = () => new MemoryStream(t.spark, "value STRING");

  it("mapGroupsWithState - streaming", async () => {
    const inputData = strings();
    const result = inputData
      .toDF()
      .groupBy("value")
      .mapGroupsWithState(countUpToTwo, { outputStructType: "_1 STRING, _2 STRING" });
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
      AddData(inputData, "a", "b"), // should remove state for "a" and return count as -1
      CheckNewAnswer(["a", "-1"], ["b", "2"]),
      // Spark's FlatMapGroupsWithStateExec counts the removal of "a" in numRowsRemoved, the update of "b" here.
      assertNumStateRows({ total: 1, updated: 1, removed: 1 }),
      StopStream,
      StartStream(),
      AddData(inputData, "a", "c"), // should recreate state for "a" and return count as 1
      CheckNewAnswer(["a", "1"], ["c", "1"]),
      assertNumStateRows({ total: 3, updated: 2 }),
    );
  });

  it("mapGroupsWithState - streaming + aggregation: refused, as UnsupportedOperationChecker refuses it", async () => {
    const inputData = strings();
    const result = inputData
      .toDF()
      .groupBy("value")
      .mapGroupsWithState(countUpToTwo, { outputStructType: "_1 STRING, _2 STRING" })
      .groupBy("_1")
      .count();
    for (const mode of ["complete", "update"]) {
      await expect(
        result.writeStream
          .outputMode(mode)
          .format("noop")
          .option("checkpointLocation", `/checkpoints/agg-${mode}`)
          .start(),
      ).rejects.toThrow(
        "mapGroupsWithState is not supported with aggregation on a streaming DataFrame/Dataset",
      );
    }
  });

  it("SPARK-29438: ensure UNION doesn't lead (flat)MapGroupsWithState to use shifted partition IDs", async () => {
    const stateFunc = ([key]: unknown[], values: Row[], state: GroupState<RunningCount>) => {
      const count = (state.getOption()?.count ?? 0) + values.length;
      state.update({ count });
      return { _1: key, _2: String(count) };
    };
    const constructUnionDf = () => {
      const input1 = strings();
      const input2 = strings();
      const df1 = input1.toDF().select(col("value"), col("value"));
      const df2 = input2
        .toDF()
        .groupBy("value")
        .mapGroupsWithState(stateFunc, { outputStructType: "_1 STRING, _2 STRING" });
      return { input1, input2, unionDf: df1.union(df2) };
    };
    const checkpointLocation = "/checkpoints/spark-29438";

    const first = constructUnionDf();
    await testStream(
      t,
      first.unionDf,
      "update",
      StartStream({}, checkpointLocation),
      AddData(first.input1, "input1-a"),
      AddData(first.input2, "input2-a"),
      CheckNewAnswer(["input1-a", "input1-a"], ["input2-a", "1"]),
      StopStream,
    );

    // New streams on the same checkpoint: their first rows sit at the offsets batch 0 already read.
    const second = constructUnionDf();
    second.input1.addData([["input1-a"]]);
    second.input2.addData([["input2-a"]]);
    await testStream(
      t,
      second.unionDf,
      "update",
      StartStream({}, checkpointLocation),
      AddData(second.input1, "input1-a"),
      AddData(second.input2, "input2-a", "input2-b"),
      CheckNewAnswer(["input1-a", "input1-a"], ["input2-a", "2"], ["input2-b", "1"]),
    );
  });

  it("StateStore.abort on task failure handling", async () => {
    let failInTask = false;
    const stateFunc = ([key]: unknown[], values: Row[], state: GroupState<RunningCount>) => {
      if (failInTask) throw new Error("expected failure");
      const count = (state.getOption()?.count ?? 0) + values.length;
      state.update({ count });
      return { key, count };
    };
    const inputData = strings();
    const result = inputData
      .toDF()
      .groupBy("value")
      .mapGroupsWithState(stateFunc, { outputStructType: "key STRING, count BIGINT" });
    const setFailInTask = (value: boolean) =>
      AssertOnQuery(() => {
        failInTask = value;
        return true;
      });
    await testStream(
      t,
      result,
      "update",
      setFailInTask(false),
      AddData(inputData, "a"),
      CheckNewAnswer(["a", 1]),
      AddData(inputData, "a"),
      CheckNewAnswer(["a", 2]),
      setFailInTask(true),
      AddData(inputData, "a"),
      // task should fail but should not increment count
      ExpectFailure((e) => {
        const cause = (e as Error & { cause?: SparkException }).cause;
        expect(cause?.getCondition()).toBe("FLATMAPGROUPSWITHSTATE_USER_FUNCTION_ERROR");
        expect(cause?.getMessageParameters()).toEqual({ reason: "expected failure" });
      }),
      setFailInTask(false),
      StartStream(),
      CheckLastBatch(["a", 3]), // task should not fail, and should show correct count
    );
  });

  it("mapGroupsWithState - batch", async () => {
    // Test the following
    // - no initial state
    // - timeouts operations work, does not throw any error [SPARK-20792]
    // - works with primitive state type
    // - can get processing time
    const stateFunc = ([key]: unknown[], values: Row[], state: GroupState<number>) => {
      if (!(state.getCurrentProcessingTimeMs() > 0)) throw new Error("Could not get processing time");
      expect(() => state.getCurrentWatermarkMs()).toThrow(UnsupportedOperationException);
      if (state.exists) throw new IllegalArgumentException("state.exists should be false");
      state.setTimeoutTimestamp(0, "1 hour");
      state.update(10);
      return { _1: key, _2: values.length };
    };
    const df = t.spark
      .createDataFrame([["a"], ["a"], ["b"]], "value STRING")
      .groupBy("value")
      .mapGroupsWithState(stateFunc, {
        outputStructType: "_1 STRING, _2 INT",
        timeoutConf: "EventTimeTimeout",
      });
    const rows = await df.collect();
    expect(rows.map((r) => [r._1, r._2]).sort()).toEqual([
      ["a", 2],
      ["b", 1],
    ]);
  });

  it("mapGroupsWithState - batch: the function's error as it threw it, and the state is kept nowhere", async () => {
    // Spark's MapGroupsExec calls the function directly (FlatMapGroupsWithStateExec.generateSparkPlanForBatchQueries):
    // no FLATMAPGROUPSWITHSTATE_USER_FUNCTION_ERROR, and a second run of the same DataFrame starts from no state.
    const df = t.spark
      .createDataFrame([["a"], ["b"]], "value STRING")
      .groupBy("value")
      .mapGroupsWithState(countUpToTwo, { outputStructType: "_1 STRING, _2 STRING" });
    const answer = async () => (await df.collect()).map((r) => [r._1, r._2]).sort();
    expect(await answer()).toEqual([
      ["a", "1"],
      ["b", "1"],
    ]);
    expect(await answer()).toEqual([
      ["a", "1"],
      ["b", "1"],
    ]);
    const failing = t.spark
      .createDataFrame([["a"]], "value STRING")
      .groupBy("value")
      .mapGroupsWithState(
        () => {
          throw new Error("expected failure");
        },
        { outputStructType: "_1 STRING, _2 STRING" },
      );
    await expect(failing.collect()).rejects.toThrow("expected failure");
  });
});

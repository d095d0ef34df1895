/**
 * Cases of Spark's TransformWithListStateSuite (sql/core/src/test/scala/org/apache/spark/sql/streaming), each named
 * as there, with Spark's inputs, processors (TestProcessors.ts) and expected answers. Spark's `InputRow` stream is a
 * MemoryStream of `key STRING, action STRING, value STRING`.
 *
 * Not ported: none; every case of the suite applies.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type SparkError,
  SparkIllegalArgumentException,
  type StreamingQueryException,
} from "../../../errors/exceptions";
import { MemoryStream } from "../../../sources/MemoryStream";
import { newTestSession, type TestSession } from "../../../testing/fixtures";
import {
  AddData,
  AssertOnQuery,
  CheckNewAnswer,
  ExpectFailure,
  testStream,
} from "../../../testing/testStream";
import { TestListStateProcessor, ToggleSaveAndEmitProcessor } from "./TestProcessors";

describe("TransformWithListStateSuite", () => {
  let t: TestSession;
  beforeEach(async () => {
    t = await newTestSession();
  });
  afterEach(() => t.cleanup());

  const inputRows = () => new MemoryStream(t.spark, "key STRING, action STRING, value STRING");
  const row = (key: string, action: string, value: string) => ({ key, action, value });
  const listStateQuery = (input: MemoryStream) =>
    input.toDF().groupBy("key").transformWithState(new TestListStateProcessor(), {
      outputStructType: "_1 STRING, _2 STRING",
      timeMode: "None",
      outputMode: "update",
    });

  const failures: [string, string, string][] = [
    ["test appending null value in list state throw exception", "tryAppendingNull", "NULL_VALUE"],
    ["test putting null value in list state throw exception", "tryPuttingNullInList", "NULL_VALUE"],
    ["test putting null list in list state throw exception", "tryPutNullList", "NULL_VALUE"],
    ["test appending null list in list state throw exception", "tryAppendingNullList", "NULL_VALUE"],
    ["test putting empty list in list state throw exception", "tryPutEmptyList", "EMPTY_LIST_VALUE"],
    ["test appending empty list in list state throw exception", "tryAppendingEmptyList", "EMPTY_LIST_VALUE"],
  ];
  for (const [name, action, subCondition] of failures) {
    it(name, async () => {
      const inputData = inputRows();
      await testStream(
        t,
        listStateQuery(inputData),
        "update",
        AddData(inputData, row("k1", action, "")),
        ExpectFailure((e) => {
          const cause = (e as StreamingQueryException).cause as SparkError;
          expect(cause).toBeInstanceOf(SparkIllegalArgumentException);
          expect(cause.message).toContain(`ILLEGAL_STATE_STORE_VALUE.${subCondition}`);
          expect(cause.getMessageParameters()).toEqual({ stateName: "testListState" });
        }),
      );
    });
  }

  it("test list state correctness", async () => {
    const inputData = inputRows();
    await testStream(
      t,
      listStateQuery(inputData),
      "update",
      // no interaction test
      AddData(inputData, row("k1", "emit", "v1")),
      CheckNewAnswer(["k1", "v1"]),
      // check simple append
      AddData(inputData, row("k1", "append", "v2")),
      AddData(inputData, row("k1", "emitAllInState", "")),
      CheckNewAnswer(["k1", "v2"]),
      // multiple appends are correctly stored and emitted
      AddData(inputData, row("k2", "append", "v1")),
      AddData(inputData, row("k1", "append", "v4")),
      AddData(inputData, row("k2", "append", "v2")),
      AddData(inputData, row("k1", "emit", "v5")),
      AddData(inputData, row("k2", "emit", "v3")),
      CheckNewAnswer(["k1", "v5"], ["k2", "v3"]),
      AddData(inputData, row("k1", "emitAllInState", "")),
      AddData(inputData, row("k2", "emitAllInState", "")),
      CheckNewAnswer(["k2", "v1"], ["k2", "v2"], ["k1", "v4"]),
      // check appendAll with append
      AddData(inputData, row("k3", "appendAll", "v1,v2,v3")),
      AddData(inputData, row("k3", "emit", "v4")),
      AddData(inputData, row("k3", "append", "v5")),
      CheckNewAnswer(["k3", "v4"]),
      AddData(inputData, row("k3", "emitAllInState", "")),
      CheckNewAnswer(["k3", "v1"], ["k3", "v2"], ["k3", "v3"], ["k3", "v5"]),
      // check removal cleans up all data in state
      AddData(inputData, row("k4", "append", "v2")),
      AddData(inputData, row("k4", "appendList", "v3,v4")),
      AddData(inputData, row("k4", "remove", "")),
      AddData(inputData, row("k4", "emitAllInState", "")),
      CheckNewAnswer(),
      // check put cleans up previous state and adds new state
      AddData(inputData, row("k5", "appendAll", "v1,v2,v3")),
      AddData(inputData, row("k5", "append", "v4")),
      AddData(inputData, row("k5", "put", "v5,v6")),
      AddData(inputData, row("k5", "emitAllInState", "")),
      CheckNewAnswer(["k5", "v5"], ["k5", "v6"]),
      AssertOnQuery((q) => q.lastProgress!.stateOperators[0].customMetrics.numListStateVars > 0),
    );
  });

  it("test ValueState And ListState in Processor", async () => {
    const inputData = new MemoryStream(t.spark, "value STRING");
    const result = inputData.toDF().groupBy("value").transformWithState(new ToggleSaveAndEmitProcessor(), {
      outputStructType: "value STRING",
      timeMode: "None",
      outputMode: "update",
    });
    await testStream(
      t,
      result,
      "update",
      AddData(inputData, "k1"),
      AddData(inputData, "k2"),
      CheckNewAnswer(),
      AddData(inputData, "k1"),
      AddData(inputData, "k2"),
      CheckNewAnswer(["k1"], ["k1"], ["k2"], ["k2"]),
    );
  });
});

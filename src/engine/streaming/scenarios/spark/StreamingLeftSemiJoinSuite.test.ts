/**
 * Cases of Spark's StreamingLeftSemiJoinSuite (in StreamingJoinSuite.scala), each named as there, with Spark's
 * inputs and expected answers; the setups are StreamingJoinSuiteBase's.
 */
import { afterEach, beforeEach, describe, it } from "vitest";
import { newTestSession, type TestSession } from "../../../testing/fixtures";
import {
  AddData,
  assertNumStateRows,
  CheckNewAnswer,
  StartStream,
  StopStream,
  testStream,
} from "../../../testing/testStream";
import {
  setupJoinWithRangeCondition,
  setupSelfJoin,
  setupWindowedJoin,
  setupWindowedJoinWithCondition,
} from "./StreamingJoinSuiteBase";

describe("StreamingLeftSemiJoinSuite", () => {
  let t: TestSession;
  beforeEach(async () => {
    t = await newTestSession();
  });
  afterEach(() => t.cleanup());

  it("windowed left semi join", async () => {
    const { leftInput, rightInput, joined } = setupWindowedJoin(t.spark, "left_semi");
    await testStream(
      t,
      joined,
      "append",
      AddData(leftInput, 1, 2, 3, 4, 5),
      AddData(rightInput, 3, 4, 5, 6, 7),
      CheckNewAnswer([3, 10, 6], [4, 10, 8], [5, 10, 10]),
      assertNumStateRows({ total: 10, updated: 10 }),
      AddData(leftInput, 21),
      AddData(rightInput, 22),
      // Watermark = 11, should remove rows having window=[0,10].
      CheckNewAnswer(),
      assertNumStateRows({ total: 2, updated: 2 }),
      AddData(leftInput, 22),
      CheckNewAnswer([22, 30, 44]),
      // Unlike inner/outer joins, a left row that matches a right row is not buffered.
      assertNumStateRows({ total: 2, updated: 0 }),
      StopStream,
      StartStream(),
      AddData(leftInput, 1),
      // Row not add as 1 < state key watermark = 12.
      CheckNewAnswer(),
      assertNumStateRows({ total: 2, updated: 0, droppedByWatermark: 1 }),
      AddData(rightInput, 5),
      // Row not add as 5 < state key watermark = 12.
      CheckNewAnswer(),
      assertNumStateRows({ total: 2, updated: 0, droppedByWatermark: 1 }),
    );
  });

  it("left semi early state exclusion on left", async () => {
    const { leftInput, rightInput, joined } = setupWindowedJoinWithCondition(t.spark, "left", "left_semi");
    await testStream(
      t,
      joined,
      "append",
      AddData(leftInput, 1, 2, 3),
      AddData(rightInput, 3, 4, 5),
      // The left rows with leftValue <= 4 should not generate their semi join rows and not get added to the state.
      CheckNewAnswer([3, 10, 6]),
      assertNumStateRows({ total: 4, updated: 4 }),
      // We shouldn't get more semi join rows when the watermark advances.
      AddData(leftInput, 20),
      AddData(rightInput, 21),
      CheckNewAnswer(),
      assertNumStateRows({ total: 2, updated: 2 }),
      AddData(rightInput, 20),
      CheckNewAnswer([20, 30, 40]),
      assertNumStateRows({ total: 3, updated: 1 }),
    );
  });

  it("left semi early state exclusion on right", async () => {
    const { leftInput, rightInput, joined } = setupWindowedJoinWithCondition(t.spark, "right", "left_semi");
    await testStream(
      t,
      joined,
      "append",
      AddData(leftInput, 3, 4, 5),
      AddData(rightInput, 1, 2, 3),
      // The right rows with rightValue <= 7 should never be added to the state.
      // The right row with rightValue = 9 > 7, hence joined and added to state.
      CheckNewAnswer([3, 10, 6]),
      assertNumStateRows({ total: 4, updated: 4 }),
      // We shouldn't get more semi join rows when the watermark advances.
      AddData(leftInput, 20),
      AddData(rightInput, 21),
      CheckNewAnswer(),
      assertNumStateRows({ total: 2, updated: 2 }),
      AddData(rightInput, 20),
      CheckNewAnswer([20, 30, 40]),
      assertNumStateRows({ total: 3, updated: 1 }),
    );
  });

  it("left semi join with watermark range condition", async () => {
    const { leftInput, rightInput, joined } = setupJoinWithRangeCondition(t.spark, "left_semi");
    await testStream(
      t,
      joined,
      "append",
      AddData(leftInput, [1, 5], [3, 5]),
      CheckNewAnswer(),
      assertNumStateRows({ total: 2, updated: 2 }),
      AddData(rightInput, [1, 10], [2, 5]),
      // Match left row in the state.
      CheckNewAnswer([1, 5]),
      assertNumStateRows({ total: 4, updated: 2 }),
      AddData(rightInput, [1, 9]),
      // No match as left row is already matched.
      CheckNewAnswer(),
      assertNumStateRows({ total: 5, updated: 1 }),
      // Increase event time watermark to 20s by adding data with time = 30s on both inputs.
      AddData(leftInput, [1, 7], [1, 30]),
      CheckNewAnswer([1, 7]),
      assertNumStateRows({ total: 6, updated: 1 }),
      // Watermark = 30 - 10 = 20, no matched row.
      AddData(rightInput, [0, 30]),
      CheckNewAnswer(),
      assertNumStateRows({ total: 2, updated: 1 }),
    );
  });

  it("self left semi join", async () => {
    const { inputStream, joined } = setupSelfJoin(t.spark, "left_semi");
    await testStream(
      t,
      joined,
      "append",
      AddData(inputStream, [1, 1], [2, 2], [3, 3], [4, 4], [5, 5]),
      CheckNewAnswer([2, 2], [4, 4]),
      // batch 1 - global watermark = 0; left: 2, 4 (odd values filtered, as Spark pushes the right side's
      // predicate through the join to the left), right: 2, 4
      assertNumStateRows({ total: 4, updated: 4 }),
      AddData(inputStream, [6, 6], [7, 7], [8, 8], [9, 9], [10, 10]),
      CheckNewAnswer([6, 6], [8, 8], [10, 10]),
      // batch 2 - global watermark = 5; left: 2 to 10 (even), right: 6, 8, 10 (2 and 4 evicted)
      assertNumStateRows({ total: 8, updated: 6 }),
      AddData(inputStream, [11, 11], [12, 12], [13, 13], [14, 14], [15, 15]),
      CheckNewAnswer([12, 12], [14, 14]),
      // batch 3 - global watermark = 9; left: 4 to 14 (even), right: 10, 12, 14 (left 2, right 6 and 8 evicted)
      assertNumStateRows({ total: 9, updated: 4 }),
    );
  });
});

/**
 * Cases of Spark's StatefulStreamSuite (sql/core/src/test/scala/org/apache/spark/sql/streaming), each named as there,
 * with Spark's inputs and expected answers: a flatMapGroupsWithState with a processing-time timeout that sums each
 * user's transactions (SPARK-39632). Spark's `Transaction` stream is a MemoryStream of
 * `userId STRING, amount INT, product STRING`; its `UserReport` rows are `userId, totalSpent, products`.
 *
 * Ported in part: Spark's CheckNonEmptyStateAnswer / CheckEmptyStateAnswer read the operator's state store through
 * the test harness, which no public API shows; the answers (CheckAnswer) are checked, and the expired state of the
 * third case shows in the state operator's total rows, as progress reports them.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryStream } from "../../../sources/MemoryStream";
import type { Row } from "../../../sql/api/rows";
import { newTestSession, type TestSession } from "../../../testing/fixtures";
import {
  AddData,
  AdvanceManualClock,
  AssertOnQuery,
  CheckAnswer,
  StartStream,
  testStream,
} from "../../../testing/testStream";
import type { GroupState } from "../../operators/GroupState";
import { ManualClock } from "../../runtime/ManualClock";

interface UserStats {
  totalSpent: number;
  products: string[];
}

describe("StatefulStreamSuite", () => {
  let t: TestSession;
  beforeEach(async () => {
    t = await newTestSession(new ManualClock(0));
  });
  afterEach(() => t.cleanup());
  const transactions = () => new MemoryStream(t.spark, "userId STRING, amount INT, product STRING");
  const tx = (userId: string, amount: number, product: string) => ({ userId, amount, product });

  /** The suite's `strategy`: each user's running total and products, the state expiring 1 second after an update. */
  const strategy = (stream: MemoryStream) =>
    stream
      .toDF()
      .groupBy("userId")
      .flatMapGroupsWithState(
        ([key], rows: Row[], state: GroupState<UserStats>) => {
          if (state.hasTimedOut) {
            state.remove();
            return [];
          }
          state.setTimeoutDuration(1000);
          const oldStats = state.exists ? state.get() : { totalSpent: 0, products: [] };
          const newState = rows.reduce<UserStats>(
            (stats, row) => ({
              totalSpent: stats.totalSpent + Number(row.amount),
              products: [...stats.products, String(row.product)],
            }),
            oldStats,
          );
          state.update(newState);
          return [{ userId: key, totalSpent: newState.totalSpent, products: newState.products }];
        },
        {
          outputStructType: "userId STRING, totalSpent INT, products ARRAY<STRING>",
          stateStructType: "totalSpent INT, products ARRAY<STRING>",
          outputMode: "append",
          timeoutConf: "ProcessingTimeTimeout",
        },
      );

  it("SPARK-39632: generate the expected state during a single batch execution", async () => {
    const stream = transactions();
    await testStream(
      t,
      strategy(stream),
      "append",
      StartStream({ processingTime: 10 }),
      AddData(stream, tx("user1", 1000, "car"), tx("user1", 50, "shoes"), tx("user1", 100, "book")),
      AdvanceManualClock(10),
      CheckAnswer(["user1", 1150, ["car", "shoes", "book"]]),
    );
  });

  it("SPARK-39632: generate the expected states on the first batch execution and update them on the second batch", async () => {
    const stream = transactions();
    await testStream(
      t,
      strategy(stream),
      "append",
      StartStream({ processingTime: 10 }),
      AddData(stream, tx("user1", 1000, "car"), tx("user1", 50, "shoes"), tx("user2", 500, "pool")),
      AdvanceManualClock(10),
      AddData(stream, tx("user1", 200, "ball"), tx("user2", 5000, "house")),
      AdvanceManualClock(10),
      CheckAnswer(
        ["user1", 1050, ["car", "shoes"]],
        ["user2", 500, ["pool"]],
        ["user1", 1250, ["car", "shoes", "ball"]],
        ["user2", 5500, ["pool", "house"]],
      ),
    );
  });

  it("SPARK-39632: generate the expected state on the first batch execution. On the second batch execution, the state will expire due to state timeout", async () => {
    const stream = transactions();
    await testStream(
      t,
      strategy(stream),
      "append",
      StartStream({ processingTime: 10 }),
      AddData(stream, tx("user1", 1000, "car"), tx("user1", 50, "shoes")),
      AdvanceManualClock(10),
      AddData(stream, tx("user2", 5000, "house")),
      AdvanceManualClock(1010), // past user1's state timeout
      CheckAnswer(["user1", 1050, ["car", "shoes"]], ["user2", 5000, ["house"]]),
      // user1's state expired, user2's is kept.
      AssertOnQuery((q) => expect(q.lastProgress?.stateOperators[0].numRowsTotal).toBe(1)),
    );
  });
});

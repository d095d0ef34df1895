/**
 * Cases of Spark's TransformWithMapStateSuite (sql/core/src/test/scala/org/apache/spark/sql/streaming), each named
 * as there, with Spark's inputs, processor (TestProcessors.ts) and expected answers. Spark's `InputMapRow` stream is
 * a MemoryStream of `key STRING, action STRING, value STRUCT<_1: STRING, _2: STRING>`.
 *
 * Not ported:
 * - "transformWithMapState - batch should succeed" — Sluice runs the *GroupsWithState family on streaming
 *   DataFrames only (SLUICE_MAP_GROUPS_WITH_STATE_ON_BATCH).
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
  CheckAnswer,
  CheckNewAnswer,
  ExpectFailure,
  testStream,
} from "../../../testing/testStream";
import { TestMapStateProcessor } from "./TestProcessors";

describe("TransformWithMapStateSuite", () => {
  let t: TestSession;
  beforeEach(async () => {
    t = await newTestSession();
  });
  afterEach(() => t.cleanup());

  const inputMapRows = () =>
    new MemoryStream(t.spark, "key STRING, action STRING, value STRUCT<_1: STRING, _2: STRING>");
  const row = (key: string, action: string, [_1, _2]: [string | null, string | null]) => ({
    key,
    action,
    value: { _1, _2 },
  });
  const mapStateQuery = (input: MemoryStream, outputMode = "update") =>
    input.toDF().groupBy("key").transformWithState(new TestMapStateProcessor(), {
      outputStructType: "_1 STRING, _2 STRING, _3 STRING",
      timeMode: "None",
      outputMode,
    });
  /** Spark's testMapStateWithNullUserKey (and the null value case): ILLEGAL_STATE_STORE_VALUE.NULL_VALUE. */
  const failsWithNullValue = async (inputMapRow: ReturnType<typeof row>) => {
    const inputData = inputMapRows();
    await testStream(
      t,
      mapStateQuery(inputData),
      "update",
      AddData(inputData, inputMapRow),
      ExpectFailure((e) => {
        const cause = (e as StreamingQueryException).cause as SparkError;
        expect(cause).toBeInstanceOf(SparkIllegalArgumentException);
        expect(cause.getCondition()).toBe("ILLEGAL_STATE_STORE_VALUE.NULL_VALUE");
        expect(cause.sqlState).toBe("42601");
        expect(cause.getMessageParameters()).toEqual({ stateName: "sessionState" });
      }),
    );
  };

  it("Test retrieving value with non-existing user key", async () => {
    const inputData = inputMapRows();
    await testStream(
      t,
      mapStateQuery(inputData),
      "update",
      AddData(inputData, row("k1", "getValue", ["v1", ""])),
      CheckAnswer(["k1", "v1", null]),
    );
  });

  for (const mapImplFunc of ["getValue", "containsKey", "updateValue", "removeKey"]) {
    it(`Test ${mapImplFunc} with null user key`, () =>
      failsWithNullValue(row("k1", mapImplFunc, [null, ""])));
  }

  it("Test put value with null value", () => failsWithNullValue(row("k1", "updateValue", ["k1", null])));

  it("Test map state correctness", async () => {
    const inputData = inputMapRows();
    await testStream(
      t,
      mapStateQuery(inputData, "append"),
      "append",
      // Test exists()
      AddData(inputData, row("k1", "updateValue", ["v1", "10"])),
      AddData(inputData, row("k1", "exists", ["", ""])),
      AddData(inputData, row("k2", "exists", ["", ""])),
      CheckNewAnswer(["k1", "exists", "true"], ["k2", "exists", "false"]),
      // Test get and put with composite key
      AddData(inputData, row("k1", "updateValue", ["v2", "5"])),
      AddData(inputData, row("k2", "updateValue", ["v2", "3"])),
      AddData(inputData, row("k2", "updateValue", ["v2", "12"])),
      AddData(inputData, row("k2", "updateValue", ["v4", "1"])),
      // Different grouping key, same user key
      AddData(inputData, row("k1", "getValue", ["v2", ""])),
      CheckNewAnswer(["k1", "v2", "5"]),
      // Same grouping key, same user key, update value should reflect
      AddData(inputData, row("k2", "getValue", ["v2", ""])),
      CheckNewAnswer(["k2", "v2", "12"]),
      // Test get full map for a given grouping key - prefixScan
      AddData(inputData, row("k2", "iterator", ["", ""])),
      CheckNewAnswer(["k2", "v2", "12"], ["k2", "v4", "1"]),
      AddData(inputData, row("k2", "keys", ["", ""])),
      CheckNewAnswer(["k2", "v2", ""], ["k2", "v4", ""]),
      AddData(inputData, row("k2", "values", ["", ""])),
      CheckNewAnswer(["k2", "", "12"], ["k2", "", "1"]),
      // Test remove functionalities
      AddData(inputData, row("k1", "removeKey", ["v2", ""])),
      AddData(inputData, row("k1", "containsKey", ["v2", ""])),
      CheckNewAnswer(["k1", "v2", "false"]),
      AddData(inputData, row("k2", "clear", ["", ""])),
      AddData(inputData, row("k2", "iterator", ["", ""])),
      CheckNewAnswer(),
      AddData(inputData, row("k2", "exists", ["", ""])),
      AddData(inputData, row("k1", "clear", ["", ""])),
      AddData(inputData, row("k3", "updateValue", ["v7", "11"])),
      CheckNewAnswer(["k2", "exists", "false"]),
      AssertOnQuery((q) => {
        const op = q.lastProgress!.stateOperators[0];
        expect(op.customMetrics.numMapStateVars).toBeGreaterThan(0);
        expect(op.numRowsUpdated).toBe(1);
        expect(op.numRowsRemoved).toBe(1);
      }),
    );
  });
});

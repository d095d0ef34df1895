/**
 * Errors raised away from analysis, with Spark's class and condition: a GroupState read without state
 * (GroupStateSuite), a datetime pattern letter Spark does not know (DateFormatterSuite), from_json with a schema
 * that is not a literal (JsonFunctionsSuite), a CSV column of a type CSV cannot hold (CSVSuite), a checkpoint
 * written by a query with other sources (OffsetSeq's assertion).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryStream } from "../sources/MemoryStream";
import { col, date_format } from "../sql/api/functions";
import { newTestSession, type TestSession } from "../testing/fixtures";
import {
  AnalysisException,
  IllegalStateException,
  NoSuchElementException,
  type SparkException,
  SparkIllegalArgumentException,
  StreamingQueryException,
} from "./index";

/** What `f` throws or rejects with. */
async function failureOf(f: () => unknown): Promise<unknown> {
  try {
    await f();
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

describe("exceptions with Spark's identity", () => {
  let t: TestSession;
  beforeEach(async () => {
    t = await newTestSession();
  });
  afterEach(() => t.cleanup());

  it("GroupState.get without a state is Java's NoSuchElementException, wrapped as the function's error", async () => {
    const events = new MemoryStream(t.spark, "user STRING");
    const query = await events
      .toDF()
      .groupBy("user")
      .flatMapGroupsWithState((_key, _rows, state) => [{ user: String(state.get()) }], {
        outputStructType: "user STRING",
        outputMode: "append",
        timeoutConf: "NoTimeout",
      })
      .writeStream.outputMode("append")
      .format("noop")
      .start();
    events.addData([{ user: "a" }]);
    const failure = await failureOf(() => query.awaitTermination());
    expect(failure).toBeInstanceOf(StreamingQueryException);
    // Spark's FlatMapGroupsWithStateUserFuncException: what the function threw without a condition, as its cause.
    const cause = (failure as StreamingQueryException).cause as SparkException;
    expect(cause.getCondition()).toBe("FLATMAPGROUPSWITHSTATE_USER_FUNCTION_ERROR");
    expect(cause.getMessageParameters()).toEqual({
      reason: "State is either not defined or has already been removed",
    });
    expect(cause.cause).toBeInstanceOf(NoSuchElementException);
  });

  it("a datetime pattern letter Spark does not know is INVALID_DATETIME_PATTERN.ILLEGAL_CHARACTER", async () => {
    const df = t.spark.createDataFrame([{ ts: new Date(0) }], "ts TIMESTAMP");
    const failure = await failureOf(() => df.select(date_format(col("ts"), "yyyy B")).collect());
    expect(failure).toBeInstanceOf(SparkIllegalArgumentException);
    const error = failure as SparkIllegalArgumentException;
    expect([error.getCondition(), error.getMessageParameters(), error.getSqlState()]).toEqual([
      "INVALID_DATETIME_PATTERN.ILLEGAL_CHARACTER",
      { pattern: "yyyy B", c: "B" },
      "22007",
    ]);
    expect(error.message).toBe(
      "[INVALID_DATETIME_PATTERN.ILLEGAL_CHARACTER] Unrecognized datetime pattern: yyyy B. Illegal pattern character found in datetime pattern: B. Please provide legal character. SQLSTATE: 22007",
    );
  });

  it("from_json with a schema that is not a string literal is INVALID_SCHEMA.NON_STRING_LITERAL", async () => {
    const failure = await failureOf(() =>
      t.spark.sql("SELECT from_json('{\"a\": 1}', s) FROM (SELECT 'a INT' AS s)").collect(),
    );
    expect(failure).toBeInstanceOf(AnalysisException);
    const error = failure as AnalysisException;
    expect([error.getCondition(), error.getMessageParameters(), error.getSqlState()]).toEqual([
      "INVALID_SCHEMA.NON_STRING_LITERAL",
      { inputSchema: '"s"' },
      "42K07",
    ]);
  });

  it("a CSV column of a type CSV cannot hold is UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE", async () => {
    const df = t.spark.createDataFrame([{ id: 1, tags: ["x"] }], "id INT, tags ARRAY<STRING>");
    const failure = await failureOf(() => df.write.csv("/out/tags"));
    expect(failure).toBeInstanceOf(AnalysisException);
    expect((failure as AnalysisException).message).toBe(
      '[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The CSV datasource doesn\'t support the column `tags` of the type "ARRAY<STRING>". SQLSTATE: 0A000',
    );
  });

  it("a checkpoint written by a query with other sources fails OffsetSeq's assertion", async () => {
    const one = new MemoryStream(t.spark, "v INT");
    const first = await one
      .toDF()
      .writeStream.format("noop")
      .option("checkpointLocation", "/checkpoints/sources")
      .start();
    one.addData([{ v: 1 }]);
    await first.processAllAvailable();
    await first.stop();
    const two = new MemoryStream(t.spark, "v INT");
    const failure = await failureOf(async () => {
      const query = await one
        .toDF()
        .union(two.toDF())
        .writeStream.format("noop")
        .option("checkpointLocation", "/checkpoints/sources")
        .start();
      await query.awaitTermination();
    });
    const cause = failure instanceof StreamingQueryException ? failure.cause : failure;
    expect(cause).toBeInstanceOf(IllegalStateException);
    expect((cause as Error).message).toBe(
      "assertion failed: There are [1] sources in the checkpoint offsets and now there are [2] sources requested by the query. Cannot continue.",
    );
  });
});

/**
 * readStream.name() (Spark 4.2's source evolution): the names Spark's DataStreamReader.validateSourceName takes
 * and refuses, the refusal as Spark raises it (an AnalysisException, STREAMING_QUERY_EVOLUTION_ERROR
 * .INVALID_SOURCE_NAME), with the names of PySpark's test_streaming_reader_name.py.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { AnalysisException } from "../errors/exceptions";
import { newTestSession, type TestSession } from "../testing/fixtures";

let t: TestSession;
beforeAll(async () => {
  t = await newTestSession();
});
afterAll(() => t.cleanup());

it("name() takes ASCII letters, digits and underscores", () => {
  for (const name of ["mySource", "my_source", "MySource123", "_private", "source_123_test", "123source"]) {
    expect(t.spark.readStream.format("rate").name(name).load().isStreaming).toBe(true);
  }
});

it("name() refuses any other name with STREAMING_QUERY_EVOLUTION_ERROR.INVALID_SOURCE_NAME", () => {
  for (const name of [
    "",
    "  ",
    "my-source",
    "my source",
    "my.source",
    "my@source",
    "my$source",
    "my#source",
  ]) {
    let error: unknown;
    try {
      t.spark.readStream.format("rate").name(name);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AnalysisException);
    const e = error as AnalysisException;
    expect(e.getCondition()).toBe("STREAMING_QUERY_EVOLUTION_ERROR.INVALID_SOURCE_NAME");
    expect(e.getMessageParameters()).toEqual({ sourceName: name });
    expect(e.getSqlState()).toBe("42000");
    expect(e.message).toBe(
      `[STREAMING_QUERY_EVOLUTION_ERROR.INVALID_SOURCE_NAME] Streaming query evolution error: Invalid streaming ` +
        `source name: '${name}'. Source names must only contain ASCII letters ('a'-'z', 'A'-'Z'), digits ` +
        `('0'-'9'), and underscores ('_'). Use backticks to quote names with special characters if needed. ` +
        `SQLSTATE: 42000`,
    );
  }
});

/**
 * raise_error and assert_true fail a query as Spark 4 does: a SparkRuntimeException of USER_RAISED_EXCEPTION
 * (SQLSTATE P0001) with the message as its `errorMessage`. The cases and expected answers are Spark's
 * sql-tests/results/misc-functions.sql.out and PySpark's test_functions.py `check_assert_true`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SparkRuntimeException } from "../../errors";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import { rejectionOf } from "../../testing/thrown";
import { assert_true, col, raise_error } from "../api/functions";

describe("raise_error and assert_true", () => {
  let t: TestSession;
  beforeAll(async () => {
    t = await newTestSession();
  });
  afterAll(() => t.cleanup());

  /** What running `sql` fails with: the exception's class, condition, parameters, SQL state and message. */
  async function failure(run: () => Promise<unknown>) {
    const error = await rejectionOf(run());
    expect(error).toBeInstanceOf(SparkRuntimeException);
    const e = error as SparkRuntimeException;
    return {
      name: e.name,
      condition: e.getCondition(),
      parameters: e.getMessageParameters(),
      sqlState: e.getSqlState(),
      message: e.message,
    };
  }
  const sqlFailure = (sql: string) => failure(() => t.spark.sql(sql).collect());

  it("raise_error in SQL: the message, a row's value in it, null and a number", async () => {
    expect(await sqlFailure("SELECT raise_error('error message')")).toEqual({
      name: "SparkRuntimeException",
      condition: "USER_RAISED_EXCEPTION",
      parameters: { errorMessage: "error message" },
      sqlState: "P0001",
      message: "[USER_RAISED_EXCEPTION] error message SQLSTATE: P0001",
    });
    t.spark.createDataFrame([{ v: 1 }, { v: 8 }, { v: 2 }], "v INT").createOrReplaceTempView("tbl_misc");
    expect(
      (await sqlFailure("SELECT if(v > 5, raise_error('too big: ' || v), v + 1) FROM tbl_misc")).parameters,
    ).toEqual({ errorMessage: "too big: 8" });
    expect((await sqlFailure("SELECT raise_error(NULL)")).parameters).toEqual({ errorMessage: "null" });
    expect((await sqlFailure("SELECT raise_error(1)")).parameters).toEqual({ errorMessage: "1" });
  });

  it("assert_true in SQL: null where true, Spark's message where false or null", async () => {
    expect(await t.spark.sql("SELECT assert_true(true) AS a, assert_true(1 < 2) AS b").collect()).toEqual([
      { a: null, b: null },
    ]);
    expect(await sqlFailure("SELECT assert_true(false)")).toEqual({
      name: "SparkRuntimeException",
      condition: "USER_RAISED_EXCEPTION",
      parameters: { errorMessage: "'false' is not true!" },
      sqlState: "P0001",
      message: "[USER_RAISED_EXCEPTION] 'false' is not true! SQLSTATE: P0001",
    });
    expect((await sqlFailure("SELECT assert_true(null)")).parameters).toEqual({
      errorMessage: "'null' is not true!",
    });
    expect((await sqlFailure("SELECT assert_true(false, 'custom error message')")).parameters).toEqual({
      errorMessage: "custom error message",
    });
  });

  it("through the DataFrame API, as PySpark's check_assert_true", async () => {
    const df = t.spark.range(3);
    expect(
      await df
        .select(assert_true(col("id").lt(3)))
        .toDF("val")
        .collect(),
    ).toEqual([{ val: null }, { val: null }, { val: null }]);
    const tooBig = await failure(() => df.select(assert_true(col("id").lt(2), "too big")).collect());
    expect(tooBig.message).toBe("[USER_RAISED_EXCEPTION] too big SQLSTATE: P0001");
    const computed = await failure(() =>
      df.select(assert_true(col("id").lt(2), col("id").multiply(1000))).collect(),
    );
    expect(computed.parameters).toEqual({ errorMessage: "2000" });
    const raised = await failure(() => df.select(raise_error("My error")).collect());
    expect(raised.message).toBe("[USER_RAISED_EXCEPTION] My error SQLSTATE: P0001");
  });
});

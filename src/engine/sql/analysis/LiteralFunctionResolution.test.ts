import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import { col } from "../api/functions";

describe("literal functions without parentheses (Spark's LiteralFunctionResolution)", () => {
  let t: TestSession;
  beforeAll(async () => {
    t = await newTestSession();
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it("current_date and current_timestamp are the function calls, named as Spark names them", async () => {
    // Spark's sql-tests datetime.sql: `select current_date = current_date(), current_timestamp = current_timestamp()`.
    const df = t.spark.sql("SELECT current_date = current_date(), current_timestamp = current_timestamp()");
    expect(df.columns).toEqual([
      "(current_date() = current_date())",
      "(current_timestamp() = current_timestamp())",
    ]);
    expect(Object.values((await df.first()) ?? {})).toEqual([true, true]);
    const bare = t.spark.sql("SELECT current_date, CURRENT_TIMESTAMP");
    expect(bare.columns).toEqual(["current_date()", "current_timestamp()"]);
    expect(bare.schema.fields.map((f) => String(f.dataType))).toEqual(["date", "timestamp"]);
  });

  it("current_user, user and session_user are all current_user()", async () => {
    const df = t.spark.sql("SELECT current_user, user, session_user, current_user()");
    expect(df.columns).toEqual(["current_user()", "current_user()", "current_user()", "current_user()"]);
    const values = Object.values((await df.first()) ?? {});
    expect(values[0]).toBeTruthy();
    expect(new Set(values).size).toBe(1);
  });

  it("works in WHERE, GROUP BY queries and the DataFrame API", async () => {
    const rows = await t.spark
      .sql(
        "SELECT count(*) AS n, current_date AS d FROM VALUES (1), (2) AS t(a) WHERE current_date IS NOT NULL",
      )
      .collect();
    expect(rows).toHaveLength(1);
    expect(Number(rows[0].n)).toBe(2);
    const df = t.spark.range(1).select(col("current_date"));
    expect(df.columns).toEqual(["current_date()"]);
  });

  it("an input column or a lambda parameter of that name wins", async () => {
    const df = t.spark.sql("SELECT current_date, user FROM VALUES (1, 'ann') AS t(current_date, user)");
    expect(await df.collect()).toEqual([{ current_date: 1, user: "ann" }]);
    const lambda = await t.spark.sql("SELECT transform(array(1, 2), user -> user + 1) AS v").first();
    expect(lambda?.v).toEqual([2, 3]);
  });
});

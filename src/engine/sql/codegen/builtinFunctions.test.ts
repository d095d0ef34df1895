/**
 * Spark's built-in function list: each of FunctionRegistry's functions either runs with Spark's answers (the
 * examples of its ExpressionDescription) or fails analysis with UNRESOLVED_ROUTINE, and the registry's status list
 * (functionSupport) says which.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnalysisException } from "../../errors";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import { call_function } from "../api/functions";
import { Decimal } from "../decimals";
import { builtinFunctions, functionSupport } from "./functionRegistry";
import { SPARK_REVISION, SPARK_VERSION } from "./miscFunctions";

/** `SELECT <expression>` and Spark's answer, from the functions' ExpressionDescription examples. */
const EXAMPLES: readonly [string, unknown][] = [
  // informational
  ["current_database()", "default"],
  ["current_schema()", "default"],
  ["current_catalog()", "spark_catalog"],
  ["spark_partition_id()", 0],
  ["input_file_name()", ""],
  ["input_file_block_start()", -1],
  ["input_file_block_length()", -1],
  // conditionals
  ["when(1 > 0, 'a', 'b')", "a"],
  ["when(1 < 0, 'a')", null],
  // math
  ["acosh(1)", 0],
  ["acosh(0)", Number.NaN],
  ["asinh(0)", 0],
  ["atanh(0)", 0],
  ["atanh(2)", Number.NaN],
  ["sec(0)", 1],
  ["csc(1)", 1 / Math.sin(1)],
  ["hypot(3, 4)", 5],
  ["bin(13)", "1101"],
  ["bin(-13)", "1111111111111111111111111111111111111111111111111111111111110011"],
  ["bin(13.3)", "1101"],
  ["width_bucket(5.3, 0.2, 10.6, 5)", 3],
  ["width_bucket(-2.1, 1.3, 3.4, 3)", 0],
  ["width_bucket(8.1, 0.0, 5.7, 4)", 5],
  ["width_bucket(-0.9, 5.2, 0.5, 2)", 3],
  ["try_add(1, 2)", 3],
  ["try_add(2147483647, 1)", null],
  ["try_subtract(2, 1)", 1],
  ["try_subtract(2147483647, -1)", null],
  ["try_multiply(2, 3)", 6],
  ["try_multiply(2147483647, 10)", null],
  ["try_mod(3, 2)", 1],
  ["try_mod(1, 0)", null],
  // strings
  ["position('bar', 'foobarbar')", 4],
  ["position('bar', 'foobarbar', 5)", 7],
  ["find_in_set('ab','abc,b,ab,c,def')", 3],
  ["elt(1, 'scala', 'java')", "scala"],
  ["elt(2, 'a', 1)", "1"],
  ["overlay('Spark SQL', '_', 6)", "Spark_SQL"],
  ["overlay('Spark SQL', 'CORE', 7)", "Spark CORE"],
  ["overlay('Spark SQL', 'ANSI ', 7, 0)", "Spark ANSI SQL"],
  ["overlay('Spark SQL', 'tructured', 2, 4)", "Structured SQL"],
  ["decode(unhex('537061726B2053514C'), 'UTF-8')", "Spark SQL"],
  ["decode(encode('abc', 'utf-8'), 'utf-8')", "abc"],
  [
    "decode(2, 1, 'Southlake', 2, 'San Francisco', 3, 'New Jersey', 4, 'Seattle', 'Non domestic')",
    "San Francisco",
  ],
  [
    "decode(6, 1, 'Southlake', 2, 'San Francisco', 3, 'New Jersey', 4, 'Seattle', 'Non domestic')",
    "Non domestic",
  ],
  ["decode(6, 1, 'Southlake', 2, 'San Francisco', 3, 'New Jersey', 4, 'Seattle')", null],
  ["decode(null, 6, 'Spark', NULL, 'SQL', 4, 'rocks')", "SQL"],
  ["format_number(12332.123456, 4)", "12,332.1235"],
  ["format_number(12332, 0)", "12,332"],
  ["is_valid_utf8('Spark')", true],
  ["make_valid_utf8('Spark')", "Spark"],
  ["validate_utf8('Spark')", "Spark"],
  ["try_validate_utf8('Spark')", "Spark"],
  // dates and times
  ["dayname(DATE('2008-02-20'))", "Wed"],
  ["monthname('2008-02-20')", "Feb"],
  ["next_day('2015-01-14', 'TU')", "2015-01-20"],
  ["next_day('2015-01-14', 'wednesday')", "2015-01-21"],
  ["months_between('1997-02-28 10:30:00', '1996-10-30')", 3.94959677],
  ["months_between('1997-02-28 10:30:00', '1996-10-30', false)", 3.9495967741935485],
  ["months_between('2024-03-31', '2024-02-29')", 1],
  ["to_timestamp_ltz('2016-12-31 00:12:00')", "2016-12-31 00:12:00"],
  ["make_timestamp_ltz(2014, 12, 28, 6, 30, 45.887)", "2014-12-28 06:30:45.887"],
  // cast aliases
  ["int('42')", 42],
  ["bigint(3.9)", 3],
  ["string(1.5)", "1.5"],
  ["boolean('yes')", true],
  ["decimal('3.14')", "3"],
];

/** Aggregates over Spark's example tables. */
const AGGREGATE_EXAMPLES: readonly [string, string, number][] = [
  ["skewness(col)", "(-10), (-20), (100), (1000)", 1.1135657469022011],
  ["kurtosis(col)", "(-10), (-20), (100), (1000)", -0.7014368047529627],
  ["regr_count(y, x)", "(1, 2), (2, 2), (2, 3), (2, 4)", 4],
  ["regr_avgx(y, x)", "(1, 2), (2, 2), (2, 3), (2, 4)", 2.75],
  ["regr_avgy(y, x)", "(1, 2), (2, 2), (2, 3), (2, 4)", 1.75],
  ["regr_r2(y, x)", "(1, 2), (2, 2), (2, 3), (2, 4)", 0.2727272727272727],
  ["regr_sxx(y, x)", "(1, 2), (2, 2), (2, 3), (2, 4)", 2.75],
  ["regr_sxy(y, x)", "(1, 2), (2, 2), (2, 3), (2, 4)", 0.75],
  ["regr_syy(y, x)", "(1, 2), (2, 2), (2, 3), (2, 4)", 0.75],
  ["regr_slope(y, x)", "(1, 1), (2, 2), (3, 3)", 1],
  ["regr_intercept(y, x)", "(1, 1), (2, 2), (3, 3)", 0],
];

describe("Spark's built-in functions", () => {
  let t: TestSession;
  beforeAll(async () => {
    t = await newTestSession();
  });
  afterAll(() => t.cleanup());

  const value = async (expression: string) => {
    const row = await t.spark.sql(`SELECT ${expression} AS v`).first();
    const v = row?.v;
    if (v instanceof Date)
      return v
        .toISOString()
        .replace("T", " ")
        .replace(/(\.000)?Z$/, "")
        .replace(/ 00:00:00$/, "");
    if (v instanceof Decimal) return v.toString();
    return typeof v === "bigint" ? Number(v) : v;
  };

  it.each(EXAMPLES)("%s is Spark's answer", async (expression, expected) => {
    const v = await value(expression);
    if (Number.isNaN(expected)) expect(v).toBeNaN();
    else if (typeof expected === "number" && !Number.isInteger(expected)) expect(v).toBeCloseTo(expected, 12);
    else expect(v).toEqual(expected);
  });

  it.each(AGGREGATE_EXAMPLES)("%s over VALUES %s", async (expression, values, expected) => {
    const columns = expression.includes("col") ? "col" : "y, x";
    const row = await t.spark
      .sql(`SELECT ${expression} AS v FROM VALUES ${values} AS tab(${columns})`)
      .first();
    expect(Number(row?.v)).toBeCloseTo(expected, 12);
  });

  it("version() is Spark's shape, the release Sluice follows and its revision", async () => {
    const v = await value("version()");
    expect(v).toBe(`${SPARK_VERSION} ${SPARK_REVISION}`);
    expect(v).toMatch(/^4\.\d+\.\d+ [0-9a-f]{40}$/);
    expect(v).toBe(`${t.spark.version} ${SPARK_REVISION}`);
  });

  it("current_user(), user() and session_user() name the same user", async () => {
    const users = await t.spark.sql("SELECT current_user() AS a, user() AS b, session_user() AS c").first();
    expect(users?.a).toBeTruthy();
    expect(new Set([users?.a, users?.b, users?.c]).size).toBe(1);
  });

  it("a cast alias is named and typed as the cast it stands for", () => {
    const df = t.spark.sql("SELECT int('1'), decimal(2.5)");
    expect(df.columns).toEqual(["CAST(1 AS INT)", "CAST(2.5 AS DECIMAL(10,0))"]);
    expect(df.dtypes.map(([, type]) => type)).toEqual(["int", "decimal(10,0)"]);
    const error = (() => {
      try {
        t.spark.sql("SELECT int(1, 2)");
      } catch (e) {
        return e;
      }
    })() as AnalysisException;
    expect(error.getCondition()).toBe("WRONG_NUM_ARGS.WITHOUT_SUGGESTION");
  });

  it("the status list and the analyzer agree: what the list calls unsupported is UNRESOLVED_ROUTINE", () => {
    const all = builtinFunctions();
    expect(all.length).toBeGreaterThan(400);
    const unsupported = all.filter(({ support }) => support.status === "unsupported");
    const disagreements = unsupported.flatMap(({ name }) => {
      try {
        t.spark.range(1).select(call_function(name)).columns;
        return [{ name, condition: "resolved" }];
      } catch (e) {
        const condition =
          e instanceof AnalysisException ? e.getCondition() : `not an AnalysisException: ${e}`;
        return condition === "UNRESOLVED_ROUTINE" ? [] : [{ name, condition }];
      }
    });
    expect(disagreements).toEqual([]);
  });

  it("UNRESOLVED_ROUTINE names the routine and Spark's search path", () => {
    // java_method needs a JVM: Sluice will not have it.
    expect(functionSupport("java_method")).toEqual({ status: "unsupported" });
    const error = (() => {
      try {
        t.spark.sql("SELECT java_method('java.util.UUID', 'randomUUID')");
      } catch (e) {
        return e;
      }
    })() as AnalysisException;
    expect(error.getCondition()).toBe("UNRESOLVED_ROUTINE");
    expect(error.getSqlState()).toBe("42883");
    expect(error.getMessageParameters()).toMatchObject({ routineName: "`java_method`" });
  });

  it("partial support carries a note of what differs from Spark", () => {
    expect(functionSupport("spark_partition_id")).toEqual({ status: "partial", note: expect.any(String) });
    expect(functionSupport("version")).toEqual({ status: "supported" });
    expect(functionSupport("INT")).toEqual({ status: "supported", note: "CAST(x AS INT)" });
  });
});

/**
 * Spark's cast matrix, cell by cell: which casts each mode allows (Cast.canCast, canAnsiCast, canTryCast, the table
 * of docs/sql-ref-ansi-compliance.md) and what each cell gives under `spark.sql.ansi.enabled` true and false, with
 * the inputs and answers of Spark's CastSuiteBase, CastWithAnsiOnSuite and CastWithAnsiOffSuite.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import { col, window } from "../api/functions";
import { Decimal } from "../decimals";
import { type DataType, NullType, parseDataType } from "../types";
import { canAnsiCast, canCast, canTryCast } from "./Cast";

/** The types of the matrix, in the order of the rows below. */
const TYPES = [
  "string",
  "boolean",
  "tinyint",
  "smallint",
  "int",
  "bigint",
  "float",
  "double",
  "decimal(10,2)",
  "date",
  "timestamp",
  "timestamp_ntz",
  "binary",
  "array<int>",
  "map<string,int>",
  "struct<a:int>",
];

/** From each type (a row) to each of TYPES (a column): Y allowed, . refused. From Cast.scala's canCast. */
const LEGACY: Record<string, string> = {
  string: "YYYYYYYYYYYYY...",
  boolean: "YYYYYYYYY.Y.....",
  tinyint: "YYYYYYYYY.Y.Y...",
  smallint: "YYYYYYYYY.Y.Y...",
  int: "YYYYYYYYY.Y.Y...",
  bigint: "YYYYYYYYY.Y.Y...",
  float: "YYYYYYYYY.Y.....",
  double: "YYYYYYYYY.Y.....",
  "decimal(10,2)": "YYYYYYYYY.Y.....",
  date: "YYYYYYYYYYYY....",
  timestamp: "YYYYYYYYYYYY....",
  timestamp_ntz: "Y........YYY....",
  binary: "Y...........Y...",
  "array<int>": "Y............Y..",
  "map<string,int>": "Y.............Y.",
  "struct<a:int>": "Y..............Y",
};

/** The same under ANSI (Cast.canAnsiCast, the table of the ANSI compliance page). */
const ANSI: Record<string, string> = {
  string: "YYYYYYYYYYYYY...",
  boolean: "YYYYYYYYY.......",
  tinyint: "YYYYYYYYY.Y.....",
  smallint: "YYYYYYYYY.Y.....",
  int: "YYYYYYYYY.Y.....",
  bigint: "YYYYYYYYY.Y.....",
  float: "YYYYYYYYY.Y.....",
  double: "YYYYYYYYY.Y.....",
  "decimal(10,2)": "YYYYYYYYY.Y.....",
  date: "Y........YYY....",
  timestamp: "Y.YYYYYYYYYY....",
  timestamp_ntz: "Y........YYY....",
  binary: "Y...........Y...",
  "array<int>": "Y............Y..",
  "map<string,int>": "Y.............Y.",
  "struct<a:int>": "Y..............Y",
};

function matrix(allowed: (from: DataType, to: DataType) => boolean): Record<string, string> {
  return Object.fromEntries(
    TYPES.map((from) => [
      from,
      TYPES.map((to) => (allowed(parseDataType(from), parseDataType(to)) ? "Y" : ".")).join(""),
    ]),
  );
}

describe("which casts Spark allows (Cast.canCast, canAnsiCast, canTryCast)", () => {
  it("legacy mode: Cast.canCast", () => {
    expect(matrix(canCast)).toEqual(LEGACY);
  });

  it("ANSI mode: Cast.canAnsiCast, as the ANSI compliance page's table", () => {
    expect(matrix(canAnsiCast)).toEqual(ANSI);
  });

  it("try_cast: ANSI's casts, legacy's inside arrays, maps and structs", () => {
    expect(matrix(canTryCast)).toEqual(ANSI);
    const binaries = parseDataType("array<binary>");
    expect(canTryCast(parseDataType("array<int>"), binaries)).toBe(true);
    expect(canAnsiCast(parseDataType("array<int>"), binaries)).toBe(false);
  });

  it("a null casts to anything", () => {
    for (const to of TYPES) {
      expect(canCast(NullType, parseDataType(to))).toBe(true);
      expect(canAnsiCast(NullType, parseDataType(to))).toBe(true);
    }
  });
});

interface Failure {
  error: string;
  exception: string;
}

const isFailure = (e: unknown): e is Failure => e !== null && typeof e === "object" && "error" in e;

/** One cell: an input of a type, the target type, Spark's answer in legacy mode and in ANSI mode. */
interface Cell {
  from: string;
  value: unknown;
  to: string;
  legacy: unknown;
  ansi: unknown;
}

const invalid = (exception: string) => ({ error: "CAST_INVALID_INPUT", exception });
const NUMBER = invalid("SparkNumberFormatException");
const OVERFLOW = { error: "CAST_OVERFLOW", exception: "SparkArithmeticException" };
const DECIMAL_OVERFLOW = {
  error: "NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION",
  exception: "SparkArithmeticException",
};
const same = (from: string, value: unknown, to: string, expected: unknown): Cell => ({
  from,
  value,
  to,
  legacy: expected,
  ansi: expected,
});
const utc = (text: string) => new Date(`${text}Z`);

const CELLS: Cell[] = [
  // ---- from string (CastSuiteBase "data type casting", "cast string to boolean/date/timestamp")
  same("string", "23", "int", 23),
  same("string", "23", "tinyint", 23),
  same("string", " 12 ", "bigint", 12),
  { from: "string", value: "1.9", to: "int", legacy: 1, ansi: NUMBER },
  { from: "string", value: "abc", to: "int", legacy: null, ansi: NUMBER },
  { from: "string", value: "123-string", to: "bigint", legacy: null, ansi: NUMBER },
  { from: "string", value: "2147483648", to: "int", legacy: null, ansi: NUMBER },
  same("string", "23", "double", 23),
  same("string", "1e3", "double", 1000),
  same("string", " infinity ", "double", Number.POSITIVE_INFINITY),
  same("string", "-inf", "float", Number.NEGATIVE_INFINITY),
  same("string", "nAn", "double", Number.NaN),
  { from: "string", value: "abc.com", to: "double", legacy: null, ansi: NUMBER },
  same("string", "12.65", "decimal(10,2)", Decimal.parse("12.65")),
  { from: "string", value: "134.12", to: "decimal(3,2)", legacy: null, ansi: DECIMAL_OVERFLOW },
  { from: "string", value: "abcd", to: "decimal(38,1)", legacy: null, ansi: NUMBER },
  same("string", "tRUe", "boolean", true),
  same("string", "yes", "boolean", true),
  same("string", "1", "boolean", true),
  same("string", "FAlsE", "boolean", false),
  same("string", "n", "boolean", false),
  { from: "string", value: "abc", to: "boolean", legacy: null, ansi: invalid("SparkRuntimeException") },
  same("string", "2015", "date", utc("2015-01-01T00:00:00")),
  same("string", "2015-03", "date", utc("2015-03-01T00:00:00")),
  same("string", "2015-03-18 123142", "date", utc("2015-03-18T00:00:00")),
  same("string", "2015-03-18T", "date", utc("2015-03-18T00:00:00")),
  { from: "string", value: "2015-02-30", to: "date", legacy: null, ansi: invalid("SparkDateTimeException") },
  same("string", "2015-03-18 12:03:17", "timestamp", utc("2015-03-18T12:03:17")),
  same("string", "2015-03-18T12:03:17.123", "timestamp", utc("2015-03-18T12:03:17.123")),
  same("string", "2015-03-18T12:03:17Z", "timestamp", utc("2015-03-18T12:03:17")),
  same("string", "2015-03-18T12:03:17-1:0", "timestamp", utc("2015-03-18T13:03:17")),
  same("string", "2015-03-18T12:03:17+07:30", "timestamp", utc("2015-03-18T04:33:17")),
  same("string", "2015-03-18T12:03:17.123+7:3", "timestamp", utc("2015-03-18T05:00:17.123")),
  { from: "string", value: "abc", to: "timestamp", legacy: null, ansi: invalid("SparkDateTimeException") },
  same("string", "abdef", "binary", new TextEncoder().encode("abdef")),
  // ---- from boolean ("cast from boolean")
  same("boolean", true, "int", 1),
  same("boolean", false, "int", 0),
  same("boolean", true, "string", "true"),
  same("boolean", false, "string", "false"),
  same("boolean", true, "double", 1),
  // ---- from integers ("cast from int", "cast from long", out-of-range suites)
  same("int", 0, "boolean", false),
  same("int", -5, "boolean", true),
  same("int", 1, "tinyint", 1),
  same("int", 123, "string", "123"),
  same("int", 1, "float", 1),
  same("int", 123, "decimal(3,0)", Decimal.parse("123")),
  { from: "int", value: 200, to: "tinyint", legacy: -56, ansi: OVERFLOW },
  same("int", 1704067200, "timestamp", utc("2024-01-01T00:00:00")),
  { from: "bigint", value: 2147483648n, to: "int", legacy: -2147483648, ansi: OVERFLOW },
  same("bigint", 123n, "string", "123"),
  // ---- from fractions ("cast from float", "cast from double", "from decimal")
  same("double", 1.5, "tinyint", 1),
  same("double", 1.5, "bigint", 1),
  same("double", -1.5, "int", -1),
  same("double", 1.5, "float", 1.5),
  same("double", 1.5, "string", "1.5"),
  same("double", 0.5, "boolean", true),
  same("double", 0, "boolean", false),
  same("double", 1e10, "string", "1.0E10"),
  same("double", 1e-5, "string", "1.0E-5"),
  same("double", 123456789, "string", "1.23456789E8"),
  same("double", 0.001, "string", "0.001"),
  same("double", 2147483647.9, "int", 2147483647),
  { from: "double", value: 1e10, to: "int", legacy: 2147483647, ansi: OVERFLOW },
  { from: "double", value: 1e10, to: "smallint", legacy: -1, ansi: OVERFLOW },
  { from: "double", value: Number.NaN, to: "int", legacy: 0, ansi: OVERFLOW },
  {
    from: "double",
    value: Number.NaN,
    to: "timestamp",
    legacy: null,
    ansi: invalid("SparkDateTimeException"),
  },
  same("double", 1704067200.5, "timestamp", utc("2024-01-01T00:00:00.500")),
  { from: "double", value: 134.12, to: "decimal(3,2)", legacy: null, ansi: DECIMAL_OVERFLOW },
  same("double", Number.NaN, "decimal(10,2)", null),
  same("float", 1.5, "string", "1.5"),
  same("float", 1.5, "int", 1),
  same("decimal(10,1)", 1.5, "int", 1),
  same("decimal(10,1)", 1.5, "double", 1.5),
  same("decimal(10,1)", 1.5, "string", "1.5"),
  same("decimal(10,1)", 0, "boolean", false),
  { from: "decimal(5,0)", value: 300, to: "tinyint", legacy: 44, ansi: OVERFLOW },
  // ---- from dates and timestamps ("cast from timestamp", "data type casting", "before the epoch")
  same("date", utc("2024-01-02T00:00:00"), "string", "2024-01-02"),
  same("date", utc("2024-01-02T00:00:00"), "timestamp", utc("2024-01-02T00:00:00")),
  same("timestamp", new Date(15003), "smallint", 15),
  same("timestamp", new Date(15003), "int", 15),
  same("timestamp", new Date(15003), "bigint", 15),
  same("timestamp", new Date(15003), "double", 15.003),
  same("timestamp", utc("1900-05-05T18:34:56.100"), "bigint", -2198208304),
  { from: "timestamp", value: utc("1900-05-05T18:34:56.100"), to: "int", legacy: null, ansi: OVERFLOW },
  same("timestamp", utc("2014-12-03T13:01:00"), "string", "2014-12-03 13:01:00"),
  same("timestamp", utc("2014-12-03T13:01:00.100"), "string", "2014-12-03 13:01:00.1"),
  same("timestamp", utc("2014-12-03T13:01:00"), "date", utc("2014-12-03T00:00:00")),
  // ---- from binary: UTF-8 text, as the Kafka value idiom needs
  same("binary", new TextEncoder().encode('{"a":"été"}'), "string", '{"a":"été"}'),
  same("binary", new Uint8Array([0x61, 0xff]), "string", "a\uFFFD"),
];

describe("what each cast gives, in legacy and ANSI mode", () => {
  let t: TestSession;
  beforeAll(async () => {
    t = await newTestSession();
  });
  afterAll(() => t.cleanup());

  const run = (cell: Cell, ansi: boolean) => {
    t.spark.conf.set("spark.sql.ansi.enabled", ansi);
    const df = t.spark.createDataFrame([{ v: cell.value }], `v ${cell.from}`);
    return df.selectExpr(`CAST(v AS ${cell.to}) AS r`).collect();
  };

  for (const [mode, ansi] of [
    ["legacy", false],
    ["ANSI", true],
  ] as const) {
    it.each(CELLS.map((c) => [`${c.from} ${String(c.value)} -> ${c.to}`, c] as const))(
      `${mode}: %s`,
      async (_name, cell) => {
        const expected = ansi ? cell.ansi : cell.legacy;
        if (isFailure(expected)) {
          const failure = await run(cell, ansi).then(
            () => undefined,
            (error: unknown) => error,
          );
          expect(failure).toMatchObject({ errorClass: expected.error, name: expected.exception });
          return;
        }
        const [row] = await run(cell, ansi);
        expect(row.r).toEqual(expected);
      },
    );
  }

  it("CAST_INVALID_INPUT and CAST_OVERFLOW carry Spark's parameters and SQL state", async () => {
    t.spark.conf.set("spark.sql.ansi.enabled", true);
    const failure = await t.spark
      .sql("SELECT CAST('1.23' AS INT)")
      .collect()
      .catch((e: unknown) => e);
    expect(failure).toMatchObject({
      errorClass: "CAST_INVALID_INPUT",
      messageParameters: { expression: "'1.23'", sourceType: '"STRING"', targetType: '"INT"' },
      sqlState: "22018",
    });
    const overflow = await t.spark
      .sql("SELECT CAST(2147483648L AS INT)")
      .collect()
      .catch((e: unknown) => e);
    expect(overflow).toMatchObject({
      errorClass: "CAST_OVERFLOW",
      messageParameters: { value: "2147483648L", sourceType: '"BIGINT"', targetType: '"INT"' },
      sqlState: "22003",
    });
    expect((overflow as Error).message).toBe(
      '[CAST_OVERFLOW] The value 2147483648L of the type "BIGINT" cannot be cast to "INT" due to an overflow. Use `try_cast` to tolerate overflow and return NULL instead. SQLSTATE: 22003',
    );
    const decimal = await t.spark
      .sql("SELECT CAST(134.12D AS DECIMAL(3,2))")
      .collect()
      .catch((e: unknown) => e);
    expect((decimal as Error).message).toBe(
      '[NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION]  134.12 cannot be represented as Decimal(3, 2). If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error, and return NULL instead. SQLSTATE: 22003',
    );
  });

  it("try_cast gives null where ANSI fails", async () => {
    t.spark.conf.set("spark.sql.ansi.enabled", true);
    const [row] = await t.spark
      .sql(
        "SELECT TRY_CAST('abc' AS INT) AS a, TRY_CAST('1.5' AS INT) AS b, TRY_CAST(200 AS TINYINT) AS c, TRY_CAST(2147483648L AS INT) AS d, TRY_CAST('2015-02-30' AS DATE) AS e, TRY_CAST('12' AS INT) AS f",
      )
      .collect();
    expect(row).toEqual({ a: null, b: null, c: null, d: null, e: null, f: 12 });
  });

  it("casts a refused mode fails at analysis with Spark's DATATYPE_MISMATCH", () => {
    const mismatch = (sql: string) => {
      try {
        t.spark.sql(sql);
      } catch (error) {
        return error as { errorClass: string; messageParameters: Record<string, string> };
      }
      throw new Error(`${sql} was not refused`);
    };
    t.spark.conf.set("spark.sql.ansi.enabled", true);
    expect(mismatch("SELECT CAST(DATE '2020-01-01' AS INT)")).toMatchObject({
      errorClass: "DATATYPE_MISMATCH.CAST_WITH_FUNC_SUGGESTION",
      messageParameters: { srcType: '"DATE"', targetType: '"INT"', functionNames: "`UNIX_DATE`" },
    });
    expect(mismatch("SELECT CAST(1L AS DATE)")).toMatchObject({
      errorClass: "DATATYPE_MISMATCH.CAST_WITH_FUNC_SUGGESTION",
      messageParameters: { functionNames: "`DATE_FROM_UNIX_DATE`" },
    });
    expect(mismatch("SELECT CAST(1 AS BINARY)")).toMatchObject({
      errorClass: "DATATYPE_MISMATCH.CAST_WITH_CONF_SUGGESTION",
      messageParameters: {
        srcType: '"INT"',
        targetType: '"BINARY"',
        config: '"spark.sql.ansi.enabled"',
        configVal: "'false'",
      },
    });
    expect(mismatch("SELECT CAST(1.0D AS BINARY)").errorClass).toBe(
      "DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION",
    );
    expect(mismatch("SELECT CAST(TIMESTAMP '2020-01-01 00:00:00' AS BOOLEAN)").errorClass).toBe(
      "DATATYPE_MISMATCH.CAST_WITH_CONF_SUGGESTION",
    );
    expect(mismatch("SELECT CAST(true AS TIMESTAMP)").errorClass).toBe(
      "DATATYPE_MISMATCH.CAST_WITH_CONF_SUGGESTION",
    );
    expect(mismatch("SELECT CAST(true AS DATE)").errorClass).toBe(
      "DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION",
    );
    expect(mismatch("SELECT TRY_CAST(TIMESTAMP '2020-01-01 00:00:00' AS BOOLEAN)").errorClass).toBe(
      "DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION",
    );
    t.spark.conf.set("spark.sql.ansi.enabled", false);
    expect(mismatch("SELECT CAST(1 AS DATE)").errorClass).toBe("DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION");
    expect(mismatch("SELECT CAST(array(1) AS INT)").errorClass).toBe(
      "DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION",
    );
  });

  it("a bare NULL casts to a struct, an array or a map, as Spark's NullType does", async () => {
    const df = t.spark.sql(
      "SELECT CAST(NULL AS STRUCT<a: INT, b: STRING>) AS s, CAST(NULL AS ARRAY<INT>) AS a, CAST(NULL AS MAP<STRING, INT>) AS m",
    );
    expect(df.schema.simpleString()).toBe("struct<s:struct<a:int,b:string>,a:array<int>,m:map<string,int>>");
    expect(await df.collect()).toEqual([{ s: null, a: null, m: null }]);
  });

  it("arrays, maps and structs cast element by element and print as Spark prints them", async () => {
    t.spark.conf.set("spark.sql.ansi.enabled", true);
    const [row] = await t.spark
      .sql(
        "SELECT CAST(array(1, NULL, 3) AS STRING) AS a, CAST(array(array(1, 2, 3), array(4, 5)) AS STRING) AS b, CAST(map('a', 1, 'b', NULL) AS STRING) AS c, CAST(named_struct('a', 1, 'b', 'x', 'c', NULL) AS STRING) AS d, CAST(array('1', '2') AS ARRAY<INT>) AS e, CAST(named_struct('a', '1') AS STRUCT<x: INT>) AS f, CAST(map('a', '1') AS MAP<STRING, BIGINT>) AS g",
      )
      .collect();
    expect(row).toEqual({
      a: "[1, null, 3]",
      b: "[[1, 2, 3], [4, 5]]",
      c: "{a -> 1, b -> null}",
      d: "{1, x, null}",
      e: [1, 2],
      f: { x: 1 },
      g: { a: 1 },
    });
    const failure = await t.spark
      .sql("SELECT CAST(array('123', 'true', 'f', NULL) AS ARRAY<INT>)")
      .collect()
      .catch((e: unknown) => e);
    expect(failure).toMatchObject({
      errorClass: "CAST_INVALID_INPUT",
      messageParameters: { expression: "'true'" },
    });
    t.spark.conf.set("spark.sql.ansi.enabled", false);
    const [legacy] = await t.spark
      .sql("SELECT CAST(array('123', 'true', 'f', NULL) AS ARRAY<INT>) AS a")
      .collect();
    expect(legacy.a).toEqual([123, null, null, null]);
  });

  it("a cast keeps the mode the session had when its DataFrame was built, as Spark's Cast does", async () => {
    t.spark.conf.set("spark.sql.ansi.enabled", false);
    const df = t.spark.createDataFrame([{ s: "abc" }], "s STRING").select(col("s").cast("int").alias("n"));
    t.spark.conf.set("spark.sql.ansi.enabled", true);
    expect(await df.collect()).toEqual([{ n: null }]);
  });

  it("nullability is Cast.nullable: what a cast can turn into null", () => {
    const df = t.spark.createDataFrame(
      [{ s: "1", i: 1, d: 1.5, ts: new Date(0) }],
      "s STRING NOT NULL, i INT NOT NULL, d DOUBLE NOT NULL, ts TIMESTAMP NOT NULL",
    );
    const nullable = (sql: string) => df.selectExpr(`${sql} AS x`).schema.fields[0].nullable;
    expect(nullable("CAST(s AS INT)")).toBe(true);
    expect(nullable("CAST(s AS BINARY)")).toBe(false);
    expect(nullable("CAST(i AS STRING)")).toBe(false);
    expect(nullable("CAST(i AS BIGINT)")).toBe(false);
    expect(nullable("CAST(d AS INT)")).toBe(true);
    expect(nullable("CAST(ts AS DATE)")).toBe(false);
    expect(nullable("CAST(ts AS INT)")).toBe(true);
    expect(nullable("CAST(ts AS BIGINT)")).toBe(false);
    expect(nullable("TRY_CAST(i AS BIGINT)")).toBe(false);
    expect(nullable("TRY_CAST(i AS SMALLINT)")).toBe(true);
  });

  it("window.start cast to long is seconds since the epoch, as windowed lessons read it", async () => {
    t.spark.conf.set("spark.sql.ansi.enabled", true);
    const events = t.spark.createDataFrame(
      [{ ts: utc("2024-01-01T00:03:00") }, { ts: utc("2024-01-01T00:12:00") }],
      "ts TIMESTAMP",
    );
    const rows = await events
      .groupBy(window(col("ts"), "10 minutes"))
      .count()
      .select(
        col("window.start").cast("long").alias("start"),
        col("window.end").cast("int").alias("end"),
        col("window.start").cast("double").alias("seconds"),
        "count",
      )
      .orderBy("start")
      .collect();
    expect(rows).toEqual([
      { start: 1704067200, end: 1704067800, seconds: 1704067200, count: 1 },
      { start: 1704067800, end: 1704068400, seconds: 1704067800, count: 1 },
    ]);
    const [sql] = await t.spark.sql("SELECT CAST(TIMESTAMP '2024-01-01 00:00:00' AS BIGINT) AS s").collect();
    expect(sql.s).toBe(1704067200);
  });
});

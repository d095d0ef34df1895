/**
 * Analysis errors, raised as the DataFrame is built (as Spark analyses eagerly), with Spark's error classes and
 * messages that name the problem.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnalysisException, col, type DataFrame, expr, lit, lower, ParseException, sum } from "../../index";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import { thrownBy } from "../../testing/thrown";

/** The error `f` throws (it must throw). */
function thrown(f: () => unknown): AnalysisException {
  const error = thrownBy<AnalysisException>(f);
  expect(error).toBeInstanceOf(AnalysisException);
  return error;
}

describe("analysis errors", () => {
  let t: TestSession;
  let df: DataFrame;
  beforeAll(async () => {
    t = await newTestSession();
    df = t.spark.createDataFrame(
      [{ user_id: "u1", event_name: "click", revenue: 1.5, geo: { city: "Oslo", country: "NO" } }],
      "user_id STRING, event_name STRING, revenue DOUBLE, geo STRUCT<city: STRING, country: STRING>",
    );
    df.createOrReplaceTempView("events");
  });
  afterAll(() => t.cleanup());

  it("an unknown column names the closest ones, as Spark's UNRESOLVED_COLUMN.WITH_SUGGESTION", () => {
    const e = thrown(() => df.select("event_nam"));
    expect(e.errorClass).toBe("UNRESOLVED_COLUMN.WITH_SUGGESTION");
    expect(e.message).toBe(
      "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name `event_nam` cannot be resolved. Did you mean one of the following? [`event_name`, `revenue`, `user_id`, `geo`]. SQLSTATE: 42703",
    );
    // Inside a SQL filter string and inside an expression.
    expect(thrown(() => df.filter("revenu > 1")).message).toMatch(
      /name `revenu` cannot be resolved\. Did you mean one of the following\? \[`revenue`/,
    );
    expect(thrown(() => df.select(col("revenu").plus(1))).errorClass).toBe(
      "UNRESOLVED_COLUMN.WITH_SUGGESTION",
    );
    expect(thrown(() => t.spark.sql("SELECT usr_id FROM events")).message).toMatch(
      /`usr_id` cannot be resolved\. Did you mean one of the following\? \[`user_id`/,
    );
  });

  it("nested fields: an unknown field lists the struct's fields; a field of a non-struct is refused", () => {
    const missing = thrown(() => df.select("geo.citi"));
    expect(missing.errorClass).toBe("FIELD_NOT_FOUND");
    expect(missing.message).toContain("No such struct field `citi` in `city`, `country`");
    const base = thrown(() => df.select("user_id.x"));
    expect(base.errorClass).toBe("INVALID_EXTRACT_BASE_FIELD_TYPE");
    expect(base.message).toContain('Can\'t extract a value from "user_id"');
    expect(thrown(() => df.select("gео.city")).errorClass).toBe("UNRESOLVED_COLUMN.WITH_SUGGESTION");
  });

  it("wrong argument types: DATATYPE_MISMATCH naming the expression and the types", () => {
    const e = thrown(() => df.select(lower(col("geo"))));
    expect(e.errorClass).toBe("DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE");
    expect(e.message).toBe(
      '[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "lower(geo)" due to data type mismatch: The first parameter requires the "STRING" type, however "geo" has the type "STRUCT<CITY:STRING,COUNTRY:STRING>". SQLSTATE: 42K09',
    );
    const binary = thrown(() => df.select(col("revenue").plus(col("geo"))));
    expect(binary.errorClass).toBe("DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES");
    expect(binary.message).toContain('Cannot resolve "(revenue + geo)" due to data type mismatch');
    expect(binary.message).toContain('("DOUBLE" and "STRUCT<CITY:STRING,COUNTRY:STRING>")');
    // A filter must be boolean.
    expect(thrown(() => df.filter(col("revenue"))).errorClass).toBe("DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN");
    // Spark casts atomic values to strings where a string is wanted: lower(1.5) is "1.5".
    expect(df.select(lower(col("revenue"))).columns).toEqual(["lower(revenue)"]);
  });

  it("an unknown function is UNRESOLVED_ROUTINE; a wrong number of arguments WRONG_NUM_ARGS", () => {
    const unknown = thrown(() => df.select(expr("lowr(user_id)")));
    expect(unknown.errorClass).toBe("UNRESOLVED_ROUTINE");
    expect(unknown.message).toContain("Cannot resolve routine `lowr` on search path");
    expect(thrown(() => t.spark.sql("SELECT nope(1)")).errorClass).toBe("UNRESOLVED_ROUTINE");
    const arity = thrown(() => df.selectExpr("lower(user_id, event_name)"));
    expect(arity.errorClass).toBe("WRONG_NUM_ARGS.WITHOUT_SUGGESTION");
    expect(arity.message).toContain("The `lower` requires 1 parameters but the actual number is 2");
  });

  it("a bad DDL schema string is a ParseException with the position", () => {
    const unknownType = thrown(() => t.spark.createDataFrame([], "a INT, b STRNG"));
    expect(unknownType).toBeInstanceOf(ParseException);
    expect(unknownType.message).toContain('Unsupported data type "STRNG"');
    const syntax = thrown(() => t.spark.read.schema("a INT b STRING"));
    expect(syntax).toBeInstanceOf(ParseException);
    expect(syntax.errorClass).toBe("PARSE_SYNTAX_ERROR");
    expect(syntax.message).toContain("Syntax error at or near 'b'. SQLSTATE: 42601 (line 1, pos 6)");
  });

  it("SQL syntax errors: PARSE_SYNTAX_ERROR at the token, with line and position", () => {
    const e = thrown(() => t.spark.sql("SELECT user_id FROM events WHERE"));
    expect(e).toBeInstanceOf(ParseException);
    expect(e.errorClass).toBe("PARSE_SYNTAX_ERROR");
    expect(e.message).toMatch(
      /^\[PARSE_SYNTAX_ERROR\] Syntax error at or near end of input\. SQLSTATE: 42601 \(line 1, pos 32\)/,
    );
    const multiline = thrown(() => t.spark.sql("SELECT user_id\nFROM events\nWHERE revenue > )"));
    expect(multiline.message).toMatch(/\(line 3, pos \d+\)/);
    expect(thrown(() => df.filter("revenue > ")).errorClass).toBe("PARSE_SYNTAX_ERROR");
    expect(thrown(() => t.spark.sql("SELEC 1")).message).toContain("Syntax error at or near 'SELEC'");
  });

  it("a column neither grouped nor aggregated is MISSING_AGGREGATION", () => {
    const e = thrown(() => df.groupBy("user_id").agg(col("event_name")));
    expect(e.errorClass).toBe("MISSING_AGGREGATION");
    expect(e.message).toContain(
      'The non-aggregating expression "event_name" is based on columns which are not participating in the GROUP BY clause.',
    );
    expect(e.message).toContain('"any_value(event_name)"');
    expect(
      thrown(() => t.spark.sql("SELECT user_id, sum(revenue) FROM events GROUP BY event_name")).errorClass,
    ).toBe("MISSING_AGGREGATION");
    // Aggregating a grouped expression is fine; nesting aggregates is not.
    expect(df.groupBy(lower("user_id")).agg(sum("revenue")).columns).toEqual([
      "lower(user_id)",
      "sum(revenue)",
    ]);
    expect(thrown(() => df.agg(sum(sum("revenue")))).errorClass).toBe("NESTED_AGGREGATE_FUNCTION");
  });

  it("an unknown table is TABLE_OR_VIEW_NOT_FOUND; a duplicate temp view is refused", () => {
    expect(thrown(() => t.spark.sql("SELECT * FROM evnts")).errorClass).toBe("TABLE_OR_VIEW_NOT_FOUND");
    expect(thrown(() => t.spark.table("evnts")).message).toContain(
      "The table or view `evnts` cannot be found",
    );
    expect(thrown(() => df.createTempView("events")).errorClass).toBe("TEMP_TABLE_OR_VIEW_ALREADY_EXISTS");
    expect(() => df.select(lit(1)).createOrReplaceTempView("events")).not.toThrow();
    df.createOrReplaceTempView("events");
  });

  it("a cast of a column is named after the column, as Spark's ResolveAliases names it", () => {
    // The Kafka guide's sink example relies on it: selectExpr("CAST(value AS STRING)") has a `value` column.
    expect(
      df.selectExpr("CAST(revenue AS STRING)", "CAST(geo.city AS STRING)", "CAST(revenue + 1 AS BIGINT)")
        .columns,
    ).toEqual(["revenue", "city", "CAST((revenue + 1) AS BIGINT)"]);
    expect(t.spark.sql("SELECT CAST(user_id AS STRING), CAST(1 AS INT) FROM events").columns).toEqual([
      "user_id",
      "CAST(1 AS INT)",
    ]);
    expect(df.select(col("revenue").cast("string")).columns).toEqual(["revenue"]);
  });
});

/**
 * Column methods and functions: Spark's results, null semantics, generated column names and result types.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  approx_count_distinct,
  avg,
  coalesce,
  col,
  concat,
  count,
  countDistinct,
  current_timestamp,
  type DataFrame,
  date_format,
  explode,
  expr,
  first,
  from_json,
  hour,
  lag,
  last,
  lit,
  lower,
  max,
  min,
  rank,
  row_number,
  SparkArithmeticException,
  sum,
  to_json,
  to_timestamp,
  upper,
  Window,
  when,
} from "../../index";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import { Decimal } from "../decimals";

describe("Column methods and functions", () => {
  let t: TestSession;
  let df: DataFrame;
  const ROWS = [
    { n: 1, s: "Apple", x: 2.5, ts: new Date("2024-03-04T05:06:07Z") },
    { n: 2, s: "banana", x: null, ts: new Date("2024-03-04T23:59:59Z") },
    { n: null, s: null, x: -1, ts: null },
  ];
  beforeAll(async () => {
    t = await newTestSession();
    df = t.spark.createDataFrame(ROWS, "n INT, s STRING, x DOUBLE, ts TIMESTAMP");
  });
  afterAll(() => t.cleanup());

  const values = async (c: ReturnType<typeof col>) =>
    (await df.select(c.alias("v")).collect()).map((r) => r.v);

  it("comparisons and boolean logic with SQL's three-valued nulls", async () => {
    expect(await values(col("n").eq(1))).toEqual([true, false, null]);
    expect(await values(col("n").neq(1))).toEqual([false, true, null]);
    expect(await values(col("n").gt(1))).toEqual([false, true, null]);
    expect(await values(col("n").geq(1))).toEqual([true, true, null]);
    expect(await values(col("n").lt(2))).toEqual([true, false, null]);
    expect(await values(col("n").leq(1))).toEqual([true, false, null]);
    expect(await values(col("n").eq(1).and(col("x").gt(0)))).toEqual([true, false, false]);
    expect(await values(col("n").eq(1).or(col("x").gt(0)))).toEqual([true, null, null]);
    expect(await values(col("n").eq(1).not())).toEqual([false, true, null]);
    expect(await values(col("n").eqNullSafe(null))).toEqual([false, false, true]);
  });

  it("arithmetic: nulls propagate, division is double; dividing by zero fails as in Spark 4 (ANSI)", async () => {
    expect(await values(col("n").plus(1))).toEqual([2, 3, null]);
    expect(await values(col("n").minus(col("x")))).toEqual([-1.5, null, null]);
    expect(await values(col("n").multiply(3))).toEqual([3, 6, null]);
    expect(await values(col("n").divide(2))).toEqual([0.5, 1, null]);
    expect(df.select(col("n").divide(2)).dtypes).toEqual([["(n / 2)", "double"]]);
    const failure = await df
      .select(col("n").divide(0))
      .collect()
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SparkArithmeticException);
    expect((failure as Error).message).toMatch(/^\[DIVIDE_BY_ZERO\] Division by zero\. Use `try_divide`/);
    expect((await df.selectExpr("try_divide(n, 0) AS v").collect()).map((r) => r.v)).toEqual([
      null,
      null,
      null,
    ]);
  });

  it("predicates: isin (list or varargs), isNull, isNotNull, like, contains, startsWith", async () => {
    expect(await values(col("n").isin(1, 3))).toEqual([true, false, null]);
    expect(await values(col("n").isin([1, 3]))).toEqual([true, false, null]);
    expect(await values(col("s").isNull())).toEqual([false, false, true]);
    expect(await values(col("s").isNotNull())).toEqual([true, true, false]);
    expect(await values(col("s").like("%an%"))).toEqual([false, true, null]);
    expect(await values(col("s").like("A_ple"))).toEqual([true, false, null]);
    expect(await values(col("s").contains("pp"))).toEqual([true, false, null]);
    expect(await values(col("s").startsWith("b"))).toEqual([false, true, null]);
  });

  it("cast (Spark truncates fractions), alias, asc/desc", async () => {
    expect(await values(col("x").cast("int"))).toEqual([2, null, -1]);
    expect(await values(col("n").cast("string"))).toEqual(["1", "2", null]);
    // A cast of a column keeps the column's name, in Column.cast and SQL's CAST alike (ResolveAliases).
    expect(df.select(col("x").cast("bigint")).dtypes).toEqual([["x", "bigint"]]);
    expect(df.selectExpr("CAST(x AS INT)").columns).toEqual(["x"]);
    expect(df.select(col("n").alias("m")).columns).toEqual(["m"]);
    expect((await df.orderBy(col("n").desc()).collect()).map((r) => r.n)).toEqual([2, 1, null]);
  });

  it("binary cast to a string is its UTF-8 text, as Spark reads a Kafka value", async () => {
    const bytes = t.spark.createDataFrame(
      [{ b: new TextEncoder().encode('{"a":"été"}') }, { b: null }],
      "b BINARY",
    );
    const rows = await bytes.select(col("b").cast("string").alias("s")).collect();
    expect(rows.map((r) => r.s)).toEqual(['{"a":"été"}', null]);
    expect((await bytes.selectExpr("CAST(b AS STRING) AS s").collect())[0].s).toBe('{"a":"été"}');
  });

  it("a number cast to a timestamp is seconds since the epoch, as in Spark", async () => {
    const seconds = t.spark.createDataFrame([{ d: 1704067200.5, l: 1704067200 }], "d DOUBLE, l BIGINT");
    const [row] = await seconds
      .select(col("d").cast("timestamp").alias("fromDouble"), col("l").cast("timestamp").alias("fromLong"))
      .collect();
    expect(row.fromDouble).toEqual(new Date(Date.UTC(2024, 0, 1, 0, 0, 0, 500)));
    expect(row.fromLong).toEqual(new Date(Date.UTC(2024, 0, 1)));
  });

  it("nested fields: col('a.b'), getField, and a window's start", async () => {
    const nested = t.spark.createDataFrame([{ a: { b: 1, c: "x" } }], "a STRUCT<b: INT, c: STRING>");
    expect(await nested.select(col("a.b"), col("a").getField("c")).collect()).toEqual([{ b: 1, "a.c": "x" }]);
    const windows = df
      .filter(col("ts").isNotNull())
      .groupBy(expr("window(ts, '1 day')"))
      .count()
      .select(col("window.start"), "count");
    expect(await windows.collect()).toEqual([{ start: new Date("2024-03-04T00:00:00Z"), count: 2 }]);
  });

  it("when/otherwise, coalesce, concat, lower, upper", async () => {
    const tier = when(col("n").eq(1), "one").when(col("n").eq(2), "two").otherwise("other");
    expect(await values(tier)).toEqual(["one", "two", "other"]);
    expect(await values(when(col("n").gt(1), 1))).toEqual([null, 1, null]);
    expect(await values(coalesce(col("x"), lit(0)))).toEqual([2.5, 0, -1]);
    expect(await values(concat(col("s"), lit("!")))).toEqual(["Apple!", "banana!", null]);
    expect(await values(lower("s"))).toEqual(["apple", "banana", null]);
    expect(await values(upper(col("s")))).toEqual(["APPLE", "BANANA", null]);
  });

  it("date and time: hour, to_timestamp, date_format with Java patterns, current_timestamp", async () => {
    expect(await values(hour("ts"))).toEqual([5, 23, null]);
    expect(await values(date_format("ts", "yyyy/MM/dd HH:mm:ss"))).toEqual([
      "2024/03/04 05:06:07",
      "2024/03/04 23:59:59",
      null,
    ]);
    expect(await values(date_format("ts", "EEE, d MMM yyyy"))).toEqual([
      "Mon, 4 Mar 2024",
      "Mon, 4 Mar 2024",
      null,
    ]);
    const parsed = t.spark.createDataFrame(
      [{ s: "2024-01-02 03:04:05" }, { s: "2024-01-02T03:04:05+02:00" }],
      "s STRING",
    );
    expect((await parsed.select(to_timestamp("s").alias("t")).collect()).map((r) => r.t)).toEqual([
      new Date("2024-01-02T03:04:05Z"),
      new Date("2024-01-02T01:04:05Z"),
    ]);
    const withFormat = t.spark.createDataFrame([{ s: "02/01/2024 10:30" }], "s STRING");
    expect((await withFormat.select(to_timestamp("s", "dd/MM/yyyy HH:mm").alias("t")).first())?.t).toEqual(
      new Date("2024-01-02T10:30:00Z"),
    );
    const before = Date.now();
    const now = (await df.select(current_timestamp().alias("now")).first())?.now as Date;
    expect(Math.abs(now.getTime() - before)).toBeLessThan(60_000);
    expect(df.select(current_timestamp()).columns).toEqual(["current_timestamp()"]);
  });

  it("aggregates: Spark's names, result types (count bigint, sum of ints bigint, avg double) and nulls", async () => {
    const agg = df.agg(count("*"), count("n"), sum("n"), avg("n"), min("s"), max("x"), countDistinct("s"));
    expect(agg.dtypes).toEqual([
      ["count(1)", "bigint"],
      ["count(n)", "bigint"],
      ["sum(n)", "bigint"],
      ["avg(n)", "double"],
      ["min(s)", "string"],
      ["max(x)", "double"],
      ["count(DISTINCT s)", "bigint"],
    ]);
    expect(await agg.first()).toEqual({
      "count(1)": 3,
      "count(n)": 2,
      "sum(n)": 3,
      "avg(n)": 1.5,
      "min(s)": "Apple",
      "max(x)": 2.5,
      "count(DISTINCT s)": 2,
    });
    // Over no rows: count is 0, the others null.
    const none = await df.filter(lit(false)).agg(count("n"), sum("n"), avg("x")).first();
    expect(none).toEqual({ "count(n)": 0, "sum(n)": null, "avg(x)": null });
  });

  it("first and last, with ignoreNulls", async () => {
    const ordered = t.spark.createDataFrame(
      [
        { k: 1, v: null },
        { k: 2, v: "b" },
        { k: 3, v: null },
      ],
      "k INT, v STRING",
    );
    const row = await ordered.agg(first("v"), first("v", true), last("v"), last("v", true)).first();
    expect(Object.values(row!)).toEqual([null, "b", null, "b"]);
  });

  it("approx_count_distinct stays within Spark's 5% relative error", async () => {
    for (const n of [1000, 20000]) {
      const rows = Array.from({ length: n * 2 }, (_, i) => ({ k: `key-${i % n}` }));
      const data = t.spark.createDataFrame(rows, "k STRING");
      const exact = new Set(rows.map((r) => r.k)).size;
      const estimate = (await data.agg(approx_count_distinct("k").alias("e")).first())?.e as number;
      expect(Math.abs(estimate - exact) / exact).toBeLessThan(0.05);
    }
    const tighter = t.spark.range(5000).agg(approx_count_distinct("id", 0.01).alias("e"));
    const e = (await tighter.first())?.e as number;
    expect(Math.abs(e - 5000) / 5000).toBeLessThan(0.01 * 3);
  });

  it("from_json: a struct of the JSON's values, unknown keys ignored, wrong types null, bad JSON all-null", async () => {
    const json = t.spark.createDataFrame(
      [
        { j: '{"a": 1, "b": "x\\n\\u00e9", "c": [1, 2], "d": {"e": true}, "extra": 0}' },
        { j: '{"a": "not a number", "b": 7}' },
        { j: "not json" },
        { j: null },
      ],
      "j STRING",
    );
    const parsed = json.select(
      from_json("j", "a INT, b STRING, c ARRAY<INT>, d STRUCT<e: BOOLEAN>").alias("p"),
    );
    expect(parsed.dtypes).toEqual([["p", "struct<a:int,b:string,c:array<int>,d:struct<e:boolean>>"]]);
    expect((await parsed.collect()).map((r) => r.p)).toEqual([
      { a: 1, b: "x\né", c: [1, 2], d: { e: true } },
      { a: null, b: "7", c: null, d: null },
      { a: null, b: null, c: null, d: null },
      null,
    ]);
    expect(json.select(from_json("j", "a INT")).columns).toEqual(["from_json(j)"]);
    const roundTrip = await json
      .limit(1)
      .select(to_json(from_json("j", "a INT, b STRING")).alias("s"))
      .first();
    expect(JSON.parse(roundTrip?.s as string)).toEqual({ a: 1, b: "x\né" });
  });

  it("explode: one row per element, named col (key and value for maps)", async () => {
    const arrays = t.spark.createDataFrame(
      [
        { id: 1, xs: [1, 2] },
        { id: 2, xs: [] },
        { id: 3, xs: null },
      ],
      "id INT, xs ARRAY<INT>",
    );
    const exploded = arrays.select("id", explode("xs"));
    expect(exploded.columns).toEqual(["id", "col"]);
    expect(await exploded.orderBy("col").collect()).toEqual([
      { id: 1, col: 1 },
      { id: 1, col: 2 },
    ]);
    const outer = await arrays.selectExpr("id", "explode_outer(xs) AS x").orderBy("id").collect();
    expect(outer).toEqual([
      { id: 1, x: 1 },
      { id: 1, x: 2 },
      { id: 2, x: null },
      { id: 3, x: null },
    ]);
    expect(await t.spark.sql("SELECT explode(map('a', 1))").collect()).toEqual([{ key: "a", value: 1 }]);
    expect(() => arrays.select(explode("xs").plus(1))).toThrow(/UNSUPPORTED_GENERATOR/);
  });

  it("what Spark users reach for next: string, math, date and array functions", async () => {
    const row = await t.spark
      .range(1)
      .selectExpr(
        "substring('hello', 2, 3) AS a",
        "split('a,b,,c', ',') AS b",
        "regexp_extract('id-42', '(\\\\d+)', 1) AS c",
        "round(2.5) AS d",
        "pmod(-7, 3) AS e",
        "datediff('2024-03-01', '2024-02-01') AS f",
        "date_add('2024-02-28', 2) AS g",
        "size(array(1, 2, 3)) AS h",
        "array_contains(array(1, 2), 2) AS i",
        "transform(array(1, 2), x -> x * 10) AS j",
        "nvl(NULL, 'z') AS k",
        "initcap('hello wORLD') AS l",
        "lpad('7', 3, '0') AS m",
      )
      .first();
    expect(row).toEqual({
      a: "ell",
      b: ["a", "b", "", "c"],
      c: "42",
      d: Decimal.parse("3"), // round(2.5): 2.5 is decimal(2,1), so decimal(2,0)
      e: 2,
      f: 29,
      g: new Date("2024-03-01T00:00:00Z"),
      h: 3,
      i: true,
      j: [10, 20],
      k: "z",
      l: "Hello World",
      m: "007",
    });
  });

  it("window functions: ranking, offsets and aggregates over Window specs, with Spark's default frames", async () => {
    const scores = [
      { team: "a", pts: 10 },
      { team: "a", pts: 30 },
      { team: "b", pts: 5 },
      { team: "a", pts: 20 },
      { team: "b", pts: 5 },
    ];
    const data = t.spark.createDataFrame(scores, "team STRING, pts INT");
    const byTeam = Window.partitionBy("team").orderBy(col("pts").desc());
    const rows = await data
      .select(
        "team",
        "pts",
        row_number().over(byTeam).alias("rn"),
        rank().over(byTeam).alias("rk"),
        lag("pts").over(byTeam).alias("prev"),
        sum("pts").over(Window.partitionBy("team")).alias("total"),
        sum("pts").over(byTeam.rowsBetween(Window.unboundedPreceding, Window.currentRow)).alias("running"),
      )
      .orderBy("team", col("pts").desc(), "rn")
      .collect();
    // Computed independently: per team, sorted by points descending.
    const expected = ["a", "b"].flatMap((team) => {
      const pts = scores
        .filter((s) => s.team === team)
        .map((s) => s.pts)
        .sort((x, y) => y - x);
      const total = pts.reduce((x, y) => x + y, 0);
      return pts.map((p, i) => ({
        team,
        pts: p,
        rn: i + 1,
        rk: pts.indexOf(p) + 1,
        prev: i === 0 ? null : pts[i - 1],
        total,
        running: pts.slice(0, i + 1).reduce((x, y) => x + y, 0),
      }));
    });
    expect(rows).toEqual(expected);
    expect(data.select(row_number().over(byTeam)).columns).toEqual([
      "row_number() OVER (PARTITION BY team ORDER BY pts DESC NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)",
    ]);
    expect(() => data.select(row_number())).toThrow(/requires an OVER clause/);
    expect(() => data.select(rank().over(Window.partitionBy("team")))).toThrow(
      /requires window to be ordered/,
    );
  });

  it("Spark's generated names", () => {
    expect(df.agg(count(lit(1)), sum("n"), avg(col("x"))).columns).toEqual(["count(1)", "sum(n)", "avg(x)"]);
    const names = df.select(
      col("n").plus(1),
      col("n").eq(1),
      col("n").neq(1),
      col("s").isNull(),
      col("n").isin(1, 2),
      col("x").cast("int"),
      when(col("n").eq(1), "one").otherwise("other"),
      lit("text"),
      col("s").like("a%"),
      col("n").negate(),
    ).columns;
    expect(names).toEqual([
      "(n + 1)",
      "(n = 1)",
      "(NOT (n = 1))",
      "(s IS NULL)",
      "(n IN (1, 2))",
      "x",
      "CASE WHEN (n = 1) THEN one ELSE other END",
      "text",
      "s LIKE a%",
      "(- n)",
    ]);
  });
});

/**
 * The functions wrappers of Spark's other built-ins, with PySpark 4's signatures: inputs and answers from the
 * examples of PySpark's functions reference (python/pyspark/sql/functions/builtin.py) and Spark's
 * expression docs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SparkThrowable } from "../../errors/SparkThrowableHelper";
import { type Column, col, functions as F, lit } from "../../index";
import { newTestSession, type TestSession } from "../../testing/fixtures";

describe("functions: Spark's other built-ins", () => {
  let t: TestSession;
  beforeAll(async () => {
    t = await newTestSession();
  });
  afterAll(() => t.cleanup());

  /** The value of each column over one row of `row` (typed by `schema`). */
  const one = async (row: Record<string, unknown>, schema: string, ...cs: Column[]) => {
    const df = t.spark.createDataFrame([row], schema);
    const [r] = await df.select(...cs.map((c, i) => c.alias(`v${i}`))).collect();
    return cs.map((_, i) => r[`v${i}`]);
  };

  it("patterns: like, ilike, rlike, regexp, regexp_count, regexp_substr", async () => {
    expect(
      await one(
        { a: "Spark", s: "1a 2b 14m", r: "(\\d+)" },
        "a STRING, s STRING, r STRING",
        F.like("a", lit("_park")),
        F.ilike("a", lit("%SpArk%")),
        F.like(lit("%SystemDrive%/Users/John"), lit("/%SystemDrive/%//Users%"), lit("/")),
        F.rlike("s", "r"),
        F.regexp("s", lit("\\d+a")),
        F.regexp_count("s", "r"),
        F.regexp_substr("s", "r"),
        F.regexp_substr("s", lit("z")),
      ),
    ).toEqual([true, true, true, true, true, 3, "1", null]);
  });

  it("math: hyperbolic and reciprocal trigonometry, pi, e, hypot, bin, unhex, width_bucket, shifts", async () => {
    const [acosh, asinh, atanh, cot, csc, sec, pi, e, hypot, bin, unhex, bucket, shl, shr] = await one(
      { x: 1 },
      "x INT",
      F.acosh(lit(1)),
      F.asinh(lit(0)),
      F.atanh(lit(0)),
      F.cot(lit(Math.PI / 4)),
      F.csc(lit(Math.PI / 2)),
      F.sec(lit(0)),
      F.pi(),
      F.e(),
      F.hypot(3, 4),
      F.bin(lit(5)),
      F.unhex(lit("414243")),
      F.width_bucket(lit(5.3), lit(0.2), lit(10.6), 5),
      F.shiftleft(lit(21), 1),
      F.shiftright(lit(42), 1),
    );
    expect([acosh, asinh, atanh, sec, pi, e, hypot, bin]).toEqual([0, 0, 0, 1, Math.PI, Math.E, 5, "101"]);
    expect(cot).toBeCloseTo(1, 12);
    expect(csc).toBeCloseTo(1, 12);
    expect(new TextDecoder().decode(unhex as Uint8Array)).toBe("ABC");
    expect([bucket, shl, shr]).toEqual([3, 42, 21]);
  });

  it("try_ arithmetic is null where Spark's ANSI arithmetic fails", async () => {
    expect(
      await one(
        { a: 6000, b: 15, z: 0 },
        "a INT, b INT, z INT",
        F.try_add("a", "b"),
        F.try_subtract("a", "b"),
        F.try_multiply("a", "b"),
        F.try_divide("a", "b"),
        F.try_divide("a", "z"),
        F.try_mod("a", "z"),
        F.try_add(lit(2147483647), lit(1)),
      ),
    ).toEqual([6015, 5985, 90000, 400, null, null, null]);
  });

  it("strings: btrim, chr, character_length, elt, find_in_set, format_number, overlay, position, substr", async () => {
    expect(
      await one(
        { s: "    SSparkSQLS  ", q: "SSparkSQLS", x: "SPARK_SQL" },
        "s STRING, q STRING, x STRING",
        F.btrim("s"),
        F.btrim("q", lit("SL")),
        F.chr(lit(65)),
        F.char(lit(65)),
        F.character_length(lit("SparkSQL")),
        F.elt(lit(1), lit("scala"), lit("java")),
        F.find_in_set(lit("ab"), lit("abc,b,ab,c,def")),
        F.format_number(lit(5), 4),
        F.overlay("x", lit("CORE"), 7),
        F.overlay("x", lit("CORE"), 7, 0),
        F.overlay("x", lit("ANSI "), 7, lit(0)),
        F.position(lit("bar"), lit("foobarbar")),
        F.position(lit("bar"), lit("foobarbar"), lit(5)),
        F.substr(lit("Spark SQL"), lit(5), lit(1)),
        F.substr(lit("Spark SQL"), lit(5)),
        F.lcase(lit("Spark")),
        F.ucase(lit("Spark")),
        F.is_valid_utf8(lit("Spark")),
      ),
    ).toEqual([
      "SSparkSQLS",
      "parkSQ",
      "A",
      "A",
      8,
      "scala",
      3,
      "5.0000",
      "SPARK_CORE",
      "SPARK_CORESQL",
      "SPARK_ANSI SQL",
      4,
      7,
      "k",
      "k SQL",
      "spark",
      "SPARK",
      true,
    ]);
  });

  it("dates: date_diff, dateadd, datepart, day, dayname, monthname, months_between, next_day", async () => {
    expect(
      await one(
        { d1: "2015-04-08", d2: "2015-05-10", t1: "1997-02-28 10:30:00", t2: "1996-10-30" },
        "d1 STRING, d2 STRING, t1 STRING, t2 STRING",
        F.date_diff("d2", "d1"),
        F.dateadd("d1", 1).cast("string"),
        F.datepart(lit("YEAR"), col("d1").cast("date")),
        F.day("d1"),
        F.dayname("d1"),
        F.monthname("d1"),
        F.months_between("t1", "t2"),
        F.months_between("t1", "t2", false),
        F.next_day(lit("2015-07-27"), "Sun").cast("string"),
      ),
    ).toEqual([32, "2015-04-09", 2015, 8, "Wed", "Apr", 3.94959677, 3.9495967741935485, "2015-08-02"]);
  });

  it("timestamps: make_timestamp, to_timestamp_ltz, to_unix_timestamp, window_time, current ones", async () => {
    t.spark.conf.set("spark.sql.session.timeZone", "UTC");
    const [made, ltz, unix, windowTime, zone, now] = await one(
      { ts: new Date("2016-03-11T09:00:07Z") },
      "ts TIMESTAMP",
      F.make_timestamp(lit(2014), lit(12), lit(28), lit(6), lit(30), lit(45.887)).cast("string"),
      F.to_timestamp_ltz(lit("2016-12-31")).cast("string"),
      F.to_unix_timestamp(lit("2016-04-08"), lit("yyyy-MM-dd")),
      F.window_time(F.window("ts", "5 seconds")).cast("string"),
      F.current_timezone(),
      F.now(),
    );
    expect([made, ltz, unix, windowTime, zone]).toEqual([
      "2014-12-28 06:30:45.887",
      "2016-12-31 00:00:00",
      1460073600,
      "2016-03-11 09:00:09.999999",
      "UTC",
    ]);
    expect(now).toBeInstanceOf(Date);
  });

  it("collections and hashes: sha, try_element_at, array_prepend, get, map_concat, typeof", async () => {
    const [sha, inRange, outOfRange, prepended, got, missing, merged, type] = await one(
      { a: [2, 3, 4] },
      "a ARRAY<INT>",
      F.sha(lit("Spark")),
      F.try_element_at("a", lit(2)),
      F.try_element_at("a", lit(5)),
      F.array_prepend("a", 1),
      F.get("a", 1),
      F.get("a", 3),
      F.map_concat(F.create_map(lit(1), lit("a"), lit(2), lit("b")), F.create_map(lit(3), lit("c"))),
      F.typeof(lit(1)),
    );
    expect([sha, inRange, outOfRange, prepended, got, missing, type]).toEqual([
      "85f5955f4b27a9a4c2aab6ffe5d7189fc298b92c",
      3,
      null,
      [1, 2, 3, 4],
      3,
      null,
      "int",
    ]);
    expect(merged).toEqual({ 1: "a", 2: "b", 3: "c" });
  });

  it("aggregates: kurtosis, skewness, std, approx_percentile, regr_*", async () => {
    const df = t.spark.createDataFrame(
      [
        { y: 1, x: 1 },
        { y: 1, x: 2 },
        { y: 2, x: 3 },
      ],
      "y INT, x DOUBLE",
    );
    const [r] = await df
      .agg(
        F.kurtosis("y").alias("kurtosis"),
        F.skewness("y").alias("skewness"),
        F.std("x").alias("std"),
        F.approx_percentile("x", [0.0, 1.0], 100).alias("ends"),
        F.regr_count("y", "x").alias("count"),
        F.regr_avgx("y", "x").alias("avgx"),
        F.regr_avgy("y", "x").alias("avgy"),
        F.regr_slope("y", "x").alias("slope"),
        F.regr_intercept("y", "x").alias("intercept"),
        F.regr_r2("y", "x").alias("r2"),
        F.regr_sxx("y", "x").alias("sxx"),
        F.regr_sxy("y", "x").alias("sxy"),
        F.regr_syy("y", "x").alias("syy"),
      )
      .collect();
    expect(r.kurtosis).toBeCloseTo(-1.5, 12);
    expect(r.skewness).toBeCloseTo(0.7071067811865475, 12);
    expect(r.std).toBe(1);
    expect([r.ends, r.count, r.avgx]).toEqual([[1, 3], 3, 2]);
    expect(r.avgy).toBeCloseTo(4 / 3, 12);
    expect(r.slope).toBeCloseTo(0.5, 12);
    expect(r.intercept).toBeCloseTo(1 / 3, 12);
    expect(r.r2).toBeCloseTo(0.75, 12);
    expect([r.sxx, r.sxy]).toEqual([2, 1]);
    expect(r.syy).toBeCloseTo(2 / 3, 12);
  });

  it("raise_error fails the query with USER_RAISED_EXCEPTION; input_file_* are Spark's unknown-file values", async () => {
    const failure = await t.spark
      .range(1)
      .select(F.raise_error("My error"))
      .collect()
      .catch((e: unknown) => e);
    expect((failure as SparkThrowable).getCondition()).toBe("USER_RAISED_EXCEPTION");
    expect((failure as Error).message).toMatch(/My error/);
    expect(
      await one(
        { x: 1 },
        "x INT",
        F.input_file_name(),
        F.input_file_block_start(),
        F.input_file_block_length(),
      ),
    ).toEqual(["", -1, -1]);
  });
});

/**
 * Cases of Spark's function suites for the functions issue 11 added, each named as in Spark's suite, with Spark's
 * inputs and expected answers: DataFrameFunctionsSuite (arrays_zip, shuffle) and DateFunctionsSuite
 * (from_utc_timestamp, to_utc_timestamp), higher-order-functions.sql (zip_with, map_filter, transform_values,
 * transform_keys), plus the seeded random functions, whose values cannot be Spark's (see
 * seededRandom.ts) but must repeat for a seed.
 *
 * "from_utc_timestamp with column zone" and "to_utc_timestamp with column zone" are in functions.zoneColumn.test.ts.
 *
 * Not ported:
 * - arrays_zip's `df6` (bytes 192 and 256 as a Scala `Byte` wrap) and `df8` (binary elements): Scala encoders.
 * - "SPARK-24633: arrays_zip splits input processing correctly" checks whole-stage codegen splitting; its
 *   answer is checked below.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import {
  array,
  array_sort,
  arrays_zip,
  col,
  from_utc_timestamp,
  lit,
  map_filter,
  rand,
  randn,
  shuffle,
  to_utc_timestamp,
  transform_values,
  uuid,
  zip_with,
} from "./functions";

let t: TestSession;
beforeAll(async () => {
  t = await newTestSession();
});
afterAll(() => t.cleanup());

const ts = (text: string) => new Date(`${text.replace(" ", "T")}Z`);
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : `not a timestamp: ${v}`);

describe("DataFrameFunctionsSuite", () => {
  it("dataframe arrays_zip function", async () => {
    const cases: [string, string, unknown[][]][] = [
      [
        "val1 array<int>, val2 array<int>",
        "SELECT array(9001, 9002, 9003) AS val1, array(4, 5, 6) AS val2",
        [
          [9001, 4],
          [9002, 5],
          [9003, 6],
        ],
      ],
      [
        "val1 array<string>, val2 array<boolean>, val3 array<int>",
        "SELECT array('a', 'b') AS val1, array(true, false) AS val2, array(10, 11) AS val3",
        [
          ["a", true, 10],
          ["b", false, 11],
        ],
      ],
      [
        "",
        "SELECT array('a', 'b') AS val1, array(4, 5, 6) AS val2",
        [
          ["a", 4],
          ["b", 5],
          [null, 6],
        ],
      ],
      [
        "",
        "SELECT array('a', 'b', null) AS val1, array(4L) AS val2",
        [
          ["a", 4],
          ["b", null],
          [null, null],
        ],
      ],
      [
        "",
        "SELECT array(-1) AS val1, array(CAST(NULL AS INT)) AS val2, CAST(array() AS ARRAY<INT>) AS val3, array(CAST(NULL AS INT), CAST(NULL AS INT)) AS val4",
        [
          [-1, null, null, null],
          [null, null, null, null],
        ],
      ],
      [
        "",
        "SELECT array(array(1, 2, 3), array(4, 5)) AS v1, array(1.1D, 2.2D) AS v2",
        [
          [[1, 2, 3], 1.1],
          [[4, 5], 2.2],
        ],
      ],
    ];
    for (const [, sql, expected] of cases) {
      const df = t.spark.sql(sql);
      const names = df.columns;
      for (const zipped of [
        df.select(arrays_zip(...names.map((n) => col(n)))),
        df.selectExpr(`arrays_zip(${names.join(", ")})`),
      ]) {
        const row = (await zipped.collect())[0];
        const value = Object.values(row)[0] as Record<string, unknown>[];
        expect(value.map((s) => names.map((n) => s[n]))).toEqual(expected);
      }
    }
  });

  it("SPARK-24633: arrays_zip splits input processing correctly", async () => {
    const df = t.spark.range(1);
    const exprs = [0, 1, 2, 3, 4, 5].map((x) => array(col("id").plus(lit(x))));
    const row = (await df.select(arrays_zip(...exprs).alias("z")).collect())[0];
    expect((row.z as Record<string, unknown>[]).map((s) => Object.values(s).map(Number))).toEqual([
      [0, 1, 2, 3, 4, 5],
    ]);
  });

  it("SPARK-35876: arrays_zip should retain field names", () => {
    const df = t.spark.sql("SELECT array(9001, 9002, 9003) AS val1, array(4, 5, 6) AS val2");
    const fieldsOf = (zipped: typeof df) => zipped.schema.simpleString();
    const named = "struct<zipped:array<struct<val1:int,val2:int>>>";
    // Fields are UnresolvedAttribute
    expect(
      fieldsOf(df.alias("foo").select(arrays_zip(col("foo.val1"), col("foo.val2")).alias("zipped"))),
    ).toBe(named);
    // Fields are resolved NamedExpression
    expect(fieldsOf(df.select(arrays_zip(df.col("val1"), df.col("val2")).alias("zipped")))).toBe(named);
    // Fields are unresolved NamedExpression
    expect(
      fieldsOf(df.select(arrays_zip(col("val1").alias("val3"), col("val2").alias("val4")).alias("zipped"))),
    ).toBe("struct<zipped:array<struct<val3:int,val4:int>>>");
    // Fields are neither UnresolvedAttribute nor NamedExpression
    expect(
      fieldsOf(df.select(arrays_zip(array_sort(col("val1")), array_sort(col("val2"))).alias("zipped"))),
    ).toBe("struct<zipped:array<struct<0:int,1:int>>>");
  });

  it("arrays_zip of one column twice names the repeat apart (Spark repeats it; DuckDB cannot)", async () => {
    const df = t.spark.sql("SELECT array('a', 'b') AS s");
    const zipped = df.select(arrays_zip(col("s"), col("s")).alias("z"));
    expect(zipped.schema.simpleString()).toBe("struct<z:array<struct<s:string,s_1:string>>>");
    expect((await zipped.collect())[0].z).toEqual([
      { s: "a", s_1: "a" },
      { s: "b", s_1: "b" },
    ]);
  });

  it("SPARK-40292: arrays_zip should retain field names in nested structs", () => {
    const df = t.spark.sql(`
      select
        named_struct(
          'arr_1', array(named_struct('a', 1, 'b', 2)),
          'arr_2', array(named_struct('p', 1, 'q', 2)),
          'field', named_struct(
            'arr_3', array(named_struct('x', 1, 'y', 2))
          )
        ) as obj`);
    const res = df.selectExpr("arrays_zip(obj.arr_1, obj.arr_2, obj.field.arr_3) as arr");
    expect(res.schema.simpleString()).toMatch(/^struct<arr:array<struct<arr_1:.*,arr_2:.*,arr_3:.*>>>$/);
  });

  it("SPARK-40470: arrays_zip should return field names in GetMapValue", async () => {
    const df = t.spark.sql("select map('arr_1', array(1, 2), 'arr_2', array(3, 4)) as map_obj");
    const res = df.selectExpr("arrays_zip(map_obj.arr_1, map_obj.arr_2) as arr");
    expect(res.schema.simpleString()).toBe("struct<arr:array<struct<arr_1:int,arr_2:int>>>");
    expect((await res.collect())[0].arr).toEqual([
      { arr_1: 1, arr_2: 3 },
      { arr_1: 2, arr_2: 4 },
    ]);
  });

  it("arrays_zip of a null array is null", async () => {
    const row = await t.spark.sql("SELECT arrays_zip(array(1), CAST(NULL AS ARRAY<INT>)) AS z").first();
    expect(row?.z).toBeNull();
  });

  it("shuffle function - array for primitive type not containing null", async () => {
    const df = t.spark.sql(
      "SELECT array(1, 9, 8, 7) AS a UNION ALL SELECT array(5, 8, 9, 7, 2) UNION ALL SELECT array(4, 1)",
    );
    const rows = await df.select(shuffle(col("a")).alias("s"), col("a")).collect();
    for (const row of rows) expect([...(row.s as number[])].sort()).toEqual([...(row.a as number[])].sort());
    // The same seed: the same permutations, run after run.
    const seeded = async () => (await df.select(shuffle(col("a"), 7).alias("s")).collect()).map((r) => r.s);
    expect(await seeded()).toEqual(await seeded());
    const sql = async () => (await df.selectExpr("shuffle(a, 7) AS s").collect()).map((r) => r.s);
    expect(await sql()).toEqual(await seeded());
  });
});

describe("DateFunctionsSuite", () => {
  const df = () =>
    t.spark.sql(
      "SELECT TIMESTAMP '2015-07-24 00:00:00' AS a, '2015-07-24 00:00:00' AS b UNION ALL SELECT TIMESTAMP '2015-07-25 00:00:00', '2015-07-25 00:00:00'",
    );
  const values = async (d: ReturnType<typeof df>) =>
    (await d.collect()).map((r) => (Object.values(r)[0] as Date).toISOString());

  it("from_utc_timestamp with literal zone", async () => {
    const expected = [ts("2015-07-23 17:00:00"), ts("2015-07-24 17:00:00")].map((d) => d.toISOString());
    for (const zone of ["America/Los_Angeles", "PST"]) {
      expect(await values(df().select(from_utc_timestamp(col("a"), zone)))).toEqual(expected);
      expect(await values(df().select(from_utc_timestamp(col("b"), zone)))).toEqual(expected);
    }
  });

  it("to_utc_timestamp with literal zone", async () => {
    const expected = [ts("2015-07-24 07:00:00"), ts("2015-07-25 07:00:00")].map((d) => d.toISOString());
    expect(await values(df().select(to_utc_timestamp(col("a"), "America/Los_Angeles")))).toEqual(expected);
    expect(await values(df().select(to_utc_timestamp(col("b"), "America/Los_Angeles")))).toEqual(expected);
  });

  it("from_utc_timestamp and to_utc_timestamp with an offset zone (Spark's CEST, +02:00)", async () => {
    expect(await values(df().select(from_utc_timestamp(col("a"), "+02:00")))).toEqual([
      ts("2015-07-24 02:00:00").toISOString(),
      ts("2015-07-25 02:00:00").toISOString(),
    ]);
    expect(await values(df().select(to_utc_timestamp(col("b"), "+02:00")))).toEqual([
      ts("2015-07-23 22:00:00").toISOString(),
      ts("2015-07-24 22:00:00").toISOString(),
    ]);
  });

  it("SPARK-30752: convert time zones on a daylight saving day", async () => {
    const row = await t.spark
      .sql("SELECT '2019-11-03T12:00:00' AS localTs")
      .select(to_utc_timestamp(col("localTs"), "Asia/Hong_Kong").alias("v"))
      .first();
    expect(iso(row?.v)).toBe(ts("2019-11-03 04:00:00").toISOString());
  });

  it("a time in a daylight saving gap moves forward; one in an overlap takes the earlier offset", async () => {
    const row = await t.spark
      .sql(
        "SELECT to_utc_timestamp(TIMESTAMP '2019-03-10 02:30:00', 'America/New_York') AS gap, to_utc_timestamp(TIMESTAMP '2019-11-03 01:30:00', 'America/New_York') AS overlap, from_utc_timestamp(TIMESTAMP '2019-03-10 10:30:00', 'America/New_York') AS dst, from_utc_timestamp(TIMESTAMP '2015-07-24 00:00:00', 'GMT+8') AS gmt, from_utc_timestamp(CAST(NULL AS TIMESTAMP), 'UTC') AS n",
      )
      .first();
    expect(iso(row?.gap)).toBe(ts("2019-03-10 07:30:00").toISOString());
    expect(iso(row?.overlap)).toBe(ts("2019-11-03 05:30:00").toISOString());
    expect(iso(row?.dst)).toBe(ts("2019-03-10 06:30:00").toISOString());
    expect(iso(row?.gmt)).toBe(ts("2015-07-24 08:00:00").toISOString());
    expect(row?.n).toBeNull();
  });

  it("the result is named and typed as Spark's", () => {
    const d = df().select(from_utc_timestamp(col("a"), "PST"), to_utc_timestamp(col("b"), "+02:00"));
    expect(d.columns).toEqual(["from_utc_timestamp(a, PST)", "to_utc_timestamp(b, +02:00)"]);
    expect(d.dtypes.map(([, type]) => type)).toEqual(["timestamp", "timestamp"]);
  });

  it("an unknown zone is refused", () => {
    expect(() => df().select(from_utc_timestamp(col("a"), "Mars/Olympus")).columns).toThrow(
      /Unknown time-zone ID: Mars\/Olympus/,
    );
  });
});

describe("random functions with a seed", () => {
  it("rand(seed), randn(seed) and uuid(seed) repeat run after run; without a seed they differ", async () => {
    const df = t.spark.range(20);
    const draw = async (seed?: number) =>
      (await df.select(rand(seed).alias("u"), randn(seed).alias("n"), uuid(seed).alias("id")).collect()).map(
        (r) => [r.u, r.n, r.id],
      );
    const first = await draw(42);
    expect(await draw(42)).toEqual(first);
    expect(await draw(43)).not.toEqual(first);
    expect(await draw()).not.toEqual(await draw());
    for (const [u, , id] of first) {
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(new Set(first.map(([u]) => u)).size).toBe(20);
  });

  it("SQL's rand(seed) in a filter keeps the same rows run after run", async () => {
    const kept = async () =>
      (await t.spark.sql("SELECT id FROM range(100) WHERE rand(7) < 0.5").collect()).map((r) => r.id);
    const once = await kept();
    expect(await kept()).toEqual(once);
    expect(once.length).toBeGreaterThan(20);
    expect(once.length).toBeLessThan(80);
  });

  it("a seed that is not an integer literal is refused", () => {
    expect(() => t.spark.range(1).select(rand().alias("r")).columns).not.toThrow();
    expect(() => t.spark.sql("SELECT rand(id) FROM range(1)").columns).toThrow(/seed/);
  });
});

describe("higher-order functions over two values (Spark's higher-order-functions.sql)", () => {
  it("zip_with: elements merged pairwise, the shorter array padded with nulls", async () => {
    const row = await t.spark
      .sql(
        "SELECT zip_with(array(1, 2, 3), array(10, 20), (x, y) -> x + y) AS a, zip_with(CAST(NULL AS ARRAY<INT>), array(1), (x, y) -> x) AS c",
      )
      .first();
    expect(row?.a).toEqual([11, 22, null]);
    expect(row?.c).toBeNull();
    const df = t.spark.sql("SELECT array(1, 2) AS xs, array(3, 4) AS ys");
    const api = await df.select(zip_with("xs", "ys", (x, y) => x.multiply(y)).alias("p")).first();
    expect(api?.p).toEqual([3, 8]);
  });

  it("map_filter, transform_values and transform_keys see key and value", async () => {
    const row = await t.spark
      .sql(
        "SELECT map_filter(map(1, 0, 2, 2, 3, -1), (k, v) -> k > v) AS f, transform_values(map(1, 1, 2, 2), (k, v) -> k + v) AS tv, transform_keys(map(1, 1, 2, 2), (k, v) -> k + 10) AS tk",
      )
      .first();
    const entries = (m: unknown) => (m instanceof Map ? [...m.entries()] : Object.entries(m as object));
    expect(entries(row?.f).map(([k, v]) => [Number(k), v])).toEqual([
      [1, 0],
      [3, -1],
    ]);
    expect(entries(row?.tv).map(([k, v]) => [Number(k), v])).toEqual([
      [1, 2],
      [2, 4],
    ]);
    expect(entries(row?.tk).map(([k, v]) => [Number(k), v])).toEqual([
      [11, 1],
      [12, 2],
    ]);
    const df = t.spark.sql("SELECT map('x', 1, 'y', 5) AS m");
    const api = await df
      .select(
        map_filter("m", (_k, v) => v.gt(2)).alias("big"),
        transform_values("m", (_k, v) => v.multiply(10)).alias("tens"),
      )
      .first();
    expect(entries(api?.big)).toEqual([["y", 5]]);
    expect(entries(api?.tens)).toEqual([
      ["x", 10],
      ["y", 50],
    ]);
  });
});

describe("higher-order-functions.sql: lambdas with typed parameters", () => {
  const NESTED = `CREATE OR REPLACE TEMPORARY VIEW nested AS VALUES
    (1, array(32, 97), array(array(12, 99), array(123, 42), array(1))),
    (2, array(77, -76), array(array(6, 96, 65), array(-1, -2))),
    (3, array(12), array(array(17)))
    AS t(x, ys, zs)`;
  /** The query's schema and its rows as JSON, sorted as the .sql.out files print them. */
  const run = async (query: string) => {
    const df = t.spark.sql(query);
    const rows = (await df.collect()).map((r) => JSON.stringify(r.v));
    return {
      schema: df.schema.fields.map((f) => `${f.name}:${f.dataType.simpleString()}`),
      rows: rows.sort(),
    };
  };
  const cases: [string, string, string[]][] = [
    [
      "select transform(ys, (y, i) -> y + i) as v from nested",
      "v:array<int>",
      ["[12]", "[32,98]", "[77,-75]"],
    ],
    [
      "select transform(zs, z -> concat(ys, z)) as v from nested",
      "v:array<array<int>>",
      ["[[12,17]]", "[[32,97,12,99],[32,97,123,42],[32,97,1]]", "[[77,-76,6,96,65],[77,-76,-1,-2]]"],
    ],
    ["select aggregate(ys, 0, (y, a) -> y + a + x) as v from nested", "v:int", ["131", "15", "5"]],
    [
      "select aggregate(ys, (0 as sum, 0 as n), (acc, x) -> (acc.sum + x, acc.n + 1), acc -> acc.sum / acc.n) as v from nested",
      "v:double",
      ["0.5", "12", "64.5"],
    ],
    [
      "select transform(zs, z -> reduce(z, 1, (acc, val) -> acc * val * size(z))) as v from nested",
      "v:array<int>",
      ["[1010880,8]", "[17]", "[4752,20664,1]"],
    ],
    [
      "select zip_with(ys, zs, (a, b) -> a + size(b)) as v from nested",
      "v:array<int>",
      ["[13]", "[34,99,null]", "[80,-74]"],
    ],
    [
      "select zip_with(array('a', 'b', 'c'), array('d', 'e', 'f'), (x, y) -> concat(x, y)) as v",
      "v:array<string>",
      ['["ad","be","cf"]'],
    ],
    [
      "select zip_with(array('a'), array('d', null, 'f'), (x, y) -> coalesce(x, y)) as v",
      "v:array<string>",
      ['["a",null,"f"]'],
    ],
    [
      "select transform(ys, (all, i) -> all + i) as v from values (array(32, 97)) as t(ys)",
      "v:array<int>",
      ["[32,98]"],
    ],
    [
      "select aggregate(split('abcdefgh',''), array(array('')), (acc, x) -> array(array(x))) as v",
      "v:array<array<string>>",
      ['[["h"]]'],
    ],
  ];
  for (const [query, schema, rows] of cases) {
    it(query, async () => {
      t.spark.sql(NESTED);
      expect(await run(query)).toEqual({ schema: [schema], rows });
    });
  }

  it("a type-checked function of a map lambda's key and value (transform_keys, map_filter)", async () => {
    const row = await t.spark
      .sql(
        "SELECT transform_keys(map('a', 1, 'b', 2), (k, v) -> concat(k, cast(v AS STRING))) AS tk, map_filter(map('a', 1, 'b', 2), (k, v) -> upper(k) = 'A') AS mf, filter(array('a', 'B'), (x, i) -> upper(x) = 'B' AND i = 1) AS f",
      )
      .first();
    const entries = (m: unknown) => (m instanceof Map ? [...m.entries()] : Object.entries(m as object));
    expect(entries(row?.tk)).toEqual([
      ["a1", 1],
      ["b2", 2],
    ]);
    expect(entries(row?.mf)).toEqual([["a", 1]]);
    expect(row?.f).toEqual(["B"]);
  });
});

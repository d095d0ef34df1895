/**
 * issue 11: Spark's listagg.sql (sql-tests, Spark master) with its inputs and answers, in SQL and through the
 * functions API (listagg, listagg_distinct, string_agg, string_agg_distinct).
 *
 * Adapted, not changed in meaning:
 * - `FROM (VALUES ...) AS t(a, b)` is written `FROM VALUES ... AS t(a, b)` and binary literals `X'DEAD'` as
 *   `unhex('DEAD')`: Sluice's SQL parser reads neither form yet.
 * - `SELECT listagg(b) FROM df GROUP BY a` without WITHIN GROUP: the values' order is the aggregation's (Spark's
 *   is its input order, DuckDB's may differ), so the groups are compared as the multisets of their characters.
 * Not ported:
 * - the collation cases (`ORDER BY c1 COLLATE utf8_lcase`, `listagg(DISTINCT c1 COLLATE utf8_lcase)`): DuckDB's
 *   string_agg orders and deduplicates by binary value.
 * - `listagg(DISTINCT a) OVER (ORDER BY a)` (DISTINCT_WINDOW_FUNCTION_UNSUPPORTED): not refused yet.
 * - The FUNCTION_AND_ORDER_EXPRESSION_MISMATCH cases are Spark master's INVALID_WITHIN_GROUP_EXPRESSION
 *   .MISMATCH_WITH_DISTINCT_INPUT, which Sluice raises.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import { col, listagg, listagg_distinct, lit, string_agg, string_agg_distinct } from "./functions";

let t: TestSession;
beforeAll(async () => {
  t = await newTestSession();
  t.spark
    .sql(
      "CREATE TEMP VIEW df AS SELECT * FROM VALUES ('a', 'b'), ('a', 'c'), ('b', 'c'), ('b', 'd'), (NULL, NULL) AS t(a, b)",
    )
    .collect();
  t.spark
    .sql("CREATE TEMP VIEW df2 AS SELECT * FROM VALUES (1, true), (2, false), (3, false) AS t(a, b)")
    .collect();
  t.spark
    .sql("CREATE TEMP VIEW bin AS SELECT unhex(h) AS c1 FROM VALUES ('DEAD'), ('BEEF') AS v(h)")
    .collect();
});
afterAll(() => t.cleanup());

const hex = (v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString("hex").toUpperCase() : v);

/** The query's schema and rows (binaries in hex). */
const query = async (sql: string) => {
  const df = t.spark.sql(sql);
  const rows = (await df.collect()).map((r) => df.columns.map((c) => hex(r[c])));
  return { schema: df.schema.simpleString(), rows };
};

const error = (f: () => unknown): { condition?: string; parameters?: Record<string, string> } => {
  try {
    f();
  } catch (e) {
    const x = e as { getCondition?: () => string; getMessageParameters?: () => Record<string, string> };
    return { condition: x.getCondition?.(), parameters: x.getMessageParameters?.() };
  }
  return {};
};

const sorted = (rows: unknown[][]) =>
  rows
    .map((r) => (typeof r[0] === "string" ? [...r[0]].sort().join("") : r[0]))
    .sort((a, b) => String(a).localeCompare(String(b)));

describe("listagg.sql", () => {
  it("listagg and string_agg per group, with and without a delimiter", async () => {
    for (const [sql, schema] of [
      ["SELECT listagg(b) FROM df GROUP BY a", "struct<listagg(b, NULL):string>"],
      ["SELECT string_agg(b) FROM df GROUP BY a", "struct<string_agg(b, NULL):string>"],
      ["SELECT listagg(b, NULL) FROM df GROUP BY a", "struct<listagg(b, NULL):string>"],
    ]) {
      const r = await query(sql);
      expect(r.schema).toBe(schema);
      expect(sorted(r.rows)).toEqual(sorted([[null], ["bc"], ["cd"]]));
    }
    expect(await query("SELECT listagg(b) FROM df WHERE 1 != 1")).toEqual({
      schema: "struct<listagg(b, NULL):string>",
      rows: [[null]],
    });
    const piped = await query("SELECT listagg(b, '|') FROM df GROUP BY a");
    expect(piped.schema).toBe("struct<listagg(b, |):string>");
    expect(
      piped.rows.map((r) => (typeof r[0] === "string" ? r[0].split("|").sort().join("|") : r[0])).sort(),
    ).toEqual(["b|c", "c|d", null].sort());
    expect(await query("SELECT listagg(a) FROM df")).toEqual({
      schema: "struct<listagg(a, NULL):string>",
      rows: [["aabb"]],
    });
    expect(await query("SELECT listagg(DISTINCT a) FROM df")).toEqual({
      schema: "struct<listagg(DISTINCT a, NULL):string>",
      rows: [["ab"]],
    });
  });

  it("WITHIN GROUP (ORDER BY ...)", async () => {
    const cases: [string, string, string][] = [
      [
        "SELECT listagg(a) WITHIN GROUP (ORDER BY a) FROM df",
        "listagg(a, NULL) WITHIN GROUP (ORDER BY a ASC NULLS FIRST)",
        "aabb",
      ],
      [
        "SELECT listagg(a) WITHIN GROUP (ORDER BY a DESC) FROM df",
        "listagg(a, NULL) WITHIN GROUP (ORDER BY a DESC NULLS LAST)",
        "bbaa",
      ],
      [
        "SELECT listagg(a) WITHIN GROUP (ORDER BY b) FROM df",
        "listagg(a, NULL) WITHIN GROUP (ORDER BY b ASC NULLS FIRST)",
        "aabb",
      ],
      [
        "SELECT listagg(a) WITHIN GROUP (ORDER BY b DESC) FROM df",
        "listagg(a, NULL) WITHIN GROUP (ORDER BY b DESC NULLS LAST)",
        "baba",
      ],
      [
        "SELECT listagg(a, '|') WITHIN GROUP (ORDER BY b DESC) FROM df",
        "listagg(a, |) WITHIN GROUP (ORDER BY b DESC NULLS LAST)",
        "b|a|b|a",
      ],
      [
        "SELECT listagg(a) WITHIN GROUP (ORDER BY b DESC, a ASC) FROM df",
        "listagg(a, NULL) WITHIN GROUP (ORDER BY b DESC NULLS LAST, a ASC NULLS FIRST)",
        "baba",
      ],
      [
        "SELECT listagg(a) WITHIN GROUP (ORDER BY b DESC, a DESC) FROM df",
        "listagg(a, NULL) WITHIN GROUP (ORDER BY b DESC NULLS LAST, a DESC NULLS LAST)",
        "bbaa",
      ],
    ];
    for (const [sql, name, value] of cases)
      expect(await query(sql)).toEqual({ schema: `struct<${name}:string>`, rows: [[value]] });
  });

  it("over a window", async () => {
    const partitioned = await query(
      "SELECT listagg(a) WITHIN GROUP (ORDER BY a DESC) OVER (PARTITION BY b) FROM df",
    );
    expect(partitioned.schema).toBe(
      "struct<listagg(a, NULL) WITHIN GROUP (ORDER BY a DESC NULLS LAST) OVER (PARTITION BY b ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING):string>",
    );
    expect(sorted(partitioned.rows)).toEqual(sorted([[null], ["a"], ["b"], ["ba"], ["ba"]]));
    const ordered = await query("SELECT listagg(a) OVER (ORDER BY a) FROM df");
    expect(ordered.schema).toBe(
      "struct<listagg(a, NULL) OVER (ORDER BY a ASC NULLS FIRST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW):string>",
    );
    expect(sorted(ordered.rows)).toEqual(sorted([[null], ["aa"], ["aa"], ["aabb"], ["aabb"]]));
    for (const sql of [
      "SELECT listagg(a) WITHIN GROUP (ORDER BY a) OVER (ORDER BY a) FROM df",
      "SELECT string_agg(a) WITHIN GROUP (ORDER BY a) OVER (ORDER BY a) FROM df",
    ])
      expect(error(() => t.spark.sql(sql).columns)).toEqual({
        condition: "INVALID_WINDOW_SPEC_FOR_AGGREGATION_FUNC",
        parameters: { aggFunc: '"listagg(a, NULL, a)"' },
      });
  });

  it("binaries, and other values cast to strings", async () => {
    expect(await query("SELECT listagg(c1) FROM bin")).toEqual({
      schema: "struct<listagg(c1, NULL):binary>",
      rows: [["DEADBEEF"]],
    });
    expect((await query("SELECT listagg(c1, NULL) FROM bin")).rows).toEqual([["DEADBEEF"]]);
    expect((await query("SELECT listagg(c1, unhex('42')) FROM bin")).rows).toEqual([["DEAD42BEEF"]]);
    expect(await query("SELECT listagg(a), listagg(b, ',') FROM df2")).toEqual({
      schema: "struct<listagg(a, NULL):string,listagg(b, ,):string>",
      rows: [["123", "true,false,false"]],
    });
  });

  it("Spark's errors", () => {
    expect(
      error(() => t.spark.sql("SELECT listagg(c1) FROM VALUES (ARRAY('a', 'b')) AS t(c1)").columns),
    ).toEqual({
      condition: "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
      parameters: {
        inputSql: '"c1"',
        inputType: '"ARRAY<STRING>"',
        paramIndex: "first",
        requiredType: '("STRING" or "BINARY")',
        sqlExpr: '"listagg(c1, NULL)"',
      },
    });
    expect(error(() => t.spark.sql("SELECT listagg(c1, ', ') FROM bin").columns)).toEqual({
      condition: "DATATYPE_MISMATCH.DATA_DIFF_TYPES",
      parameters: {
        dataType: '("BINARY" or "STRING")',
        functionName: "`listagg`",
        sqlExpr: '"listagg(c1, , )"',
      },
    });
    expect(error(() => t.spark.sql("SELECT listagg(b, a) FROM df GROUP BY a").columns)).toEqual({
      condition: "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT",
      parameters: {
        inputExpr: '"a"',
        inputName: "`delimiter`",
        inputType: '"STRING"',
        sqlExpr: '"listagg(b, a)"',
      },
    });
    expect(
      error(() => t.spark.sql("SELECT listagg(DISTINCT a) WITHIN GROUP (ORDER BY b) FROM df").columns),
    ).toEqual({
      condition: "INVALID_WITHIN_GROUP_EXPRESSION.MISMATCH_WITH_DISTINCT_INPUT",
      parameters: { funcName: "`listagg`", funcArg: '"a"', orderingExpr: '"b"' },
    });
    expect(
      error(() => t.spark.sql("SELECT listagg(DISTINCT a) WITHIN GROUP (ORDER BY a, b) FROM df").columns)
        .parameters,
    ).toMatchObject({ orderingExpr: '"a", "b"' });
  });
});

describe("listagg through the functions API", () => {
  it("listagg, listagg_distinct, string_agg and string_agg_distinct", async () => {
    const df = t.spark.createDataFrame([["a"], ["b"], ["a"], [null]], "s string");
    const row = await df
      .agg(
        listagg(col("s")).alias("l"),
        listagg("s", ",").alias("lc"),
        listagg_distinct("s", "-").alias("ld"),
        string_agg("s", lit("/")).alias("sa"),
        string_agg_distinct("s").alias("sd"),
      )
      .first();
    expect([...String(row?.l)].sort().join("")).toBe("aab");
    expect(String(row?.lc).split(",").sort()).toEqual(["a", "a", "b"]);
    expect(String(row?.ld).split("-").sort()).toEqual(["a", "b"]);
    expect(String(row?.sa).split("/").sort()).toEqual(["a", "a", "b"]);
    expect([...String(row?.sd)].sort().join("")).toBe("ab");
    expect(df.agg(listagg("s")).columns).toEqual(["listagg(s, NULL)"]);
    expect(df.agg(string_agg_distinct("s", ",")).columns).toEqual(["string_agg(DISTINCT s, ,)"]);
  });
});

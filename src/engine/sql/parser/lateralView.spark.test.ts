/**
 * `LATERAL VIEW [OUTER] generator(...) tableAlias [AS col, ...]` and generators as table-valued functions in
 * FROM, with the examples and answers of Spark's SQL reference (`docs/sql-ref-syntax-qry-select-lateral-view.md`,
 * `docs/sql-ref-syntax-qry-select-tvf.md`) and of `sql-tests/inputs/generators.sql` where they apply.
 *
 * Not ported:
 * - the Hive `TRANSFORM` and UDTF examples of the same pages: they need a JVM (Hive classes).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnalysisException } from "../../index";
import { newTestSession, type TestSession } from "../../testing/fixtures";

let t: TestSession;
beforeAll(async () => {
  t = await newTestSession();
  await t.spark
    .sql(`CREATE OR REPLACE TEMPORARY VIEW person AS SELECT * FROM VALUES
      (100, 'John', 30, 1, 'Street 1'),
      (200, 'Mary', NULL, 1, 'Street 2'),
      (300, 'Mike', 80, 3, 'Street 3'),
      (400, 'Dan', 50, 4, 'Street 4')
      AS person(id, name, age, class, address)`)
    .collect();
  await t.spark
    .sql(`CREATE OR REPLACE TEMPORARY VIEW t1 AS SELECT * FROM VALUES
      (1, array(1, 2), map('a', 1)), (2, array(), map()), (3, null, map('b', 2, 'c', 3))
      AS t1(id, arr, m)`)
    .collect();
});
afterAll(() => t.cleanup());

/** The rows as arrays of values, sorted by their JSON text (Spark's reference prints them unordered). */
async function rowsOf(query: string): Promise<{ columns: string[]; rows: unknown[][] }> {
  const df = t.spark.sql(query);
  return { columns: df.columns, rows: sorted((await df.collect()).map((r) => Object.values({ ...r }))) };
}

const sorted = (rows: unknown[][]) =>
  [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

const PEOPLE: unknown[][] = [
  [100, "John", 30, 1, "Street 1"],
  [200, "Mary", null, 1, "Street 2"],
  [300, "Mike", 80, 3, "Street 3"],
  [400, "Dan", 50, 4, "Street 4"],
];

describe("sql-ref-syntax-qry-select-lateral-view", () => {
  it("SELECT * FROM person LATERAL VIEW EXPLODE(ARRAY(30, 60)) tableName AS c_age LATERAL VIEW EXPLODE(ARRAY(40, 80)) AS d_age", async () => {
    const out = await rowsOf(
      "SELECT * FROM person LATERAL VIEW EXPLODE(ARRAY(30, 60)) tableName AS c_age LATERAL VIEW EXPLODE(ARRAY(40, 80)) AS d_age",
    );
    expect(out.columns).toEqual(["id", "name", "age", "class", "address", "c_age", "d_age"]);
    expect(out.rows).toEqual(
      sorted(PEOPLE.flatMap((p) => [30, 60].flatMap((c) => [40, 80].map((d) => [...p, c, d])))),
    );
  });

  it("SELECT c_age, COUNT(1) FROM person LATERAL VIEW ... GROUP BY c_age", async () => {
    const out = await rowsOf(
      "SELECT c_age, COUNT(1) FROM person LATERAL VIEW EXPLODE(ARRAY(30, 60)) AS c_age LATERAL VIEW EXPLODE(ARRAY(40, 80)) AS d_age GROUP BY c_age",
    );
    expect(out).toEqual({
      columns: ["c_age", "count(1)"],
      rows: [
        [30, 8],
        [60, 8],
      ],
    });
  });

  it("SELECT * FROM person LATERAL VIEW EXPLODE(ARRAY()) tableName AS c_age", async () => {
    const out = await rowsOf("SELECT * FROM person LATERAL VIEW EXPLODE(ARRAY()) tableName AS c_age");
    expect(out).toEqual({ columns: ["id", "name", "age", "class", "address", "c_age"], rows: [] });
  });

  it("SELECT * FROM person LATERAL VIEW OUTER EXPLODE(ARRAY()) tableName AS c_age", async () => {
    const out = await rowsOf("SELECT * FROM person LATERAL VIEW OUTER EXPLODE(ARRAY()) tableName AS c_age");
    expect(out.columns).toEqual(["id", "name", "age", "class", "address", "c_age"]);
    expect(out.rows).toEqual(PEOPLE.map((p) => [...p, null]));
  });
});

describe("LATERAL VIEW over each generator", () => {
  it("explode: the generated column beside its row, named by AS or `col`; qualified by the view's alias", async () => {
    expect(await rowsOf("SELECT id, x FROM t1 LATERAL VIEW explode(arr) tt AS x")).toEqual({
      columns: ["id", "x"],
      rows: [
        [1, 1],
        [1, 2],
      ],
    });
    expect((await rowsOf("SELECT * FROM t1 LATERAL VIEW explode(arr) tt")).columns).toEqual([
      "id",
      "arr",
      "m",
      "col",
    ]);
    expect(
      await rowsOf("SELECT t1.id, tt.x FROM t1 LATERAL VIEW explode(arr) tt AS x WHERE tt.x > 1"),
    ).toEqual({
      columns: ["id", "x"],
      rows: [[1, 2]],
    });
  });

  it("OUTER keeps a row whose array is empty or null, with nulls for the generated columns", async () => {
    expect(await rowsOf("SELECT id, x FROM t1 LATERAL VIEW OUTER explode(arr) tt AS x")).toEqual({
      columns: ["id", "x"],
      rows: [
        [1, 1],
        [1, 2],
        [2, null],
        [3, null],
      ],
    });
    expect(
      (await rowsOf("SELECT id, p, x FROM t1 LATERAL VIEW OUTER posexplode(arr) tt AS p, x")).rows,
    ).toEqual([
      [1, 0, 1],
      [1, 1, 2],
      [2, null, null],
      [3, null, null],
    ]);
  });

  it("posexplode and explode of a map: one alias per column", async () => {
    expect(await rowsOf("SELECT id, p, x FROM t1 LATERAL VIEW posexplode(arr) tt AS p, x")).toEqual({
      columns: ["id", "p", "x"],
      rows: [
        [1, 0, 1],
        [1, 1, 2],
      ],
    });
    expect(await rowsOf("SELECT id, k, v FROM t1 LATERAL VIEW explode(m) tt AS k, v")).toEqual({
      columns: ["id", "k", "v"],
      rows: [
        [1, "a", 1],
        [3, "b", 2],
        [3, "c", 3],
      ],
    });
  });

  it("inline and json_tuple", async () => {
    expect(
      await rowsOf(
        "SELECT id, a, b FROM t1 LATERAL VIEW inline(array(named_struct('p', id, 'q', 'x'), named_struct('p', id * 10, 'q', 'y'))) tt AS a, b",
      ),
    ).toEqual({
      columns: ["id", "a", "b"],
      rows: [
        [1, 1, "x"],
        [1, 10, "y"],
        [2, 2, "x"],
        [2, 20, "y"],
        [3, 3, "x"],
        [3, 30, "y"],
      ],
    });
    expect(
      await rowsOf(
        `SELECT id, c0, c1 FROM t1 LATERAL VIEW json_tuple('{"a": 1, "b": 2}', 'a', 'b') tt WHERE id = 1`,
      ),
    ).toEqual({ columns: ["id", "c0", "c1"], rows: [[1, "1", "2"]] });
  });

  it("LATERAL VIEW stack: a row per group of values, named by the AS list", async () => {
    expect(
      await rowsOf(
        "SELECT id, a, b FROM t1 LATERAL VIEW stack(2, id, 'x', id * 10, 'y') tt AS a, b WHERE id < 3",
      ),
    ).toEqual({
      columns: ["id", "a", "b"],
      rows: sorted([
        [1, 1, "x"],
        [1, 10, "y"],
        [2, 2, "x"],
        [2, 20, "y"],
      ]),
    });
  });

  it("a second LATERAL VIEW reads the first one's column", async () => {
    expect(
      await rowsOf(
        "SELECT id, x, y FROM t1 LATERAL VIEW explode(arr) t2 AS x LATERAL VIEW explode(array(x, x * 10)) t3 AS y",
      ),
    ).toEqual({
      columns: ["id", "x", "y"],
      rows: sorted([
        [1, 1, 1],
        [1, 1, 10],
        [1, 2, 2],
        [1, 2, 20],
      ]),
    });
  });

  it("too few aliases for a generator's columns: UDTF_ALIAS_NUMBER_MISMATCH, as generators.sql shows", async () => {
    const error = await rowsOf("SELECT * FROM t1 LATERAL VIEW posexplode(arr) tt AS elem").catch((e) => e);
    expect(error).toBeInstanceOf(AnalysisException);
    expect((error as AnalysisException).getCondition()).toBe("UDTF_ALIAS_NUMBER_MISMATCH");
  });
});

describe("sql-ref-syntax-qry-select-tvf: generators in FROM", () => {
  it("SELECT * FROM explode(array(10, 20))", async () => {
    expect(await rowsOf("SELECT * FROM explode(array(10, 20))")).toEqual({
      columns: ["col"],
      rows: [[10], [20]],
    });
  });

  it("SELECT * FROM inline(array(struct(1, 'a'), struct(2, 'b')))", async () => {
    expect(await rowsOf("SELECT * FROM inline(array(struct(1, 'a'), struct(2, 'b')))")).toEqual({
      columns: ["col1", "col2"],
      rows: [
        [1, "a"],
        [2, "b"],
      ],
    });
  });

  it("SELECT * FROM posexplode(array(10,20))", async () => {
    expect(await rowsOf("SELECT * FROM posexplode(array(10,20))")).toEqual({
      columns: ["pos", "col"],
      rows: [
        [0, 10],
        [1, 20],
      ],
    });
  });

  it("SELECT * FROM stack(2, 1, 2, 3)", async () => {
    expect(await rowsOf("SELECT * FROM stack(2, 1, 2, 3)")).toEqual({
      columns: ["col0", "col1"],
      rows: sorted([
        [1, 2],
        [3, null],
      ]),
    });
  });

  it(`SELECT * FROM json_tuple('{"a":1, "b":2}', 'a', 'b')`, async () => {
    expect(await rowsOf(`SELECT * FROM json_tuple('{"a":1, "b":2}', 'a', 'b')`)).toEqual({
      columns: ["c0", "c1"],
      rows: [["1", "2"]],
    });
  });

  it("SELECT * FROM range(5, 8) AS test LATERAL VIEW explode (ARRAY(3,4)) AS c2", async () => {
    expect(await rowsOf("SELECT * FROM range(5, 8) AS test LATERAL VIEW explode (ARRAY(3,4)) AS c2")).toEqual(
      {
        columns: ["id", "c2"],
        rows: [
          [5, 3],
          [5, 4],
          [6, 3],
          [6, 4],
          [7, 3],
          [7, 4],
        ],
      },
    );
  });

  it("explode_outer of an empty array, and column aliases AS t(x)", async () => {
    expect((await rowsOf("SELECT * FROM explode_outer(array(1))")).rows).toEqual([[1]]);
    expect(await rowsOf("SELECT t.x FROM explode(array(1, 2)) AS t(x)")).toEqual({
      columns: ["x"],
      rows: [[1], [2]],
    });
  });
});

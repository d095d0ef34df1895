/**
 * The aggregate `FILTER (WHERE cond)` clause, ported from Spark's `sql-tests/inputs/group-by-filter.sql` with the
 * answers of `results/group-by-filter.sql.out` (each case named by its query), plus a streaming aggregation with
 * FILTER and Spark's analysis errors for a FILTER on a function that is no aggregate and one with an aggregate in it.
 *
 * Not ported:
 * - the queries whose FILTER holds a subquery (`id > (SELECT 200)`, EXISTS, IN (SELECT ...)): Sluice's planner
 *   has no subquery expressions (a batch query with one runs on DuckDB's SQL, with DuckDB's answers).
 * - `SELECT a, COUNT(b) FILTER (WHERE a >= 2) FROM testData`: Spark's _LEGACY_ERROR_TEMP_2422 for a column
 *   outside an aggregate without GROUP BY; Sluice raises MISSING_AGGREGATION for it, as for any aggregate.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnalysisException, MemoryStream } from "../../index";
import { newTestSession, type TestSession } from "../../testing/fixtures";

let t: TestSession;
beforeAll(async () => {
  t = await newTestSession();
  await t.spark
    .sql(`CREATE OR REPLACE TEMPORARY VIEW testData AS SELECT * FROM VALUES
      (1, 1), (1, 2), (2, 1), (2, 2), (3, 1), (3, 2), (null, 1), (3, null), (null, null)
      AS testData(a, b)`)
    .collect();
  await t.spark
    .sql(`CREATE OR REPLACE TEMPORARY VIEW EMP AS SELECT * FROM VALUES
      (100, "emp 1", date "2005-01-01", 100.00D, 10),
      (100, "emp 1", date "2005-01-01", 100.00D, 10),
      (200, "emp 2", date "2003-01-01", 200.00D, 10),
      (300, "emp 3", date "2002-01-01", 300.00D, 20),
      (400, "emp 4", date "2005-01-01", 400.00D, 30),
      (500, "emp 5", date "2001-01-01", 400.00D, NULL),
      (600, "emp 6 - no dept", date "2001-01-01", 400.00D, 100),
      (700, "emp 7", date "2010-01-01", 400.00D, 100),
      (800, "emp 8", date "2016-01-01", 150.00D, 70)
      AS EMP(id, emp_name, hiredate, salary, dept_id)`)
    .collect();
});
afterAll(() => t.cleanup());

/** A query's schema as Spark's `.sql.out` prints it, and its rows as tab-separated lines (NULL for null), sorted. */
async function run(query: string): Promise<{ schema: string; rows: string[] }> {
  const df = t.spark.sql(query);
  const schema = `struct<${df.dtypes.map(([n, ty]) => `${n}:${ty}`).join(",")}>`;
  const rows = (await df.collect()).map((r) =>
    Object.values({ ...r })
      .map((v) =>
        v === null ? "NULL" : typeof v === "number" && !Number.isInteger(v) ? String(v) : String(v),
      )
      .join("\t"),
  );
  return { schema, rows: rows.sort() };
}

/** Spark's expected output lines, sorted like `run`'s (the .sql.out files sort unordered results too). */
const lines = (text: string) => text.trim().split("\n").sort();
/** A double as Spark prints it: 200.0, not 200. */
const dbl = (text: string) => text.replace(/(^|\t|\n)(\d+)\.0(?=\t|\n|$)/g, "$1$2");

describe("group-by-filter.sql", () => {
  it("SELECT COUNT(a) FILTER (WHERE a = 1), COUNT(b) FILTER (WHERE a > 1) FROM testData", async () => {
    expect(
      await run("SELECT COUNT(a) FILTER (WHERE a = 1), COUNT(b) FILTER (WHERE a > 1) FROM testData"),
    ).toEqual({
      schema: "struct<count(a) FILTER (WHERE (a = 1)):bigint,count(b) FILTER (WHERE (a > 1)):bigint>",
      rows: ["2\t4"],
    });
  });

  it('SELECT COUNT(id) FILTER (WHERE hiredate = date "2001-01-01") FROM emp', async () => {
    expect(await run('SELECT COUNT(id) FILTER (WHERE hiredate = date "2001-01-01") FROM emp')).toEqual({
      schema: "struct<count(id) FILTER (WHERE (hiredate = DATE '2001-01-01')):bigint>",
      rows: ["2"],
    });
  });

  it('SELECT COUNT(DISTINCT id), COUNT(DISTINCT id) FILTER (WHERE date_format(hiredate, "yyyy-MM-dd HH:mm:ss") = "2001-01-01 00:00:00") FROM emp', async () => {
    const out = await run(
      'SELECT COUNT(DISTINCT id), COUNT(DISTINCT id) FILTER (WHERE date_format(hiredate, "yyyy-MM-dd HH:mm:ss") = "2001-01-01 00:00:00") FROM emp',
    );
    expect(out).toEqual({
      schema:
        "struct<count(DISTINCT id):bigint,count(DISTINCT id) FILTER (WHERE (date_format(hiredate, yyyy-MM-dd HH:mm:ss) = 2001-01-01 00:00:00)):bigint>",
      rows: ["8\t2"],
    });
  });

  it('SELECT SUM(salary), COUNT(DISTINCT id), COUNT(DISTINCT id) FILTER (WHERE hiredate = date "2001-01-01") FROM emp', async () => {
    const out = await run(
      'SELECT SUM(salary), COUNT(DISTINCT id), COUNT(DISTINCT id) FILTER (WHERE hiredate = date "2001-01-01") FROM emp',
    );
    expect(out.schema).toBe(
      "struct<sum(salary):double,count(DISTINCT id):bigint,count(DISTINCT id) FILTER (WHERE (hiredate = DATE '2001-01-01')):bigint>",
    );
    expect(out.rows).toEqual([dbl("2450.0\t8\t2")]);
  });

  it("SELECT COUNT(DISTINCT 1) FILTER (WHERE a = 1) FROM testData", async () => {
    expect(await run("SELECT COUNT(DISTINCT 1) FILTER (WHERE a = 1) FROM testData")).toEqual({
      schema: "struct<count(DISTINCT 1) FILTER (WHERE (a = 1)):bigint>",
      rows: ["1"],
    });
  });

  it("SELECT COUNT(DISTINCT id) FILTER (WHERE true) / (WHERE false) FROM emp", async () => {
    expect((await run("SELECT COUNT(DISTINCT id) FILTER (WHERE true) FROM emp")).rows).toEqual(["8"]);
    expect(await run("SELECT COUNT(DISTINCT id) FILTER (WHERE false) FROM emp")).toEqual({
      schema: "struct<count(DISTINCT id) FILTER (WHERE false):bigint>",
      rows: ["0"],
    });
  });

  it("SELECT COUNT(DISTINCT 2), COUNT(DISTINCT 2,3) FILTER (WHERE dept_id = 40) FROM emp", async () => {
    expect(
      await run("SELECT COUNT(DISTINCT 2), COUNT(DISTINCT 2,3) FILTER (WHERE dept_id = 40) FROM emp"),
    ).toEqual({
      schema: "struct<count(DISTINCT 2):bigint,count(DISTINCT 2, 3) FILTER (WHERE (dept_id = 40)):bigint>",
      rows: ["1\t0"],
    });
    expect(
      (await run("SELECT COUNT(DISTINCT id), COUNT(DISTINCT 3,2) FILTER (WHERE dept_id > 0) FROM emp")).rows,
    ).toEqual(["8\t1"]);
  });

  it("SELECT a, COUNT(b) FILTER (WHERE a >= 2) FROM testData GROUP BY a", async () => {
    expect(await run("SELECT a, COUNT(b) FILTER (WHERE a >= 2) FROM testData GROUP BY a")).toEqual({
      schema: "struct<a:int,count(b) FILTER (WHERE (a >= 2)):bigint>",
      rows: lines("1\t0\n2\t2\n3\t2\nNULL\t0"),
    });
  });

  it("SELECT a, COUNT(b) FILTER (WHERE a != 2) FROM testData GROUP BY b", async () => {
    const error = await run("SELECT a, COUNT(b) FILTER (WHERE a != 2) FROM testData GROUP BY b").catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(AnalysisException);
    expect((error as AnalysisException).getCondition()).toBe("MISSING_AGGREGATION");
  });

  it("SELECT COUNT(a) FILTER (WHERE a >= 0), COUNT(b) FILTER (WHERE a >= 3) FROM testData GROUP BY a", async () => {
    const out = await run(
      "SELECT COUNT(a) FILTER (WHERE a >= 0), COUNT(b) FILTER (WHERE a >= 3) FROM testData GROUP BY a",
    );
    expect(out.rows).toEqual(lines("0\t0\n2\t0\n2\t0\n3\t2"));
  });

  it('SELECT dept_id, SUM(salary) FILTER (WHERE hiredate > date "2003-01-01") FROM emp GROUP BY dept_id', async () => {
    const out = await run(
      'SELECT dept_id, SUM(salary) FILTER (WHERE hiredate > date "2003-01-01") FROM emp GROUP BY dept_id',
    );
    expect(out.schema).toBe(
      "struct<dept_id:int,sum(salary) FILTER (WHERE (hiredate > DATE '2003-01-01')):double>",
    );
    expect(out.rows).toEqual(lines(dbl("10\t200.0\n100\t400.0\n20\tNULL\n30\t400.0\n70\t150.0\nNULL\tNULL")));
  });

  it('SELECT dept_id, SUM(DISTINCT salary), SUM(DISTINCT salary) FILTER (WHERE date_format(hiredate, "yyyy-MM-dd HH:mm:ss") > "2001-01-01 00:00:00") FROM emp GROUP BY dept_id', async () => {
    const out = await run(
      'SELECT dept_id, SUM(DISTINCT salary), SUM(DISTINCT salary) FILTER (WHERE date_format(hiredate, "yyyy-MM-dd HH:mm:ss") > "2001-01-01 00:00:00") FROM emp GROUP BY dept_id',
    );
    expect(out.rows).toEqual(
      lines(
        dbl(
          "10\t300.0\t300.0\n100\t400.0\t400.0\n20\t300.0\t300.0\n30\t400.0\t400.0\n70\t150.0\t150.0\nNULL\t400.0\tNULL",
        ),
      ),
    );
  });

  it("SELECT b, COUNT(DISTINCT 1) FILTER (WHERE a = 1) FROM testData GROUP BY b", async () => {
    expect(
      (await run("SELECT b, COUNT(DISTINCT 1) FILTER (WHERE a = 1) FROM testData GROUP BY b")).rows,
    ).toEqual(lines("1\t1\n2\t1\nNULL\t0"));
  });

  it("SELECT 'foo', COUNT(a) FILTER (WHERE b <= 2) FROM testData GROUP BY 1", async () => {
    expect(await run("SELECT 'foo', COUNT(a) FILTER (WHERE b <= 2) FROM testData GROUP BY 1")).toEqual({
      schema: "struct<foo:string,count(a) FILTER (WHERE (b <= 2)):bigint>",
      rows: ["foo\t6"],
    });
  });

  it("select dept_id, count(distinct emp_name), count(distinct hiredate), sum(salary) filter (where salary < 400.00D), sum(salary) filter (where id + dept_id > 500) from emp group by dept_id", async () => {
    const out = await run(
      "select dept_id, count(distinct emp_name), count(distinct hiredate), sum(salary) filter (where salary < 400.00D), sum(salary) filter (where id + dept_id > 500) from emp group by dept_id",
    );
    expect(out.schema).toBe(
      "struct<dept_id:int,count(DISTINCT emp_name):bigint,count(DISTINCT hiredate):bigint,sum(salary) FILTER (WHERE (salary < 400.0)):double,sum(salary) FILTER (WHERE ((id + dept_id) > 500)):double>",
    );
    expect(out.rows).toEqual(
      lines(
        dbl(
          "10\t2\t2\t400.0\tNULL\n100\t2\t2\tNULL\t800.0\n20\t1\t1\t300.0\tNULL\n30\t1\t1\tNULL\tNULL\n70\t1\t1\t150.0\t150.0\nNULL\t1\t1\tNULL\tNULL",
        ),
      ),
    );
  });

  it("select dept_id, count(distinct emp_name) filter (where id + dept_id > 500), sum(salary) from emp group by dept_id", async () => {
    const out = await run(
      "select dept_id, count(distinct emp_name) filter (where id + dept_id > 500), sum(salary) from emp group by dept_id",
    );
    expect(out.rows).toEqual(
      lines(dbl("10\t0\t400.0\n100\t2\t800.0\n20\t0\t300.0\n30\t0\t400.0\n70\t1\t150.0\nNULL\t0\t400.0")),
    );
  });

  it("SELECT a + b, COUNT(b) FILTER (WHERE b >= 2) FROM testData GROUP BY a + b", async () => {
    const out = await run("SELECT a + b, COUNT(b) FILTER (WHERE b >= 2) FROM testData GROUP BY a + b");
    expect(out.schema).toBe("struct<(a + b):int,count(b) FILTER (WHERE (b >= 2)):bigint>");
    expect(out.rows).toEqual(lines("2\t0\n3\t1\n4\t1\n5\t1\nNULL\t0"));
  });

  it("SELECT a AS k, COUNT(b) FILTER (WHERE b > 0) FROM testData GROUP BY k", async () => {
    const out = await run("SELECT a AS k, COUNT(b) FILTER (WHERE b > 0) FROM testData GROUP BY k");
    expect(out.schema).toBe("struct<k:int,count(b) FILTER (WHERE (b > 0)):bigint>");
    expect(out.rows).toEqual(lines("1\t2\n2\t2\n3\t2\nNULL\t1"));
  });

  it("SELECT t1.b FROM (SELECT COUNT(b) FILTER (WHERE a >= 2) AS b FROM testData) t1", async () => {
    expect(
      await run("SELECT t1.b FROM (SELECT COUNT(b) FILTER (WHERE a >= 2) AS b FROM testData) t1"),
    ).toEqual({
      schema: "struct<b:bigint>",
      rows: ["4"],
    });
  });
});

describe("FILTER on other aggregates, and its errors", () => {
  it("count(*) FILTER counts rows; first keeps a null value of a row that passes, unless told to ignore nulls", async () => {
    const out = await run(
      "SELECT count(*) FILTER (WHERE a > 1), first(b) FILTER (WHERE a = 3 AND b IS NULL), first(b, true) FILTER (WHERE a = 3 AND b IS NULL) FROM testData",
    );
    expect(out).toEqual({
      schema:
        "struct<count(1) FILTER (WHERE (a > 1)):bigint,first(b) FILTER (WHERE ((a = 3) AND (b IS NULL))):int,first(b, true) FILTER (WHERE ((a = 3) AND (b IS NULL))):int>",
      rows: ["5\tNULL\tNULL"],
    });
  });

  it("a literal parameter stays a parameter: percentile(a, 0.5) FILTER", async () => {
    const [row] = await t.spark
      .sql("SELECT percentile(a, 0.5) FILTER (WHERE b = 1) AS p FROM testData")
      .collect();
    expect(row.p).toBe(2);
  });

  it("FILTER on a function that is no aggregate: INVALID_SQL_SYNTAX.FUNCTION_WITH_UNSUPPORTED_SYNTAX", async () => {
    const error = await run("SELECT abs(a) FILTER (WHERE a > 1) FROM testData").catch((e) => e);
    expect(error).toBeInstanceOf(AnalysisException);
    expect((error as AnalysisException).getCondition()).toBe(
      "INVALID_SQL_SYNTAX.FUNCTION_WITH_UNSUPPORTED_SYNTAX",
    );
    expect((error as AnalysisException).getMessageParameters()).toEqual({
      prettyName: "`abs`",
      syntax: "FILTER CLAUSE",
    });
  });

  it("an aggregate inside FILTER: INVALID_AGGREGATE_FILTER.CONTAINS_AGGREGATE", async () => {
    const error = await run("SELECT count(a) FILTER (WHERE max(a) > 1) FROM testData").catch((e) => e);
    expect(error).toBeInstanceOf(AnalysisException);
    expect((error as AnalysisException).getCondition()).toBe("INVALID_AGGREGATE_FILTER.CONTAINS_AGGREGATE");
    expect((error as AnalysisException).getMessageParameters()).toEqual({
      filterExpr: '"(max(a) > 1)"',
      aggExpr: '"max(a)"',
    });
    expect((error as AnalysisException).getSqlState()).toBe("42903");
  });
});

describe("FILTER in a streaming aggregation", () => {
  it("counts and sums only the rows the condition keeps, across batches (complete mode)", async () => {
    const input = new MemoryStream(t.spark, "word STRING, n INT");
    input.toDF().createOrReplaceTempView("filter_words");
    const counts = t.spark.sql(
      "SELECT word, count(*) FILTER (WHERE n > 1) AS big, sum(n) FILTER (WHERE n % 2 = 0) AS even, max(n) FILTER (WHERE n < 4) AS small FROM filter_words GROUP BY word",
    );
    expect(counts.isStreaming).toBe(true);
    const query = await counts.writeStream
      .outputMode("complete")
      .format("memory")
      .queryName("filter_counts")
      .start();
    try {
      const batches = [
        [
          { word: "a", n: 1 },
          { word: "b", n: 2 },
          { word: "a", n: 4 },
        ],
        [
          { word: "a", n: 3 },
          { word: "c", n: 0 },
          { word: "a", n: 4 },
        ],
      ];
      const seen: { word: string; n: number }[] = [];
      for (const batch of batches) {
        input.addData(batch);
        seen.push(...batch);
        await query.processAllAvailable();
        const rows = await t.spark.sql("SELECT * FROM filter_counts ORDER BY word").collect();
        const expected = [...new Set(seen.map((r) => r.word))].sort().map((word) => {
          const all = seen.filter((r) => r.word === word);
          const evens = all.filter((r) => r.n % 2 === 0);
          return {
            word,
            big: all.filter((r) => r.n > 1).length,
            even: evens.length === 0 ? null : evens.reduce((s, r) => s + r.n, 0),
            small: all.some((r) => r.n < 4) ? Math.max(...all.filter((r) => r.n < 4).map((r) => r.n)) : null,
          };
        });
        expect(rows.map((r) => ({ ...r }))).toEqual(expected);
      }
    } finally {
      await query.stop();
    }
  });
});

/**
 * cube, rollup, groupingSets, grouping() and grouping_id(): cases of Spark's DataFrameAggregateSuite ("rollup",
 * "cube", "grouping and grouping_id", "grouping sets") over its courseSales data, and their errors.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnalysisException } from "../../errors";
import type { DataFrame } from "../../index";
import { MemoryStream } from "../../sources/MemoryStream";
import { collectBatches } from "../../testing/batches";
import { courseSales as courseSalesData } from "../../testing/courseSales";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import { thrownBy } from "../../testing/thrown";
import { col, grouping, grouping_id, sum } from "./functions";

describe("grouping analytics", () => {
  let t: TestSession;
  let courseSales: DataFrame;
  beforeAll(async () => {
    t = await newTestSession();
    courseSales = courseSalesData(t.spark);
  });
  afterAll(() => t.cleanup());

  const rows = async (df: DataFrame) =>
    (await df.collect())
      .map((r) => JSON.stringify(Object.values(r)))
      .sort()
      .map((s) => JSON.parse(s));
  const sorted = (expected: unknown[][]) =>
    expected
      .map((r) => JSON.stringify(r))
      .sort()
      .map((s) => JSON.parse(s));
  const failure = (f: () => unknown) => thrownBy<AnalysisException>(f);

  it("rollup: each (course, year), each course and the total", async () => {
    const df = courseSales.rollup("course", "year").sum("earnings");
    expect(df.columns).toEqual(["course", "year", "sum(earnings)"]);
    expect(await rows(df)).toEqual(
      sorted([
        ["Java", 2012, 20000],
        ["Java", 2013, 30000],
        ["Java", null, 50000],
        ["dotNET", 2012, 15000],
        ["dotNET", 2013, 48000],
        ["dotNET", null, 63000],
        [null, null, 113000],
      ]),
    );
  });

  it("cube: every subset of (course, year)", async () => {
    expect(await rows(courseSales.cube("course", "year").sum("earnings"))).toEqual(
      sorted([
        ["Java", 2012, 20000],
        ["Java", 2013, 30000],
        ["Java", null, 50000],
        ["dotNET", 2012, 15000],
        ["dotNET", 2013, 48000],
        ["dotNET", null, 63000],
        [null, 2012, 35000],
        [null, 2013, 78000],
        [null, null, 113000],
      ]),
    );
  });

  it("grouping and grouping_id: a bit per column, the first the highest", async () => {
    const df = courseSales
      .cube("course", "year")
      .agg(grouping("course"), grouping("year"), grouping_id("course", "year"));
    expect(df.columns).toEqual([
      "course",
      "year",
      "grouping(course)",
      "grouping(year)",
      "grouping_id(course, year)",
    ]);
    expect(df.schema.fields.map((f) => f.dataType.simpleString())).toEqual([
      "string",
      "int",
      "tinyint",
      "tinyint",
      "bigint",
    ]);
    const expected = [
      ["Java", 2012, 0, 0, 0],
      ["Java", 2013, 0, 0, 0],
      ["Java", null, 0, 1, 1],
      ["dotNET", 2012, 0, 0, 0],
      ["dotNET", 2013, 0, 0, 0],
      ["dotNET", null, 0, 1, 1],
      [null, 2012, 1, 0, 2],
      [null, 2013, 1, 0, 2],
      [null, null, 1, 1, 3],
    ];
    expect(await rows(df)).toEqual(sorted(expected));
    // grouping_id() of no columns is of all grouping columns.
    const noArgs = courseSales.cube("course", "year").agg(grouping_id());
    expect(noArgs.columns[2]).toBe("grouping_id()");
    expect(await rows(noArgs)).toEqual(sorted(expected.map((r) => [r[0], r[1], r[4]])));
  });

  it("grouping sets: one aggregation per set, repeated sets repeated", async () => {
    const df = courseSales.groupingSets([["course"], ["year"]], "course", "year").agg(sum("earnings"));
    expect(await rows(df)).toEqual(
      sorted([
        ["Java", null, 50000],
        ["dotNET", null, 63000],
        [null, 2012, 35000],
        [null, 2013, 78000],
      ]),
    );
    const twice = courseSales.groupingSets([["course"], ["course"], []], "course").count();
    expect(await rows(twice)).toEqual(
      sorted([
        ["Java", 2],
        ["Java", 2],
        ["dotNET", 3],
        ["dotNET", 3],
        [null, 5],
      ]),
    );
  });

  it("an expression as grouping column is named as Spark names it", async () => {
    const df = courseSales.rollup(col("year").plus(1)).agg(sum("earnings").alias("total"));
    expect(df.columns).toEqual(["(year + 1)", "total"]);
    expect(await rows(df)).toEqual(
      sorted([
        [2013, 35000],
        [2014, 78000],
        [null, 113000],
      ]),
    );
  });

  it("grouping outside cube, rollup and grouping sets is refused as Spark refuses it", () => {
    const e = failure(() => courseSales.groupBy().agg(grouping("course")));
    expect(e.getCondition()).toBe("UNSUPPORTED_GROUPING_EXPRESSION");
    expect(failure(() => courseSales.groupBy("course").agg(grouping_id("course"))).getCondition()).toBe(
      "UNSUPPORTED_GROUPING_EXPRESSION",
    );
  });

  it("grouping of a column not grouped by, and grouping_id of other columns, are Spark's mismatches", () => {
    const e = failure(() => courseSales.cube("course", "year").agg(grouping("earnings")));
    expect(e.getCondition()).toBe("GROUPING_COLUMN_MISMATCH");
    expect(e.getMessageParameters()).toEqual({ grouping: "earnings", groupingColumns: "course,year" });
    const id = failure(() => courseSales.cube("course", "year").agg(grouping_id("earnings")));
    expect(id.getCondition()).toBe("GROUPING_ID_COLUMN_MISMATCH");
    expect(id.message).toContain(
      "Columns of grouping_id (earnings) does not match grouping columns (course,year)",
    );
    expect(id.getSqlState()).toBe("42803");
  });

  describe("on a stream (an Expand below the streaming aggregate, as Spark runs it)", () => {
    type Sale = { course: string; year: number; earnings: number };
    const batches: Sale[][] = [
      [
        { course: "dotNET", year: 2012, earnings: 10000 },
        { course: "Java", year: 2012, earnings: 20000 },
      ],
      [
        { course: "dotNET", year: 2012, earnings: 5000 },
        { course: "dotNET", year: 2013, earnings: 48000 },
      ],
      [{ course: "Java", year: 2013, earnings: 30000 }],
    ];
    /** The cube's rows over `sales`, computed in a plain loop: each row counts in all four of its sets. */
    const cubeOf = (sales: readonly Sale[]) => {
      const groups = new Map<string, unknown[]>();
      for (const s of sales) {
        for (const key of [
          [s.course, s.year, 0],
          [s.course, null, 1],
          [null, s.year, 2],
          [null, null, 3],
        ]) {
          const k = JSON.stringify(key);
          const g = groups.get(k) ?? [...key, 0];
          g[3] = (g[3] as number) + s.earnings;
          groups.set(k, g);
        }
      }
      return [...groups.values()];
    };
    const keysOf = (sales: readonly Sale[]) =>
      new Set(cubeOf(sales).map((r) => JSON.stringify(r.slice(0, 3))));
    const query = (
      stream: MemoryStream,
      mode: string,
      checkpoint: string,
      out: ReturnType<typeof collectBatches>,
    ) =>
      stream
        .toDF()
        .cube("course", "year")
        .agg(grouping_id().alias("gid"), sum("earnings").alias("total"))
        .writeStream.outputMode(mode)
        .foreachBatch(out.fn)
        .option("checkpointLocation", checkpoint)
        .start();
    const tableOf = (batch: readonly Record<string, unknown>[] | undefined) =>
      sorted((batch ?? []).map((r) => [r.course, r.year, r.gid, r.total]));

    it("complete mode: every set's totals after each batch, kept across a restart", async () => {
      const stream = new MemoryStream(t.spark, "course STRING, year INT, earnings DOUBLE");
      const out = collectBatches();
      let q = await query(stream, "complete", "/checkpoints/cube-complete", out);
      for (const [i, batch] of batches.entries()) {
        if (i === 2) {
          await q.stop();
          q = await query(stream, "complete", "/checkpoints/cube-complete", out);
        }
        stream.addData(batch);
        await q.processAllAvailable();
        expect(tableOf(out.batches.get(i))).toEqual(sorted(cubeOf(batches.slice(0, i + 1).flat())));
      }
      expect(q.lastProgress?.stateOperators[0].numRowsTotal).toBe(cubeOf(batches.flat()).length);
      await q.stop();
    });

    it("update mode: the sets a batch touched, with their running totals", async () => {
      const stream = new MemoryStream(t.spark, "course STRING, year INT, earnings DOUBLE");
      const out = collectBatches();
      const q = await query(stream, "update", "/checkpoints/cube-update", out);
      for (const [i, batch] of batches.entries()) {
        stream.addData(batch);
        await q.processAllAvailable();
        const touched = keysOf(batch);
        const running = cubeOf(batches.slice(0, i + 1).flat()).filter((r) =>
          touched.has(JSON.stringify(r.slice(0, 3))),
        );
        expect(tableOf(out.batches.get(i))).toEqual(sorted(running));
      }
      await q.stop();
    });

    it("append mode without a watermark is refused as any streaming aggregation is", async () => {
      const stream = new MemoryStream(t.spark, "course STRING, year INT, earnings DOUBLE");
      const error = await query(stream, "append", "/checkpoints/cube-append", collectBatches()).then(
        () => undefined,
        (e: AnalysisException) => e,
      );
      expect(error?.message).toContain(
        "Invalid streaming output mode: append. This output mode is not supported for streaming aggregations without watermark on streaming DataFrames/DataSets.",
      );
    });
  });

  describe("SQL: Spark's group-analytics.sql", () => {
    beforeAll(() => {
      const pairs = [1, 2, 3].flatMap((a) => [1, 2].map((b) => ({ a, b })));
      t.spark.createDataFrame(pairs, "a INT, b INT").createOrReplaceTempView("testData");
      t.spark
        .createDataFrame(
          [
            ["dotNET", 2012, 10000],
            ["Java", 2012, 20000],
            ["dotNET", 2012, 5000],
            ["dotNET", 2013, 48000],
            ["Java", 2013, 30000],
          ].map(([course, year, earnings]) => ({ course, year, earnings })),
          "course STRING, year INT, earnings INT",
        )
        .createOrReplaceTempView("courseSales");
    });
    /** The query's rows as Spark's .sql.out prints them: tab-separated, NULL for null. */
    const printed = async (query: string, ordered: boolean) => {
      const lines = (await t.spark.sql(query).collect()).map((r) =>
        Object.values(r)
          .map((v) => (v === null ? "NULL" : String(v)))
          .join("\t"),
      );
      return ordered ? lines : lines.sort();
    };
    const cases: [string, string][] = [
      [
        "SELECT a + b, b, SUM(a - b) FROM testData GROUP BY a + b, b WITH CUBE",
        "2 1 0|2 NULL 0|3 1 1|3 2 -1|3 NULL 0|4 1 2|4 2 0|4 NULL 2|5 2 1|5 NULL 1|NULL 1 3|NULL 2 0|NULL NULL 3",
      ],
      [
        "SELECT a, b, SUM(b) FROM testData GROUP BY a, b WITH ROLLUP",
        "1 1 1|1 2 2|1 NULL 3|2 1 1|2 2 2|2 NULL 3|3 1 1|3 2 2|3 NULL 3|NULL NULL 9",
      ],
      [
        "SELECT course, year, SUM(earnings) FROM courseSales GROUP BY ROLLUP(course, year) ORDER BY course, year",
        "NULL NULL 113000|Java NULL 50000|Java 2012 20000|Java 2013 30000|dotNET NULL 63000|dotNET 2012 15000|dotNET 2013 48000",
      ],
      [
        "SELECT course, year, SUM(earnings) FROM courseSales GROUP BY ROLLUP(course, year, (course, year)) ORDER BY course, year",
        "NULL NULL 113000|Java NULL 50000|Java 2012 20000|Java 2012 20000|Java 2013 30000|Java 2013 30000|dotNET NULL 63000|dotNET 2012 15000|dotNET 2012 15000|dotNET 2013 48000|dotNET 2013 48000",
      ],
      [
        "SELECT course, year, SUM(earnings) FROM courseSales GROUP BY course, year GROUPING SETS(course, year, ())",
        "Java NULL 50000|NULL 2012 35000|NULL 2013 78000|NULL NULL 113000|dotNET NULL 63000",
      ],
      [
        "SELECT course, year, SUM(earnings) FROM courseSales GROUP BY course, CUBE(course, year) ORDER BY course, year",
        "Java NULL 50000|Java NULL 50000|Java 2012 20000|Java 2012 20000|Java 2013 30000|Java 2013 30000|dotNET NULL 63000|dotNET NULL 63000|dotNET 2012 15000|dotNET 2012 15000|dotNET 2013 48000|dotNET 2013 48000",
      ],
      [
        "SELECT course, SUM(earnings) AS sum, GROUPING_ID(course, earnings) FROM courseSales GROUP BY course, earnings GROUPING SETS((), (course), (course, earnings)) ORDER BY course, sum",
        "NULL 113000 3|Java 20000 0|Java 30000 0|Java 50000 1|dotNET 5000 0|dotNET 10000 0|dotNET 48000 0|dotNET 63000 1",
      ],
      [
        "SELECT course, year, grouping__id FROM courseSales GROUP BY CUBE(course, year) ORDER BY grouping__id, course, year",
        "Java 2012 0|Java 2013 0|dotNET 2012 0|dotNET 2013 0|Java NULL 1|dotNET NULL 1|NULL 2012 2|NULL 2013 2|NULL NULL 3",
      ],
      [
        "SELECT course, year FROM courseSales GROUP BY CUBE(course, year) HAVING GROUPING(year) = 1 AND GROUPING_ID(course, year) > 0 ORDER BY course, year",
        "NULL NULL|Java NULL|dotNET NULL",
      ],
      [
        "SELECT course, year, GROUPING_ID(course, year) FROM courseSales GROUP BY CUBE(course, year) ORDER BY GROUPING(course), GROUPING(year), course, year",
        "Java 2012 0|Java 2013 0|dotNET 2012 0|dotNET 2013 0|Java NULL 1|dotNET NULL 1|NULL 2012 2|NULL 2013 2|NULL NULL 3",
      ],
      [
        "SELECT a + b AS k1, b AS k2, SUM(a - b) FROM testData GROUP BY CUBE(k1, k2)",
        "2 1 0|2 NULL 0|3 1 1|3 2 -1|3 NULL 0|4 1 2|4 2 0|4 NULL 2|5 2 1|5 NULL 1|NULL 1 3|NULL 2 0|NULL NULL 3",
      ],
      [
        "SELECT a + b, b AS k, SUM(a - b) FROM testData GROUP BY a + b, k GROUPING SETS(k)",
        "NULL 1 3|NULL 2 0",
      ],
      [
        "SELECT a, b, count(1) FROM testData GROUP BY a, GROUPING SETS((a, b), (a), ())",
        "1 1 1|1 2 1|1 NULL 2|1 NULL 2|2 1 1|2 2 1|2 NULL 2|2 NULL 2|3 1 1|3 2 1|3 NULL 2|3 NULL 2",
      ],
    ];
    for (const [query, output] of cases) {
      it(query, async () => {
        const ordered = /ORDER BY/.test(query);
        const expected = output.split("|").map((line) => line.replaceAll(" ", "\t"));
        expect(await printed(query, ordered)).toEqual(ordered ? expected : expected.sort());
      });
    }

    it("names and types the columns as Spark's schema", () => {
      const df = t.spark.sql(
        "SELECT course, year, GROUPING(course), GROUPING(year), GROUPING_ID(course, year) FROM courseSales GROUP BY CUBE(course, year)",
      );
      expect(df.schema.simpleString()).toBe(
        "struct<course:string,year:int,grouping(course):tinyint,grouping(year):tinyint,grouping_id(course, year):bigint>",
      );
    });

    it("an empty set in CUBE or ROLLUP, and grouping() without them, are Spark's errors", () => {
      const empty = failure(() =>
        t.spark.sql(
          "SELECT course, year, SUM(earnings) FROM courseSales GROUP BY ROLLUP(course, year, (course, year), ())",
        ),
      );
      expect(empty.message).toContain("Empty set in ROLLUP grouping sets is not supported.");
      for (const query of [
        "SELECT course, year, GROUPING(course) FROM courseSales GROUP BY course, year",
        "SELECT course, year FROM courseSales GROUP BY course, year HAVING GROUPING_ID(course) > 0",
        "SELECT course, year FROM courseSales GROUP BY course, year ORDER BY GROUPING(course)",
      ]) {
        expect(failure(() => t.spark.sql(query)).getCondition()).toBe("UNSUPPORTED_GROUPING_EXPRESSION");
      }
    });
  });
});

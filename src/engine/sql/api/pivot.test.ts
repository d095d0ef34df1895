/**
 * GroupedData.pivot: cases of Spark's DataFramePivotSuite over its courseSales data ("pivot courses", "pivot
 * year", "... with multiple aggregations", "... with no values", "pivot max values enforced", "pivot with null
 * should not throw NPE", "... aggregate type not supported by PivotFirst") and Spark's refusal on a stream.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnalysisException } from "../../errors";
import type { DataFrame } from "../../index";
import { MemoryStream } from "../../sources/MemoryStream";
import { collectBatches } from "../../testing/batches";
import { courseSales as courseSalesData } from "../../testing/courseSales";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import { avg, col, expr, lit, min, sum } from "./functions";

describe("pivot", () => {
  let t: TestSession;
  let courseSales: DataFrame;
  beforeAll(async () => {
    t = await newTestSession();
    courseSales = courseSalesData(t.spark);
  });
  afterAll(() => t.cleanup());

  /** Rows in column order (an object's integer-like keys, such as a pivot value 2012, come first). */
  const rows = async (pending: DataFrame) => {
    const df = await pending.resolve();
    return (await df.collect())
      .map((r) => JSON.stringify(df.columns.map((c) => r[c])))
      .sort()
      .map((s) => JSON.parse(s));
  };

  it("pivot courses: one column per given value, named by it", async () => {
    const df = courseSales
      .groupBy("year")
      .pivot("course", ["dotNET", "Java"])
      .agg(sum(col("earnings")));
    expect(df.columns).toEqual(["year", "dotNET", "Java"]);
    expect(await rows(df)).toEqual([
      [2012, 15000, 20000],
      [2013, 48000, 30000],
    ]);
    const byDict = courseSales
      .groupBy("year")
      .pivot("course", [lit("dotNET"), lit("Java")])
      .agg({ earnings: "sum" });
    expect(await rows(byDict)).toEqual(await rows(df));
  });

  it("pivot year: integer values", async () => {
    const df = courseSales.groupBy("course").pivot("year", [2012, 2013]).sum("earnings");
    expect(df.columns).toEqual(["course", "2012", "2013"]);
    expect(await rows(df)).toEqual([
      ["Java", 20000, 30000],
      ["dotNET", 15000, 48000],
    ]);
  });

  it("several aggregations: value_aggregate columns, value by value", async () => {
    const df = courseSales
      .groupBy("year")
      .pivot("course", ["dotNET", "Java"])
      .agg(sum(col("earnings")), avg(col("earnings")));
    expect(df.columns).toEqual([
      "year",
      "dotNET_sum(earnings)",
      "dotNET_avg(earnings)",
      "Java_sum(earnings)",
      "Java_avg(earnings)",
    ]);
    expect(await rows(df)).toEqual([
      [2012, 15000, 7500, 20000, 20000],
      [2013, 48000, 48000, 30000, 30000],
    ]);
    const aliased = courseSales
      .groupBy("year")
      .pivot("course", ["Java"])
      .agg(sum("earnings").alias("s"), min("year"));
    expect(aliased.columns).toEqual(["year", "Java_s", "Java_min(year)"]);
  });

  it("without values: the distinct values, sorted, found by a query", async () => {
    const df = await courseSales
      .groupBy("year")
      .pivot("course")
      .agg(sum(col("earnings")))
      .resolve();
    expect(df.columns).toEqual(["year", "Java", "dotNET"]);
    expect(await rows(df)).toEqual([
      [2012, 20000, 15000],
      [2013, 30000, 48000],
    ]);
  });

  it("more distinct values than spark.sql.pivotMaxValues is Spark's error", async () => {
    t.spark.conf.set("spark.sql.pivotMaxValues", "1");
    try {
      const error = await courseSales
        .groupBy("course")
        .pivot("year")
        .sum("earnings")
        .resolve()
        .then(
          () => undefined,
          (e: AnalysisException) => e,
        );
      expect(error?.message).toBe(
        "The pivot column year has more than 1 distinct values, this could indicate an error. If this was intended, set spark.sql.pivotMaxValues to at least the number of distinct values of the pivot column.",
      );
    } finally {
      t.spark.conf.unset("spark.sql.pivotMaxValues");
    }
  });

  it("a null pivot value is a column named null; count is null where a value has no rows", async () => {
    const df = await t.spark
      .createDataFrame([{ a: null }, { a: 1 }], "a INT")
      .groupBy(col("a"))
      .pivot("a")
      .count()
      .resolve();
    expect(df.columns).toEqual(["a", "null", "1"]);
    expect(await rows(df)).toEqual([
      [1, null, 1],
      [null, 1, null],
    ]);
  });

  it("an aggregate PivotFirst does not handle (an array) reads only its value's rows", async () => {
    const df = await t.spark
      .createDataFrame([{ a: null }, { a: 1 }], "a INT")
      .withColumn("b", expr("array(a, 7)"))
      .groupBy(col("a"))
      .pivot("a")
      .agg(min(col("b")))
      .resolve();
    expect(await rows(df)).toEqual([
      [1, null, [1, 7]],
      [null, [null, 7], null],
    ]);
  });

  it("on a stream without values is Spark's refusal", () => {
    const stream = new MemoryStream(t.spark, "course STRING, year INT, earnings DOUBLE");
    let error: AnalysisException | undefined;
    try {
      stream.toDF().groupBy("year").pivot("course");
    } catch (e) {
      error = e as AnalysisException;
    }
    expect(error?.getCondition()).toBe("_LEGACY_ERROR_TEMP_3063");
    expect(error?.message).toBe("pivot is not supported on a streaming DataFrames/Datasets");
  });

  it("on a stream with values: a streaming aggregation with state, batch by batch", async () => {
    const stream = new MemoryStream(t.spark, "course STRING, year INT, earnings DOUBLE");
    const out = collectBatches();
    const query = await stream
      .toDF()
      .groupBy("year")
      .pivot("course", ["dotNET", "Java"])
      .sum("earnings")
      .writeStream.outputMode("complete")
      .foreachBatch(out.fn)
      .option("checkpointLocation", "/checkpoints/pivot")
      .start();
    stream.addData([
      { course: "dotNET", year: 2012, earnings: 10000 },
      { course: "Java", year: 2012, earnings: 20000 },
    ]);
    await query.processAllAvailable();
    stream.addData([
      { course: "dotNET", year: 2012, earnings: 5000 },
      { course: "dotNET", year: 2013, earnings: 48000 },
    ]);
    await query.processAllAvailable();
    const table = (i: number) =>
      (out.batches.get(i) ?? [])
        .map((r) => [r.year, r.dotNET, r.Java])
        .sort((a, b) => Number(a[0]) - Number(b[0]));
    expect(table(0)).toEqual([[2012, 10000, 20000]]);
    expect(table(1)).toEqual([
      [2012, 15000, 20000],
      [2013, 48000, null],
    ]);
    await query.stop();
  });

  describe("SQL PIVOT: Spark's pivot.sql", () => {
    beforeAll(() => {
      t.spark.sql(`create or replace temporary view courseSalesSql as select * from values
        ("dotNET", 2012, 10000), ("Java", 2012, 20000), ("dotNET", 2012, 5000), ("dotNET", 2013, 48000),
        ("Java", 2013, 30000) as courseSalesSql(course, year, earnings)`);
      t.spark.sql(
        "create or replace temporary view years as select * from values (2012, 1), (2013, 2) as years(y, s)",
      );
      t.spark.sql(`create or replace temporary view yearsWithComplexTypes as select * from values
        (2012, array(1, 1), map('1', 1), struct(1, 'a')), (2013, array(2, 2), map('2', 2), struct(2, 'b'))
        as yearsWithComplexTypes(y, a, m, s)`);
    });
    const printed = async (query: string) => {
      const df = t.spark.sql(query);
      const lines = (await df.collect()).map((r) =>
        df.columns.map((c) => (r[c] === null ? "NULL" : String(r[c]))).join(" "),
      );
      return { schema: df.schema.simpleString(), rows: lines.sort() };
    };
    const cases: [string, string, string][] = [
      [
        "SELECT * FROM (SELECT year, course, earnings FROM courseSalesSql) PIVOT (sum(earnings) FOR course IN ('dotNET', 'Java'))",
        "struct<year:int,dotNET:bigint,Java:bigint>",
        "2012 15000 20000|2013 48000 30000",
      ],
      [
        "SELECT * FROM courseSalesSql PIVOT (sum(earnings) FOR year IN (2012, 2013))",
        "struct<course:string,2012:bigint,2013:bigint>",
        "Java 20000 30000|dotNET 15000 48000",
      ],
      [
        "SELECT * FROM (SELECT year, course, earnings FROM courseSalesSql) PIVOT (sum(earnings), avg(earnings) FOR course IN ('dotNET', 'Java'))",
        "struct<year:int,dotNET_sum(earnings):bigint,dotNET_avg(earnings):double,Java_sum(earnings):bigint,Java_avg(earnings):double>",
        "2012 15000 7500 20000 20000|2013 48000 48000 30000 30000",
      ],
      [
        "SELECT * FROM (SELECT year, course, earnings FROM courseSalesSql) PIVOT (sum(earnings), min(year) FOR course IN ('dotNET', 'Java'))",
        "struct<dotNET_sum(earnings):bigint,dotNET_min(year):int,Java_sum(earnings):bigint,Java_min(year):int>",
        "63000 2012 50000 2012",
      ],
      [
        "SELECT * FROM (SELECT course, year, earnings, s FROM courseSalesSql JOIN years ON year = y) PIVOT (sum(earnings) FOR s IN (1, 2))",
        "struct<course:string,year:int,1:bigint,2:bigint>",
        "Java 2012 20000 NULL|Java 2013 NULL 30000|dotNET 2012 15000 NULL|dotNET 2013 NULL 48000",
      ],
      [
        "SELECT firstYear_s, secondYear_s, firstYear_a, secondYear_a, c FROM (SELECT year y, course c, earnings e FROM courseSalesSql) PIVOT (sum(e) s, avg(e) a FOR y IN (2012 as firstYear, 2013 secondYear))",
        "struct<firstYear_s:bigint,secondYear_s:bigint,firstYear_a:double,secondYear_a:double,c:string>",
        "15000 48000 7500 48000 dotNET|20000 30000 20000 30000 Java",
      ],
      [
        "SELECT * FROM (SELECT course, year, earnings, s FROM courseSalesSql JOIN years ON year = y) PIVOT (sum(earnings) FOR (course, year) IN (('dotNET', 2012), ('Java', 2013)))",
        "struct<s:int,{dotNET, 2012}:bigint,{Java, 2013}:bigint>",
        "1 15000 NULL|2 NULL 30000",
      ],
      [
        "SELECT * FROM (SELECT course, year, earnings, s FROM courseSalesSql JOIN years ON year = y) PIVOT (sum(earnings) FOR (course, s) IN (('dotNET', 2) as c1, ('Java', 1) as c2))",
        "struct<year:int,c1:bigint,c2:bigint>",
        "2012 NULL 20000|2013 48000 NULL",
      ],
      [
        'SELECT * FROM (SELECT course, earnings, "a" as a, "z" as z, "b" as b, "y" as y, "c" as c, "x" as x, "d" as d, "w" as w FROM courseSalesSql) PIVOT (sum(Earnings) FOR Course IN (\'dotNET\', \'Java\'))',
        "struct<a:string,z:string,b:string,y:string,c:string,x:string,d:string,w:string,dotNET:bigint,Java:bigint>",
        "a z b y c x d w 63000 50000",
      ],
      [
        "SELECT * FROM (SELECT course, earnings FROM courseSalesSql) PIVOT (sum(earnings) FOR course IN ('dotNET', 'Java'))",
        "struct<dotNET:bigint,Java:bigint>",
        "63000 50000",
      ],
      [
        "SELECT * FROM (SELECT course, year, earnings, s FROM courseSalesSql JOIN years ON year = y) PIVOT (sum(earnings), min(s) FOR course IN ('dotNET', 'Java'))",
        "struct<year:int,dotNET_sum(earnings):bigint,dotNET_min(s):int,Java_sum(earnings):bigint,Java_min(s):int>",
        "2012 15000 1 20000 1|2013 48000 2 30000 2",
      ],
      [
        "SELECT * FROM (SELECT course, year, earnings, s FROM courseSalesSql JOIN years ON year = y) PIVOT (sum(earnings * s) FOR course IN ('dotNET', 'Java'))",
        "struct<year:int,dotNET:bigint,Java:bigint>",
        "2012 15000 20000|2013 96000 60000",
      ],
      [
        "SELECT 2012_s, 2013_s, 2012_a, 2013_a, c FROM (SELECT year y, course c, earnings e FROM courseSalesSql) PIVOT (sum(e) s, avg(e) a FOR y IN (2012, 2013))",
        "struct<2012_s:bigint,2013_s:bigint,2012_a:double,2013_a:double,c:string>",
        "15000 48000 7500 48000 dotNET|20000 30000 20000 30000 Java",
      ],
      [
        "SELECT * FROM (SELECT year, course, earnings FROM courseSalesSql) PIVOT (ceil(sum(earnings)), avg(earnings) + 1 as a1 FOR course IN ('dotNET', 'Java'))",
        "struct<year:int,dotNET_CEIL(sum(earnings)):bigint,dotNET_a1:double,Java_CEIL(sum(earnings)):bigint,Java_a1:double>",
        "2012 15000 7501 20000 20001|2013 48000 48001 30000 30001",
      ],
      // Constant expressions as pivot values: Spark folds them, named by their value unless aliased.
      [
        "SELECT * FROM courseSalesSql PIVOT (sum(earnings) FOR year IN (2012 + 1 AS y, 2011 + 1))",
        "struct<course:string,y:bigint,2012:bigint>",
        "Java 30000 20000|dotNET 48000 15000",
      ],
      [
        "SELECT * FROM (SELECT year, course, earnings FROM courseSalesSql) PIVOT (sum(earnings) FOR course IN (concat('dot', 'NET'), upper('java') AS J))",
        "struct<year:int,dotNET:bigint,J:bigint>",
        "2012 15000 NULL|2013 48000 NULL",
      ],
      // Complex types: arrays and structs as pivoted values, pivot columns and pivot values.
      [
        "SELECT * FROM (SELECT course, year, a FROM courseSalesSql JOIN yearsWithComplexTypes ON year = y) PIVOT (min(a) FOR course IN ('dotNET', 'Java'))",
        "struct<year:int,dotNET:array<int>,Java:array<int>>",
        "2012 1,1 1,1|2013 2,2 2,2",
      ],
      [
        "SELECT * FROM (SELECT course, year, y, a FROM courseSalesSql JOIN yearsWithComplexTypes ON year = y) PIVOT (max(a) FOR (y, course) IN ((2012, 'dotNET'), (2013, 'Java')))",
        "struct<year:int,{2012, dotNET}:array<int>,{2013, Java}:array<int>>",
        "2012 1,1 NULL|2013 NULL 2,2",
      ],
      [
        "SELECT * FROM (SELECT earnings, year, a FROM courseSalesSql JOIN yearsWithComplexTypes ON year = y) PIVOT (sum(earnings) FOR a IN (array(1, 1), array(2, 2)))",
        "struct<year:int,[1, 1]:bigint,[2, 2]:bigint>",
        "2012 35000 NULL|2013 NULL 78000",
      ],
      [
        "SELECT * FROM (SELECT course, earnings, year, a FROM courseSalesSql JOIN yearsWithComplexTypes ON year = y) PIVOT (sum(earnings) FOR (course, a) IN (('dotNET', array(1, 1)), ('Java', array(2, 2))))",
        "struct<year:int,{dotNET, [1, 1]}:bigint,{Java, [2, 2]}:bigint>",
        "2012 15000 NULL|2013 NULL 30000",
      ],
      [
        "SELECT * FROM (SELECT earnings, year, s FROM courseSalesSql JOIN yearsWithComplexTypes ON year = y) PIVOT (sum(earnings) FOR s IN ((1, 'a'), (2, 'b')))",
        "struct<year:int,{1, a}:bigint,{2, b}:bigint>",
        "2012 35000 NULL|2013 NULL 78000",
      ],
      [
        "SELECT * FROM (SELECT course, earnings, year, s FROM courseSalesSql JOIN yearsWithComplexTypes ON year = y) PIVOT (sum(earnings) FOR (course, s) IN (('dotNET', (1, 'a')), ('Java', (2, 'b'))))",
        "struct<year:int,{dotNET, {1, a}}:bigint,{Java, {2, b}}:bigint>",
        "2012 15000 NULL|2013 NULL 30000",
      ],
    ];
    for (const [query, schema, output] of cases) {
      it(query, async () => {
        expect(await printed(query)).toEqual({ schema, rows: output.split("|").sort() });
      });
    }

    it("a PIVOT aggregate reading a column outside an aggregate function is refused, as Spark's pivot.sql", () => {
      for (const [query, column] of [
        [
          "SELECT * FROM courseSalesSql PIVOT (abs(earnings) FOR year IN (2012, 2013))",
          "coursesalessql.earnings",
        ],
        [
          "SELECT * FROM (SELECT year, course, earnings FROM courseSalesSql) PIVOT (sum(earnings), year FOR course IN ('dotNET', 'Java'))",
          "__auto_generated_subquery_name.year",
        ],
      ]) {
        let error: AnalysisException | undefined;
        try {
          t.spark.sql(query);
        } catch (e) {
          error = e as AnalysisException;
        }
        expect(error?.getCondition()).toBe("_LEGACY_ERROR_TEMP_1006");
        expect(error?.message).toContain(
          `Aggregate expression required for pivot, but '${column}' did not appear in any aggregate function.`,
        );
      }
    });

    it("pivot with unresolvable columns, and an aggregate of an aggregate, fail as Spark's pivot.sql", () => {
      const condition = (query: string) => {
        try {
          t.spark.sql(query);
        } catch (e) {
          return (e as AnalysisException).getCondition();
        }
        return "no error";
      };
      expect(
        condition(
          "SELECT * FROM (SELECT course, earnings FROM courseSalesSql) PIVOT (sum(earnings) FOR year IN (2012, 2013))",
        ),
      ).toBe("UNRESOLVED_COLUMN.WITH_SUGGESTION");
      expect(
        condition(
          "SELECT * FROM (SELECT year, course, earnings FROM courseSalesSql) PIVOT (sum(avg(earnings)) FOR course IN ('dotNET', 'Java'))",
        ),
      ).toBe("NESTED_AGGREGATE_FUNCTION");
    });

    it("a random pivot value is not constant: NON_LITERAL_PIVOT_VALUES", () => {
      let error: AnalysisException | undefined;
      try {
        t.spark.sql("SELECT * FROM courseSalesSql PIVOT (sum(earnings) FOR year IN (rand(), 2013))");
      } catch (e) {
        error = e as AnalysisException;
      }
      expect(error?.getCondition()).toBe("NON_LITERAL_PIVOT_VALUES");
    });

    it("a pivot value that is not a literal is NON_LITERAL_PIVOT_VALUES", () => {
      let error: AnalysisException | undefined;
      try {
        t.spark.sql("SELECT * FROM courseSalesSql PIVOT (sum(earnings) FOR year IN (course, 2013))");
      } catch (e) {
        error = e as AnalysisException;
      }
      expect(error?.getCondition()).toBe("NON_LITERAL_PIVOT_VALUES");
      expect(error?.getMessageParameters()).toEqual({ expression: '"course"' });
    });

    it("a pivot value naming no column is UNRESOLVED_COLUMN, as Spark resolves it first", () => {
      let error: AnalysisException | undefined;
      try {
        t.spark.sql("SELECT * FROM courseSalesSql PIVOT (sum(earnings) FOR year IN (s, 2013))");
      } catch (e) {
        error = e as AnalysisException;
      }
      expect(error?.getCondition()).toBe("UNRESOLVED_COLUMN.WITH_SUGGESTION");
      expect(error?.getMessageParameters().objectName).toBe("`s`");
    });

    it("a map pivot column is INCOMPARABLE_PIVOT_COLUMN, alone or among several", () => {
      const condition = (query: string) => {
        try {
          t.spark.sql(query);
        } catch (e) {
          const error = e as AnalysisException;
          return {
            condition: error.getCondition(),
            sqlState: error.getSqlState(),
            ...error.getMessageParameters(),
          };
        }
        return undefined;
      };
      expect(
        condition(
          "SELECT * FROM (SELECT earnings, year, m FROM courseSalesSql JOIN yearsWithComplexTypes ON year = y) PIVOT (sum(earnings) FOR m IN (map('1', 1), map('2', 2)))",
        ),
      ).toEqual({ condition: "INCOMPARABLE_PIVOT_COLUMN", sqlState: "42818", columnName: "`m`" });
      expect(
        condition(
          "SELECT * FROM (SELECT course, earnings, year, m FROM courseSalesSql JOIN yearsWithComplexTypes ON year = y) PIVOT (sum(earnings) FOR (course, m) IN (('dotNET', map('1', 1)), ('Java', map('2', 2))))",
        ),
      ).toEqual({
        condition: "INCOMPARABLE_PIVOT_COLUMN",
        sqlState: "42818",
        columnName: "`named_struct('course', course, 'm', m)`",
      });
    });

    it("a row constructor is a struct of col1, col2, as Spark's CreateStruct", async () => {
      const df = t.spark.sql("SELECT (1, 'a') AS s");
      expect(df.schema.simpleString()).toBe("struct<s:struct<col1:int,col2:string>>");
      expect(await df.collect()).toEqual([{ s: { col1: 1, col2: "a" } }]);
    });

    it("a bare value where the pivot is over several columns is PIVOT_VALUE_DATA_TYPE_MISMATCH", () => {
      let error: AnalysisException | undefined;
      try {
        t.spark.sql(
          "SELECT * FROM (SELECT course, year, earnings, s FROM courseSalesSql JOIN years ON year = y) PIVOT (sum(earnings) FOR (course, year) IN ('dotNET', 'Java'))",
        );
      } catch (e) {
        error = e as AnalysisException;
      }
      expect(error?.getCondition()).toBe("PIVOT_VALUE_DATA_TYPE_MISMATCH");
      expect(error?.getSqlState()).toBe("42K09");
      expect(error?.getMessageParameters()).toEqual({
        pivotType: "struct<course:string,year:int>",
        value: "dotNET",
        valueType: "string",
      });
    });
  });
});

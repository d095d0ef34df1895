/**
 * DataFrame.unpivot / melt: cases of Spark's DatasetUnpivotSuite over its wideData ("unpivot with id and value
 * columns", "... with compatible value types", "... with incompatible value types", "... with no value
 * columns"), and an unpivot on a stream.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnalysisException } from "../../errors";
import type { DataFrame } from "../../index";
import { MemoryStream } from "../../sources/MemoryStream";
import { collectBatches } from "../../testing/batches";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import { thrownBy } from "../../testing/thrown";
import { col } from "./functions";

describe("unpivot", () => {
  let t: TestSession;
  let wideData: DataFrame;
  beforeAll(async () => {
    t = await newTestSession();
    wideData = t.spark.createDataFrame(
      [
        { id: 1, str1: "one", str2: "One", int1: 1, long1: 1 },
        { id: 2, str1: "two", str2: null, int1: null, long1: 2 },
        { id: 3, str1: null, str2: "three", int1: 3, long1: null },
        { id: 4, str1: null, str2: null, int1: null, long1: null },
      ],
      "id INT NOT NULL, str1 STRING, str2 STRING, int1 INT, long1 BIGINT",
    );
  });
  afterAll(() => t.cleanup());

  const rows = async (df: DataFrame) =>
    (await df.collect()).map((r) => df.columns.map((c) => (typeof r[c] === "bigint" ? Number(r[c]) : r[c])));
  const failure = (f: () => unknown) => thrownBy<AnalysisException>(f);

  it("id and value columns: one row per value column, in row order", async () => {
    const df = wideData.unpivot([col("id")], [col("str1"), col("str2")], "var", "val");
    expect(df.columns).toEqual(["id", "var", "val"]);
    expect(await rows(df)).toEqual([
      [1, "str1", "one"],
      [1, "str2", "One"],
      [2, "str1", "two"],
      [2, "str2", null],
      [3, "str1", null],
      [3, "str2", "three"],
      [4, "str1", null],
      [4, "str2", null],
    ]);
    // melt is the same, and no values means every column that is not an id.
    const melted = wideData.select("id", "str1", "str2").melt("id", null, "var", "val");
    expect(await rows(melted)).toEqual(await rows(df));
  });

  it("compatible value types: the least common type", async () => {
    const df = wideData.unpivot(["id"], ["int1", "long1"], "var", "val");
    expect(df.schema.fields.map((f) => [f.name, f.dataType.simpleString()])).toEqual([
      ["id", "int"],
      ["var", "string"],
      ["val", "bigint"],
    ]);
    expect(await rows(df)).toEqual([
      [1, "int1", 1],
      [1, "long1", 1],
      [2, "int1", null],
      [2, "long1", 2],
      [3, "int1", 3],
      [3, "long1", null],
      [4, "int1", null],
      [4, "long1", null],
    ]);
  });

  it("incompatible value types are Spark's UNPIVOT_VALUE_DATA_TYPE_MISMATCH", () => {
    const e = failure(() =>
      wideData
        .select(
          col("id"),
          col("str1"),
          col("int1"),
          col("int1").alias("int2"),
          col("int1").alias("int3"),
          col("int1").alias("int4"),
          col("long1"),
          col("long1").alias("long2"),
        )
        .unpivot([col("id")], null, "var", "val"),
    );
    expect(e.getCondition()).toBe("UNPIVOT_VALUE_DATA_TYPE_MISMATCH");
    expect(e.getMessageParameters()).toEqual({
      types: '"BIGINT" (`long1`, `long2`), "INT" (`int1`, `int2`, `int3`, ...), "STRING" (`str1`)',
    });
  });

  it("no value columns is Spark's UNPIVOT_REQUIRES_VALUE_COLUMNS", () => {
    const ids = wideData.select("id", "str1", "str2");
    expect(failure(() => ids.unpivot(["id", "str1", "str2"], [], "var", "val")).getCondition()).toBe(
      "UNPIVOT_REQUIRES_VALUE_COLUMNS",
    );
    expect(failure(() => ids.unpivot(["id", "str1", "str2"], null, "var", "val")).message).toContain(
      "At least one value column needs to be specified for UNPIVOT, all columns specified as ids.",
    );
  });

  it("on a stream: each batch's rows unpivoted", async () => {
    const stream = new MemoryStream(t.spark, "id INT, a INT, b INT");
    const out = collectBatches();
    const query = await stream
      .toDF()
      .unpivot("id", ["a", "b"], "var", "val")
      .writeStream.foreachBatch(out.fn)
      .option("checkpointLocation", "/checkpoints/unpivot")
      .start();
    stream.addData([{ id: 1, a: 10, b: 20 }]);
    await query.processAllAvailable();
    expect((out.batches.get(0) ?? []).map((r) => [r.id, r.var, r.val])).toEqual([
      [1, "a", 10],
      [1, "b", 20],
    ]);
    await query.stop();
  });

  describe("SQL UNPIVOT: Spark's unpivot.sql", () => {
    beforeAll(() => {
      t.spark.sql(`create or replace temporary view courseEarnings as select * from values
        ("dotNET", 15000, 48000, 22500), ("Java", 20000, 30000, NULL)
        as courseEarnings(course, \`2012\`, \`2013\`, \`2014\`)`);
      t.spark.sql(`create or replace temporary view courseEarningsAndSales as select * from values
        ("dotNET", 15000, 2, 48000, 1, 22500, 1), ("Java", 20000, 1, 30000, 2, NULL, NULL)
        as courseEarningsAndSales(course, earnings2012, sales2012, earnings2013, sales2013, earnings2014, sales2014)`);
    });
    /** As SQLQueryTestSuite prints a result: its schema, and its rows tab-separated and sorted. */
    const printed = async (query: string) => {
      const df = t.spark.sql(query);
      const lines = (await df.collect()).map((r) =>
        df.columns.map((c) => (r[c] === null ? "NULL" : String(r[c]))).join("\t"),
      );
      return { schema: df.schema.simpleString(), rows: lines.sort() };
    };
    const allYears =
      "Java\t2012\t20000|Java\t2013\t30000|dotNET\t2012\t15000|dotNET\t2013\t48000|dotNET\t2014\t22500";
    const pairs =
      "Java\t2012\t20000\t1|Java\t2013\t30000\t2|dotNET\t2012\t15000\t2|dotNET\t2013\t48000\t1|dotNET\t2014\t22500\t1";
    const cases: [string, string, string][] = [
      [
        "SELECT * FROM courseEarnings UNPIVOT (earningsYear FOR year IN (`2012`, `2013`, `2014`))",
        "struct<course:string,year:string,earningsYear:int>",
        allYears,
      ],
      [
        "SELECT * FROM courseEarnings UNPIVOT INCLUDE NULLS (earningsYear FOR year IN (`2012`, `2013`, `2014`))",
        "struct<course:string,year:string,earningsYear:int>",
        `${allYears}|Java\t2014\tNULL`,
      ],
      [
        "SELECT * FROM courseEarnings UNPIVOT EXCLUDE NULLS (earningsYear FOR year IN (`2012`, `2013`, `2014`))",
        "struct<course:string,year:string,earningsYear:int>",
        allYears,
      ],
      [
        "SELECT * FROM (SELECT course, struct(`2012`, `2013`, `2014`) AS `the.earnings` FROM courseEarnings) UNPIVOT (earningsYear FOR year IN (`the.earnings`.`2012`, `the.earnings`.`2013`, `the.earnings`.`2014`))",
        "struct<course:string,year:string,earningsYear:int>",
        allYears,
      ],
      [
        "SELECT * FROM courseEarnings UNPIVOT (earningsYear FOR year IN (`2013`, `2014`))",
        "struct<course:string,2012:int,year:string,earningsYear:int>",
        "Java\t20000\t2013\t30000|dotNET\t15000\t2013\t48000|dotNET\t15000\t2014\t22500",
      ],
      [
        "SELECT up.* FROM courseEarnings UNPIVOT (earningsYear FOR year IN (`2012`, `2013`, `2014`)) up",
        "struct<course:string,year:string,earningsYear:int>",
        allYears,
      ],
      [
        "SELECT up.* FROM courseEarnings UNPIVOT (earningsYear FOR year IN (`2012`, `2013`, `2014`)) AS up",
        "struct<course:string,year:string,earningsYear:int>",
        allYears,
      ],
      [
        "SELECT * FROM courseEarningsAndSales UNPIVOT ((earnings, sales) FOR year IN ((earnings2012, sales2012) `2012`, (earnings2013, sales2013) `2013`, (earnings2014, sales2014) `2014`))",
        "struct<course:string,year:string,earnings:int,sales:int>",
        pairs,
      ],
      [
        "SELECT * FROM courseEarningsAndSales UNPIVOT EXCLUDE NULLS ((earnings, sales) FOR year IN ((earnings2012, sales2012) as `2012`, (earnings2013, sales2013) as `2013`, (earnings2014, sales2014) as `2014`))",
        "struct<course:string,year:string,earnings:int,sales:int>",
        pairs,
      ],
      [
        "SELECT * FROM courseEarningsAndSales UNPIVOT ((earnings, sales) FOR year IN ((earnings2012, sales2012), (earnings2013, sales2013), (earnings2014, sales2014)))",
        "struct<course:string,year:string,earnings:int,sales:int>",
        "Java\tearnings2012_sales2012\t20000\t1|Java\tearnings2013_sales2013\t30000\t2|dotNET\tearnings2012_sales2012\t15000\t2|dotNET\tearnings2013_sales2013\t48000\t1|dotNET\tearnings2014_sales2014\t22500\t1",
      ],
      [
        "SELECT * FROM courseEarningsAndSales UNPIVOT ((earnings, sales) FOR year IN ((earnings2013, sales2013), (earnings2014, sales2014)))",
        "struct<course:string,earnings2012:int,sales2012:int,year:string,earnings:int,sales:int>",
        "Java\t20000\t1\tearnings2013_sales2013\t30000\t2|dotNET\t15000\t2\tearnings2013_sales2013\t48000\t1|dotNET\t15000\t2\tearnings2014_sales2014\t22500\t1",
      ],
    ];
    for (const [query, schema, output] of cases) {
      it(query, async () => {
        expect(await printed(query)).toEqual({ schema, rows: output.split("|").sort() });
      });
    }

    it("on a stream: SQL UNPIVOT over a streaming view, nulls excluded batch by batch", async () => {
      const stream = new MemoryStream(t.spark, "id INT, a INT, b INT");
      stream.toDF().createOrReplaceTempView("unpivotStream");
      const out = collectBatches();
      const query = await t.spark
        .sql("SELECT * FROM unpivotStream UNPIVOT (val FOR var IN (a, b AS bb))")
        .writeStream.foreachBatch(out.fn)
        .option("checkpointLocation", "/checkpoints/sql-unpivot")
        .start();
      stream.addData([
        { id: 1, a: 10, b: null },
        { id: 2, a: 30, b: 40 },
      ]);
      await query.processAllAvailable();
      expect((out.batches.get(0) ?? []).map((r) => [r.id, r.var, r.val])).toEqual([
        [1, "a", 10],
        [2, "a", 30],
        [2, "bb", 40],
      ]);
      await query.stop();
    });

    it("a value column with an alias names its rows by the alias", async () => {
      const df = t.spark.sql(
        "SELECT * FROM courseEarnings UNPIVOT (earningsYear FOR year IN (`2012` AS y12, `2013` y13)) ORDER BY course DESC, year",
      );
      expect(df.columns).toEqual(["course", "2014", "year", "earningsYear"]);
      expect(await rows(df)).toEqual([
        ["dotNET", 22500, "y12", 15000],
        ["dotNET", 22500, "y13", 48000],
        ["Java", null, "y12", 20000],
        ["Java", null, "y13", 30000],
      ]);
    });

    it("value tuples of another size than the value names are UNPIVOT_VALUE_SIZE_MISMATCH", () => {
      for (const [query, names] of [
        [
          "SELECT * FROM courseEarningsAndSales UNPIVOT ((earnings, sales, extra) FOR year IN ((earnings2012, sales2012), (earnings2013, sales2013), (earnings2014, sales2014)))",
          "3",
        ],
        [
          "SELECT * FROM courseEarningsAndSales UNPIVOT ((earnings, sales) FOR year IN ((earnings2012), (earnings2013, sales2013), (earnings2014, sales2014, sales2014)))",
          "2",
        ],
      ]) {
        const error = failure(() => t.spark.sql(query));
        expect(error.getCondition()).toBe("UNPIVOT_VALUE_SIZE_MISMATCH");
        expect(error.getSqlState()).toBe("428C4");
        expect(error.getMessageParameters()).toEqual({ names });
      }
    });

    it("an empty IN list or value list is PARSE_SYNTAX_ERROR", () => {
      for (const query of [
        "SELECT * FROM courseEarningsAndSales UNPIVOT (values FOR year IN ())",
        "SELECT * FROM courseEarningsAndSales UNPIVOT (() FOR year IN ((earnings2012, sales2012)))",
        "SELECT * FROM courseEarningsAndSales UNPIVOT ((earnings, sales) FOR year IN ())",
      ]) {
        expect(failure(() => t.spark.sql(query)).getCondition()).toBe("PARSE_SYNTAX_ERROR");
      }
    });

    it("value columns of no common type are UNPIVOT_VALUE_DATA_TYPE_MISMATCH", () => {
      const error = failure(() =>
        t.spark.sql("SELECT * FROM courseEarnings UNPIVOT (v FOR k IN (course, `2012`))"),
      );
      expect(error.getCondition()).toBe("UNPIVOT_VALUE_DATA_TYPE_MISMATCH");
    });
  });
});

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

  it("SQL UNPIVOT: unpivot.sql's first query (nulls excluded)", async () => {
    t.spark.sql(`create or replace temporary view courseEarnings as select * from values
      ('dotNET', 15000, 48000, 22500), ('Java', 20000, 30000, NULL)
      as courseEarnings(course, \`2012\`, \`2013\`, \`2014\`)`);
    const df = t.spark.sql(
      "SELECT * FROM courseEarnings UNPIVOT (earningsYear FOR year IN (`2012`, `2013`, `2014`))",
    );
    expect(df.columns).toEqual(["course", "year", "earningsYear"]);
    expect(await rows(df)).toEqual([
      ["dotNET", "2012", 15000],
      ["dotNET", "2013", 48000],
      ["dotNET", "2014", 22500],
      ["Java", "2012", 20000],
      ["Java", "2013", 30000],
    ]);
  });
});

/**
 * issue 11: a catalog relation's name qualifies its columns, as Spark's SubqueryAlias over a table or view does.
 * Cases from Spark's SQL golden files `sql-tests/inputs/columnresolution.sql` and `columnresolution-views.sql`
 * (their answers from the matching `results/*.sql.out`), and the same names through the DataFrame API
 * (`spark.table("t").select("t.c")`, `readStream.table`), as Spark's Dataset resolves them.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetCatalog } from "../../testing/catalog";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import { col } from "../api/functions";

let t: TestSession;
beforeAll(async () => {
  t = await newTestSession();
});
afterEach(async () => {
  await t.spark.streams.stopAll();
  await resetCatalog(t.spark);
});
afterAll(() => t.cleanup());

const sql = async (text: string) =>
  (await t.spark.sql(text).collect()).map((r) =>
    Object.values(r).map((v) => (typeof v === "bigint" ? Number(v) : v)),
  );

describe("columnresolution-views.sql", () => {
  it("Test scenario with Temporary view", async () => {
    await t.spark.sql("CREATE OR REPLACE TEMPORARY VIEW view1 AS SELECT 2 AS i1").collect();
    expect(await sql("SELECT view1.* FROM view1")).toEqual([[2]]);
    expect(await sql("SELECT * FROM view1")).toEqual([[2]]);
    expect(await sql("SELECT view1.i1 FROM view1")).toEqual([[2]]);
    expect(await sql("SELECT i1 FROM view1")).toEqual([[2]]);
    expect(await sql("SELECT a.i1 FROM view1 AS a")).toEqual([[2]]);
    expect(await sql("SELECT i1 FROM view1 AS a")).toEqual([[2]]);
  });

  it("Test scenario with Global Temp view", async () => {
    await t.spark.sql("CREATE OR REPLACE GLOBAL TEMPORARY VIEW view1 as SELECT 1 as i1").collect();
    expect(await sql("SELECT * FROM global_temp.view1")).toEqual([[1]]);
    expect(await sql("SELECT global_temp.view1.* FROM global_temp.view1")).toEqual([[1]]);
    expect(await sql("SELECT i1 FROM global_temp.view1")).toEqual([[1]]);
    expect(await sql("SELECT global_temp.view1.i1 FROM global_temp.view1")).toEqual([[1]]);
    expect(await sql("SELECT view1.i1 FROM global_temp.view1")).toEqual([[1]]);
    expect(await sql("SELECT a.i1 FROM global_temp.view1 AS a")).toEqual([[1]]);
    expect(await sql("SELECT i1 FROM global_temp.view1 AS a")).toEqual([[1]]);
  });
});

describe("columnresolution.sql", () => {
  async function twoDatabases() {
    await t.spark.sql("CREATE DATABASE mydb1").collect();
    await t.spark.sql("USE mydb1").collect();
    await t.spark.sql("CREATE TABLE t1 USING parquet AS SELECT 1 AS i1").collect();
    await t.spark.sql("CREATE DATABASE mydb2").collect();
    await t.spark.sql("USE mydb2").collect();
    await t.spark.sql("CREATE TABLE t1 USING parquet AS SELECT 20 AS i1").collect();
  }

  it("column resolution scenarios with datasource table", async () => {
    await twoDatabases();
    await t.spark.sql("USE mydb1").collect();
    expect(await sql("SELECT i1 FROM t1")).toEqual([[1]]);
    expect(await sql("SELECT i1 FROM mydb1.t1")).toEqual([[1]]);
    expect(await sql("SELECT t1.i1 FROM t1")).toEqual([[1]]);
    expect(await sql("SELECT t1.i1 FROM mydb1.t1")).toEqual([[1]]);
    expect(await sql("SELECT mydb1.t1.i1 FROM t1")).toEqual([[1]]);
    expect(await sql("SELECT mydb1.t1.i1 FROM mydb1.t1")).toEqual([[1]]);
    await t.spark.sql("USE mydb2").collect();
    expect(await sql("SELECT i1 FROM t1")).toEqual([[20]]);
    expect(await sql("SELECT i1 FROM mydb1.t1")).toEqual([[1]]);
    expect(await sql("SELECT t1.i1 FROM t1")).toEqual([[20]]);
    expect(await sql("SELECT t1.i1 FROM mydb1.t1")).toEqual([[1]]);
    expect(await sql("SELECT mydb1.t1.i1 FROM mydb1.t1")).toEqual([[1]]);
  });

  it("resolve fully qualified table name in star expansion", async () => {
    await twoDatabases();
    await t.spark.sql("USE mydb1").collect();
    expect(await sql("SELECT t1.* FROM t1")).toEqual([[1]]);
    expect(await sql("SELECT mydb1.t1.* FROM mydb1.t1")).toEqual([[1]]);
    expect(await sql("SELECT t1.* FROM mydb1.t1")).toEqual([[1]]);
    await t.spark.sql("USE mydb2").collect();
    expect(await sql("SELECT t1.* FROM t1")).toEqual([[20]]);
    expect(await sql("SELECT mydb1.t1.* FROM mydb1.t1")).toEqual([[1]]);
    expect(await sql("SELECT t1.* FROM mydb1.t1")).toEqual([[1]]);
    expect(await sql("SELECT a.* FROM mydb1.t1 AS a")).toEqual([[1]]);
  });

  it("Table with struct column", async () => {
    await t.spark.sql("CREATE DATABASE mydb1").collect();
    await t.spark.sql("USE mydb1").collect();
    await t.spark.sql("CREATE TABLE t5(i1 INT, t5 STRUCT<i1:INT, i2:INT>) USING parquet").collect();
    await t.spark.sql("INSERT INTO t5 VALUES(1, (2, 3))").collect();
    expect(await sql("SELECT t5.i1 FROM t5")).toEqual([[1]]);
    expect(await sql("SELECT t5.t5.i1 FROM t5")).toEqual([[2]]);
    expect(await sql("SELECT t5.t5.i1 FROM mydb1.t5")).toEqual([[2]]);
    expect(await sql("SELECT t5.i1 FROM mydb1.t5")).toEqual([[1]]);
    expect(await sql("SELECT mydb1.t5.t5.i1 FROM mydb1.t5")).toEqual([[2]]);
    expect(await sql("SELECT mydb1.t5.t5.i2 FROM mydb1.t5")).toEqual([[3]]);
  });
});

describe("a table's name qualifies its columns through the DataFrame API", () => {
  it("spark.table and spark.read.table: t.c, default.t.c, spark_catalog.default.t.c", async () => {
    await t.spark.sql("CREATE TABLE t USING parquet AS SELECT 1 AS c, 'a' AS d").collect();
    for (const df of [t.spark.table("t"), t.spark.read.table("t"), t.spark.table("default.t")]) {
      expect((await df.select("t.c").collect()).map((r) => r.c)).toEqual([1]);
      expect((await df.select(col("default.t.c")).collect()).map((r) => r.c)).toEqual([1]);
      expect((await df.select(col("spark_catalog.default.t.d")).collect()).map((r) => r.d)).toEqual(["a"]);
      expect((await df.select("t.*").collect()).map((r) => [r.c, r.d])).toEqual([[1, "a"]]);
    }
  });

  it("a temporary view: v.c, and not default.v.c", async () => {
    t.spark.range(2).createOrReplaceTempView("v");
    expect((await t.spark.table("v").select("v.id").collect()).map((r) => Number(r.id)).sort()).toEqual([
      0, 1,
    ]);
    expect(() => t.spark.table("v").select(col("default.v.id"))).toThrow(
      expect.objectContaining({ errorClass: "UNRESOLVED_COLUMN.WITH_SUGGESTION" }),
    );
  });

  it("an alias replaces the table's name", async () => {
    await t.spark.sql("CREATE TABLE t USING parquet AS SELECT 1 AS c").collect();
    const df = t.spark.table("t").alias("x");
    expect((await df.select("x.c").collect()).map((r) => r.c)).toEqual([1]);
    expect(() => df.select("t.c")).toThrow(
      expect.objectContaining({ errorClass: "UNRESOLVED_COLUMN.WITH_SUGGESTION" }),
    );
  });

  it("readStream.table: a table's and a streaming view's names qualify their columns", async () => {
    await t.spark.range(3).write.format("parquet").saveAsTable("src");
    const query = await t.spark.readStream
      .table("src")
      .select(col("src.id"), col("default.src.id").plus(1).alias("next"))
      .writeStream.format("memory")
      .queryName("qualified_out")
      .start();
    await query.processAllAvailable();
    expect(
      (await t.spark.table("qualified_out").collect()).map((r) => [Number(r.id), Number(r.next)]).sort(),
    ).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
    await query.stop();
    t.spark.readStream.format("rate").load().createOrReplaceTempView("rates");
    expect(t.spark.readStream.table("rates").select("rates.value").columns).toEqual(["value"]);
  });
});

/**
 * INSERT INTO / INSERT OVERWRITE, ported from Spark's InsertSuite and DDLSuite: by position, casts under ANSI store
 * assignment, column lists, static and dynamic partitions, and the errors Spark raises.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DataFrame } from "../../../index";
import { namesIn } from "../../../testing/files";
import { newTestSession, type TestSession } from "../../../testing/fixtures";

describe("INSERT", () => {
  let t: TestSession;
  const sql = (text: string) => t.spark.sql(text);
  const run = (text: string) => sql(text).collect();
  const attempt = async (text: string) => sql(text).collect();
  const rows = async (df: DataFrame) => (await df.collect()).map((r) => Object.values(r));
  const sorted = async (df: DataFrame) =>
    (await rows(df)).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  const table = (name: string) => ["spark_catalog", "default", name].map((part) => `\`${part}\``).join(".");

  beforeAll(async () => {
    t = await newTestSession();
    t.spark
      .createDataFrame(
        Array.from({ length: 10 }, (_, i) => ({ a: i + 1, b: `str${i + 1}` })),
        "a BIGINT, b STRING",
      )
      .createOrReplaceTempView("jt");
  });
  afterAll(() => t.cleanup());

  it("INSERT INTO appends, INSERT OVERWRITE replaces (INSERT INTO JSONRelation for now)", async () => {
    await run("CREATE TABLE json_t (a INT, b STRING) USING json");
    await run("INSERT OVERWRITE TABLE json_t SELECT a, b FROM jt");
    expect(await sorted(sql("SELECT a, b FROM json_t"))).toEqual(await sorted(sql("SELECT a, b FROM jt")));
    await run("INSERT INTO TABLE json_t SELECT a, b FROM jt");
    expect(await t.spark.table("json_t").count()).toBe(20);
    await run("INSERT OVERWRITE TABLE json_t SELECT a * 10, b FROM jt");
    expect((await sorted(t.spark.table("json_t"))).map((r) => r[0])).toEqual(
      [10, 100, 20, 30, 40, 50, 60, 70, 80, 90].sort((x, y) => String([x]).localeCompare(String([y]))),
    );
  });

  it("PreInsert casting and renaming: by position, cast to the table's types", async () => {
    await run("CREATE TABLE pre (a INT, b STRING) USING json");
    await run("INSERT OVERWRITE TABLE pre SELECT a * 2, a * 4 FROM jt");
    expect(await sorted(sql("SELECT a, b FROM pre"))).toEqual(
      Array.from({ length: 10 }, (_, i) => [(i + 1) * 2, String((i + 1) * 4)]).sort((x, y) =>
        JSON.stringify(x).localeCompare(JSON.stringify(y)),
      ),
    );
    await run("INSERT OVERWRITE TABLE pre SELECT a * 4 AS A, a * 6 as c FROM jt");
    expect((await rows(sql("SELECT a, b FROM pre WHERE a = 4")))[0]).toEqual([4, "6"]);
  });

  it("INSERT INTO TABLE with Comment in columns", async () => {
    await run("CREATE TABLE tab1(col1 int COMMENT 'a', col2 int) USING parquet");
    await run("INSERT INTO TABLE tab1 SELECT 1, 2");
    expect(await rows(sql("SELECT col1, col2 FROM tab1"))).toEqual([[1, 2]]);
  });

  it("INSERT INTO TABLE - complex type but different names", async () => {
    await run("CREATE TABLE tab_s (s struct<a: string, b: string>) USING parquet");
    await run("INSERT INTO TABLE tab_s SELECT named_struct('col1','1','col2','2')");
    await run("CREATE TABLE tab_p (p struct<c: string, d: string>) USING parquet");
    await run("INSERT INTO TABLE tab_p SELECT * FROM tab_s");
    expect(await t.spark.table("tab_s").collect()).toEqual([{ s: { a: "1", b: "2" } }]);
    expect(await t.spark.table("tab_p").collect()).toEqual([{ p: { c: "1", d: "2" } }]);
  });

  it("it is not allowed to write to a table while querying it (INSERT OVERWRITE)", async () => {
    await run("CREATE TABLE self_t (i INT) USING parquet");
    await run("INSERT INTO self_t VALUES (1)");
    expect(() => sql("INSERT OVERWRITE TABLE self_t SELECT i + 1 FROM self_t")).toThrow(
      expect.objectContaining({
        errorClass: "UNSUPPORTED_OVERWRITE.TABLE",
        messageParameters: { table: table("self_t") },
      }),
    );
    // Appending what it reads is fine: the rows are read before any is written.
    await run("INSERT INTO self_t SELECT i + 1 FROM self_t");
    expect(await sorted(t.spark.table("self_t"))).toEqual([[1], [2]]);
  });

  it("Throw exception on unsafe cast with ANSI casting policy", async () => {
    await run("create table ansi_t(i int, d double) using parquet");
    const unsafe = (values: string, colName: string, srcType: string, targetType: string) =>
      expect(() => sql(`insert into ansi_t values(${values})`)).toThrow(
        expect.objectContaining({
          errorClass: "INCOMPATIBLE_DATA_FOR_TABLE.CANNOT_SAFELY_CAST",
          messageParameters: { tableName: table("ansi_t"), colName, srcType, targetType },
        }),
      );
    unsafe("'a', 'b'", "`i`", '"STRING"', '"INT"');
    unsafe("now(), now()", "`i`", '"TIMESTAMP"', '"INT"');
    unsafe("true, false", "`i`", '"BOOLEAN"', '"INT"');
  });

  it("INSERT_COLUMN_ARITY_MISMATCH: too many data columns", async () => {
    await run("create table arity_t(i int, d double) using parquet");
    expect(() => sql("insert into arity_t select 1 AS x, 2.0D AS `y.0`, 3 AS z")).toThrow(
      expect.objectContaining({
        errorClass: "INSERT_COLUMN_ARITY_MISMATCH.TOO_MANY_DATA_COLUMNS",
        messageParameters: {
          tableName: table("arity_t"),
          tableColumns: "`i`, `d`",
          // Spark quotes a data column's name as a multi-part name: `y.0` is `y`.`0`.
          dataColumns: "`x`, `y`.`0`, `z`",
        },
      }),
    );
    expect(() => sql("insert into arity_t select 1")).toThrow(
      /INSERT_COLUMN_ARITY_MISMATCH.NOT_ENOUGH_DATA_COLUMNS/,
    );
    await run("insert into arity_t select 1, 2.0D");
    expect(await rows(sql("select * from arity_t"))).toEqual([[1, 2]]);
  });

  it("Allow on writing any numeric value to numeric type, and timestamp to date, with ANSI policy", async () => {
    await run("create table num_t(i int, d float) using parquet");
    await run("insert into num_t values(1L, 2.0)");
    await run("insert into num_t values(3.0, 4)");
    await run("insert into num_t values(5.0, 6L)");
    expect(await sorted(sql("select * from num_t"))).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    await run("create table date_t(i date) using parquet");
    await run("insert into date_t values(CAST('2010-09-02 14:10:10' AS TIMESTAMP))");
    expect((await t.spark.table("date_t").collect())[0].i).toEqual(new Date("2010-09-02T00:00:00Z"));
  });

  it("a column list takes the query's columns by name; the other columns are NULL", async () => {
    await run("create table list_t(a int, b string, c double) using parquet");
    await run("insert into list_t (c, a) values (1.5, 7)");
    expect(await rows(t.spark.table("list_t"))).toEqual([[7, null, 1.5]]);
    expect(() => sql("insert into list_t (a, a) values (1, 2)")).toThrow(/COLUMN_ALREADY_EXISTS/);
    expect(() => sql("insert into list_t (a, x) values (1, 2)")).toThrow(/UNRESOLVED_COLUMN/);
  });

  it("INSERT ... BY NAME matches the query's columns to the table's by name", async () => {
    await run("create table byname_t(a int, b string) using parquet");
    await run("insert into byname_t by name select 'x' as b, 1 as a");
    expect(await rows(t.spark.table("byname_t"))).toEqual([[1, "x"]]);
  });

  it("SPARK-20236: dynamic partition overwrite", async () => {
    await run("create table dyn_t(i int, part1 int, part2 int) using parquet partitioned by (part1, part2)");
    await run("insert into dyn_t partition(part1=1, part2=1) select 1");
    expect(await rows(t.spark.table("dyn_t"))).toEqual([[1, 1, 1]]);
    await run("insert overwrite table dyn_t partition(part1=1, part2=1) select 2");
    expect(await rows(t.spark.table("dyn_t"))).toEqual([[2, 1, 1]]);
    t.spark.conf.set("spark.sql.sources.partitionOverwriteMode", "dynamic");
    try {
      await run("insert overwrite table dyn_t partition(part1=2, part2) select 2, 2");
      expect(await sorted(t.spark.table("dyn_t"))).toEqual([
        [2, 1, 1],
        [2, 2, 2],
      ]);
      await run("insert overwrite table dyn_t partition(part1=1, part2=2) select 3");
      expect(await sorted(t.spark.table("dyn_t"))).toEqual([
        [2, 1, 1],
        [2, 2, 2],
        [3, 1, 2],
      ]);
      await run("insert overwrite table dyn_t partition(part1=1, part2) select 4, 1");
      expect(await sorted(t.spark.table("dyn_t"))).toEqual([
        [2, 2, 2],
        [3, 1, 2],
        [4, 1, 1],
      ]);
    } finally {
      t.spark.conf.unset("spark.sql.sources.partitionOverwriteMode");
    }
  });

  it("static partition overwrite replaces the partitions the PARTITION clause names", async () => {
    await run("create table stat_t(i int, part1 int, part2 int) using parquet partitioned by (part1, part2)");
    await run("insert into stat_t partition(part1=1, part2=1) select 1");
    await run("insert into stat_t partition(part1=1, part2=2) select 2");
    await run("insert into stat_t partition(part1=2, part2=1) select 3");
    // STATIC: everything under part1=1 goes, whatever part2 the query writes.
    await run("insert overwrite table stat_t partition(part1=1, part2) select 5, 9");
    expect(await sorted(t.spark.table("stat_t"))).toEqual([
      [3, 2, 1],
      [5, 1, 9],
    ]);
  });

  it("insert into a data source table with a partition location (DDLSuite)", async () => {
    await run(
      "CREATE TABLE loc_t(a int, b int, c int, d int) USING parquet PARTITIONED BY(a, b) LOCATION '/loc_t'",
    );
    await run("INSERT INTO TABLE loc_t PARTITION(a=1, b=2) SELECT 3, 4");
    expect(await rows(t.spark.table("loc_t"))).toEqual([[3, 4, 1, 2]]);
    await t.spark.fs.delete("/loc_t/a=1");
    await run("INSERT OVERWRITE TABLE loc_t PARTITION(a=1, b=2) SELECT 7, 8");
    expect(await namesIn(t, "/loc_t")).toContain("a=1");
    expect(await rows(t.spark.table("loc_t"))).toEqual([[7, 8, 1, 2]]);
  });

  it("insert data to a data source table which has a non-existing location should succeed", async () => {
    await run("CREATE TABLE nonexist_t(a string, b int) USING parquet OPTIONS(path '/later')");
    expect(await t.spark.table("nonexist_t").collect()).toEqual([]);
    await run("INSERT INTO TABLE nonexist_t SELECT 'c', 1");
    expect(await rows(t.spark.table("nonexist_t"))).toEqual([["c", 1]]);
    await t.spark.fs.delete("/later");
    await run("INSERT OVERWRITE TABLE nonexist_t SELECT 'c', 1");
    expect(await rows(t.spark.table("nonexist_t"))).toEqual([["c", 1]]);
  });

  it("Partition table should load empty static partitions", async () => {
    await run("CREATE TABLE empty_src(a int) USING parquet");
    await run(
      "CREATE TABLE empty_p(a int, c string, b string) USING parquet PARTITIONED BY(c, b) LOCATION '/empty_p'",
    );
    expect(await sql("SHOW PARTITIONS empty_p").count()).toBe(0);
    await run("INSERT INTO TABLE empty_p PARTITION(b='b', c='c') SELECT * FROM empty_src WHERE 1 = 0");
    expect(await sql("SHOW PARTITIONS empty_p").collect()).toEqual([{ partition: "c=c/b=b" }]);
    expect(await t.spark.table("empty_p").collect()).toEqual([]);
    await run("INSERT INTO TABLE empty_p PARTITION(c='c2', b) SELECT *, 'b' FROM empty_src WHERE 1 = 0");
    expect(await sql("SHOW PARTITIONS empty_p").count()).toBe(1);
  });

  it("data source table: partition column name containing special characters", async () => {
    await run(
      "CREATE TABLE special_t(a string, `a:b` string) USING parquet PARTITIONED BY(`a:b`) LOCATION '/special'",
    );
    await run("INSERT INTO TABLE special_t PARTITION(`a:b`=2) SELECT 1");
    expect(await namesIn(t, "/special")).toContain("a%3Ab=2");
    expect(await rows(t.spark.table("special_t"))).toEqual([["1", "2"]]);
    await run("INSERT INTO TABLE special_t PARTITION(`a:b`='2017-03-03 12:13%3A14') SELECT 1");
    expect(await namesIn(t, "/special")).toContain("a%3Ab=2017-03-03 12%3A13%253A14");
    expect((await sorted(t.spark.table("special_t"))).map((r) => r[1])).toEqual([
      "2",
      "2017-03-03 12:13%3A14",
    ]);
  });

  it("a PARTITION column that is not a partition column; INSERT into a view or a temporary view", async () => {
    await run("CREATE TABLE np_t(a int, b int) USING parquet PARTITIONED BY (b)");
    expect(() => sql("INSERT INTO np_t PARTITION(a=1) SELECT 1")).toThrow(/NON_PARTITION_COLUMN/);
    expect(() => sql("INSERT INTO TABLE jt SELECT a, b FROM jt")).toThrow(/UNSUPPORTED_INSERT.RDD_BASED/);
    await run("CREATE VIEW np_v AS SELECT 1 AS x");
    expect(() => sql("INSERT INTO np_v SELECT 2")).toThrow(
      expect.objectContaining({
        errorClass: "EXPECT_TABLE_NOT_VIEW.NO_ALTERNATIVE",
        messageParameters: { viewName: table("np_v"), operation: "INSERT" },
      }),
    );
    expect(() => sql("INSERT INTO no_such_table SELECT 1")).toThrow(
      expect.objectContaining({ messageParameters: { relationName: "`no_such_table`" } }),
    );
  });

  it("SPARK-21203 wrong results of insertion of Array of Struct", async () => {
    await run(
      "CREATE TABLE `tab_arr` (`custom_fields` ARRAY<STRUCT<`id`: BIGINT, `value`: STRING>>) USING parquet",
    );
    await run(
      "INSERT INTO `tab_arr` SELECT ARRAY(named_struct('id', 1, 'value', 'a'), named_struct('id', 2, 'value', 'b'))",
    );
    expect(await t.spark.table("tab_arr").collect()).toEqual([
      {
        custom_fields: [
          { id: 1, value: "a" },
          { id: 2, value: "b" },
        ],
      },
    ]);
  });

  it("a failing query leaves the table's rows as they were (nothing is lost)", async () => {
    await run("CREATE TABLE keep_t(i int) USING parquet");
    await run("INSERT INTO keep_t VALUES (1), (2)");
    await expect(
      attempt("INSERT OVERWRITE keep_t SELECT CAST(raise_error('boom') AS INT)"),
    ).rejects.toThrow();
    expect(await sorted(t.spark.table("keep_t"))).toEqual([[1], [2]]);
  });
});

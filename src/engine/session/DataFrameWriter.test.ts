/**
 * df.write: save modes, every format written and read back with spark.read to the same rows, partitionBy
 * writing key=value directories that read back as columns.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AnalysisException, type DataFrame } from "../index";
import { sortedRows } from "../testing/batches";
import { resetCatalog } from "../testing/catalog";
import { treeOf } from "../testing/files";
import { newTestSession, type TestSession } from "../testing/fixtures";

const ROWS = [
  { id: 1, name: "ann", score: 1.5, at: new Date("2024-01-02T03:04:05Z"), city: "Oslo" },
  { id: 2, name: 'bo "the, quoted"', score: null, at: null, city: "Bergen" },
  { id: 3, name: null, score: 3, at: new Date("2024-06-07T08:09:10.5Z"), city: "Oslo" },
];
const SCHEMA = "id INT, name STRING, score DOUBLE, at TIMESTAMP, city STRING";

describe("df.write", () => {
  let t: TestSession;
  let df: DataFrame;
  beforeAll(async () => {
    t = await newTestSession();
    df = t.spark.createDataFrame(ROWS, SCHEMA);
  });
  afterAll(() => t.cleanup());

  it("every format round-trips through spark.read", async () => {
    for (const format of ["parquet", "json", "csv"] as const) {
      const dir = `/roundtrip/${format}`;
      await df.write.format(format).option("header", true).save(dir);
      const back = t.spark.read.schema(SCHEMA).option("header", true).format(format).load(dir);
      expect(sortedRows(await back.collect()), format).toEqual(sortedRows(ROWS));
    }
    await df.select("name").write.text("/roundtrip/text");
    const lines = (await t.spark.read.text("/roundtrip/text").collect()).map((r) => r.value);
    // Text writes nulls as empty lines.
    expect(lines.sort()).toEqual(ROWS.map((r) => r.name ?? "").sort());
  });

  it("JSON files leave nulls out and write timestamps in ISO-8601, as Spark's writer", async () => {
    await df.filter("id = 2").write.json("/jsonout");
    const files = (await treeOf(t, "/jsonout")).filter((f) => f.endsWith(".json"));
    expect(files).toHaveLength(1);
    const line = new TextDecoder().decode(await t.spark.fs.readFile(`/jsonout/${files[0]}`)).trim();
    expect(JSON.parse(line)).toEqual({ id: 2, name: 'bo "the, quoted"', city: "Bergen" });
    await df.filter("id = 1").write.mode("overwrite").json("/jsonout");
    const again = (await treeOf(t, "/jsonout")).filter((f) => f.endsWith(".json"));
    const text = new TextDecoder().decode(await t.spark.fs.readFile(`/jsonout/${again[0]}`));
    expect(JSON.parse(text.trim()).at).toBe("2024-01-02T03:04:05.000Z");
  });

  it("save modes: errorifexists (default), append, overwrite, ignore", async () => {
    await df.write.parquet("/modes");
    await expect(df.write.parquet("/modes")).rejects.toThrow(AnalysisException);
    await expect(df.write.mode("error").parquet("/modes")).rejects.toThrow(/PATH_ALREADY_EXISTS/);
    await df.write.mode("append").parquet("/modes");
    expect(await t.spark.read.parquet("/modes").count()).toBe(2 * ROWS.length);
    await df.limit(1).write.mode("overwrite").parquet("/modes");
    expect(await t.spark.read.parquet("/modes").count()).toBe(1);
    await df.write.mode("ignore").parquet("/modes");
    expect(await t.spark.read.parquet("/modes").count()).toBe(1);
    expect(await treeOf(t, "/modes")).toContain("_SUCCESS");
  });

  it("partitionBy writes key=value directories without the column, and they read back as columns", async () => {
    await df.write.partitionBy("city").parquet("/bycity");
    const tree = await treeOf(t, "/bycity");
    expect(
      tree
        .filter((p) => p.endsWith(".parquet"))
        .map((p) => p.split("/")[0])
        .sort(),
    ).toEqual(["city=Bergen", "city=Oslo"]);
    const back = t.spark.read.parquet("/bycity");
    expect(back.columns).toEqual(["id", "name", "score", "at", "city"]);
    expect(sortedRows(await back.collect())).toEqual(sortedRows(ROWS));
  });

  it("a format that does not exist is refused before anything is written", async () => {
    await expect(df.write.format("orc").save("/orc")).rejects.toThrow(/DATA_SOURCE_NOT_FOUND/);
    expect(await t.spark.fs.stat("/orc")).toBeUndefined();
  });
});

/**
 * df.write into the catalog: saveAsTable's save modes, append by name and insertInto by position (the examples of
 * Spark's DataFrameWriter docs), and the checks of DDLSuite and DataFrameReaderWriterSuite.
 */
describe("df.write.saveAsTable and insertInto", () => {
  let t: TestSession;
  const pairs = (rows: [number, number][], names: [string, string]) =>
    t.spark.createDataFrame(
      rows.map(([a, b]) => ({ [names[0]]: a, [names[1]]: b })),
      `${names[0]} INT, ${names[1]} INT`,
    );
  const values = async (name: string) =>
    (await t.spark.table(name).collect())
      .map((r) => Object.values(r))
      .sort((x, y) => String(x).localeCompare(String(y)));

  beforeAll(async () => {
    t = await newTestSession();
  });
  afterEach(() => resetCatalog(t.spark));
  afterAll(() => t.cleanup());

  it("saveAsTable appends by name; insertInto inserts by position", async () => {
    await pairs([[1, 2]], ["i", "j"])
      .write.mode("overwrite")
      .saveAsTable("t1");
    await pairs([[3, 4]], ["j", "i"])
      .write.mode("append")
      .saveAsTable("t1");
    expect(await values("t1")).toEqual([
      [1, 2],
      [4, 3],
    ]);
    await pairs([[5, 6]], ["j", "i"]).write.insertInto("t1");
    await pairs([[7, 8]], ["a", "b"]).write.insertInto("t1");
    expect(await values("t1")).toEqual([
      [1, 2],
      [4, 3],
      [5, 6],
      [7, 8],
    ]);
  });

  it("save modes of an existing table: errorifexists fails, ignore leaves it, overwrite replaces it, schema and all", async () => {
    await pairs([[1, 2]], ["i", "j"]).write.saveAsTable("modes");
    await expect(pairs([[3, 4]], ["i", "j"]).write.saveAsTable("modes")).rejects.toThrow(
      expect.objectContaining({
        errorClass: "TABLE_OR_VIEW_ALREADY_EXISTS",
        messageParameters: { relationName: "`spark_catalog`.`default`.`modes`" },
      }),
    );
    await pairs([[3, 4]], ["i", "j"])
      .write.mode("ignore")
      .saveAsTable("modes");
    expect(await values("modes")).toEqual([[1, 2]]);
    await t.spark
      .createDataFrame([{ s: "x" }], "s STRING")
      .write.mode("overwrite")
      .format("json")
      .saveAsTable("modes");
    expect(await t.spark.table("modes").collect()).toEqual([{ s: "x" }]);
    expect(t.spark.sessionCatalog.getTableMetadata({ database: "default", table: "modes" }).provider).toBe(
      "json",
    );
  });

  it("overwriting a table the DataFrame reads is refused", async () => {
    await pairs([[1, 2]], ["i", "j"]).write.saveAsTable("reads");
    await expect(t.spark.table("reads").write.mode("overwrite").saveAsTable("reads")).rejects.toThrow(
      /UNSUPPORTED_OVERWRITE.TABLE/,
    );
    expect(await values("reads")).toEqual([[1, 2]]);
  });

  it("SPARK-23348: append data to data source table with saveAsTable; a different format is refused", async () => {
    await t.spark.createDataFrame([{ i: 1, j: "a" }], "i INT, j STRING").write.saveAsTable("t");
    await t.spark.sql("INSERT INTO t SELECT 2, 'b'").collect();
    await t.spark
      .createDataFrame([{ i: 3, j: "c" }], "i INT, j STRING")
      .write.mode("append")
      .saveAsTable("t");
    await t.spark
      .createDataFrame([{ i: 3.5, j: 3 }], "i DOUBLE, j INT")
      .write.mode("append")
      .saveAsTable("t");
    expect(await values("t")).toEqual([
      [1, "a"],
      [2, "b"],
      [3, "3"],
      [3, "c"],
    ]);
    await expect(
      t.spark
        .createDataFrame([{ i: 5, j: "e" }], "i INT, j STRING")
        .write.mode("append")
        .format("json")
        .saveAsTable("t"),
    ).rejects.toThrow(
      "The format of the existing table spark_catalog.default.t is `ParquetFileFormat`. It doesn't match the specified format `JsonFileFormat`.",
    );
  });

  it("SPARK-16034 Partition columns should match when appending to existing data source tables", async () => {
    const df = t.spark.createDataFrame([{ a: 1, b: 2, c: 3 }], "a INT, b INT, c INT");
    await df.write.mode("overwrite").partitionBy("a", "b").saveAsTable("partitionedTable");
    for (const partitionBy of [["a"], ["b", "a"], []]) {
      await expect(
        df.write.mode("append").partitionBy(partitionBy).saveAsTable("partitionedTable"),
      ).rejects.toThrow(/Specified partitioning does not match that of the existing table/);
    }
    await t.spark
      .createDataFrame([{ a: 4, B: 5, c: 6 }], "a INT, B INT, c INT")
      .write.mode("append")
      .partitionBy("a", "B")
      .saveAsTable("partitionedTable");
    expect(await t.spark.sql("select a, b, c from partitionedTable order by a").collect()).toEqual([
      { a: 1, b: 2, c: 3 },
      { a: 4, b: 5, c: 6 },
    ]);
  });

  it("appending a different number of columns, or a column the table lacks, is refused", async () => {
    await pairs([[1, 2]], ["i", "j"]).write.saveAsTable("cols");
    await expect(t.spark.range(1).write.mode("append").saveAsTable("cols")).rejects.toThrow(
      "The column number of the existing table spark_catalog.default.cols (struct<i:int,j:int>) doesn't match the data schema (struct<id:bigint>).",
    );
    await expect(
      pairs([[1, 2]], ["i", "k"])
        .write.mode("append")
        .saveAsTable("cols"),
    ).rejects.toThrow("Cannot resolve 'j' given input columns: [i, k].");
  });

  it("create table - append to a non-partitioned table created with different paths", async () => {
    await pairs([[1, 2]], ["v1", "v2"])
      .write.mode("append")
      .format("json")
      .option("path", "/dir1")
      .saveAsTable("path_test");
    await expect(
      pairs([[3, 4]], ["v1", "v2"])
        .write.mode("append")
        .format("json")
        .option("path", "/dir2")
        .saveAsTable("path_test"),
    ).rejects.toThrow("The location of the existing table `spark_catalog`.`default`.`path_test` is `/dir1`.");
    expect(await values("path_test")).toEqual([[1, 2]]);
    expect(
      t.spark.sessionCatalog.getTableMetadata({ database: "default", table: "path_test" }).tableType,
    ).toBe("EXTERNAL");
  });

  it("insertInto() can't be used together with partitionBy(); nor into a temporary view", async () => {
    await pairs([[1, 2]], ["i", "j"]).write.saveAsTable("ins");
    await expect(
      pairs([[1, 2]], ["i", "j"])
        .write.partitionBy("i")
        .insertInto("ins"),
    ).rejects.toThrow("insertInto() can't be used together with partitionBy().");
    pairs([[1, 2]], ["i", "j"]).createOrReplaceTempView("tmp_ins");
    await expect(pairs([[1, 2]], ["i", "j"]).write.insertInto("tmp_ins")).rejects.toThrow(
      /UNSUPPORTED_INSERT.RDD_BASED/,
    );
    await expect(pairs([[1, 2]], ["i", "j"]).write.insertInto("no_such")).rejects.toThrow(
      /TABLE_OR_VIEW_NOT_FOUND/,
    );
    await pairs([[9, 9]], ["i", "j"]).write.insertInto("ins", true);
    expect(await values("ins")).toEqual([[9, 9]]);
  });

  it("SPARK-37230: an invalid save mode is INVALID_SAVE_MODE", () => {
    expect(() => t.spark.range(1).write.mode("Unknown")).toThrow(
      expect.objectContaining({ errorClass: "INVALID_SAVE_MODE", messageParameters: { mode: '"Unknown"' } }),
    );
  });

  it("clusterBy is recorded for the new table; with partitionBy it is refused", async () => {
    await pairs([[1, 2]], ["i", "j"])
      .write.clusterBy("i")
      .saveAsTable("clustered");
    expect(
      t.spark.sessionCatalog.getTableMetadata({ database: "default", table: "clustered" })
        .clusteringColumnNames,
    ).toEqual(["i"]);
    expect(() => t.spark.range(1).write.partitionBy("id").clusterBy("id")).toThrow(
      /SPECIFY_CLUSTER_BY_WITH_PARTITIONED_BY_IS_NOT_ALLOWED/,
    );
  });

  it("partitionBy lays a new table's files out in key=value directories", async () => {
    await t.spark
      .createDataFrame(
        [
          { v: 1, day: "d1" },
          { v: 2, day: "d2" },
        ],
        "v INT, day STRING",
      )
      .write.partitionBy("day")
      .saveAsTable("by_day");
    expect(
      (await treeOf(t, "/warehouse/by_day")).filter((p) => p.includes("=")).map((p) => p.split("/")[0]),
    ).toEqual(["day=d1", "day=d2"]);
    expect(await t.spark.sql("SELECT v FROM by_day WHERE day = 'd2'").collect()).toEqual([{ v: 2 }]);
  });
});

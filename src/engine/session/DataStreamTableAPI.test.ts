/**
 * readStream.table and writeStream.toTable, ported from Spark's DataStreamTableAPISuite (its session-catalog
 * cases: file-format tables, temporary views, views): Spark's inputs, expected rows and errors.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { MemoryStream } from "../sources/MemoryStream";
import { resetCatalog } from "../testing/catalog";
import { newTestSession, type TestSession } from "../testing/fixtures";

describe("streaming table API", () => {
  let t: TestSession;
  let checkpoints = 0;
  const checkpoint = () => {
    checkpoints += 1;
    return `/checkpoints/table-api-${checkpoints}`;
  };
  const values = async (table: string, column: string) =>
    (await t.spark.table(table).collect()).map((r) => r[column]).sort();

  beforeAll(async () => {
    t = await newTestSession();
  });
  afterEach(async () => {
    await t.spark.streams.stopAll();
    await resetCatalog(t.spark);
  });
  afterAll(() => t.cleanup());

  it("read: table API with file source", async () => {
    await t.spark.range(3).write.format("parquet").option("path", "/tables/my_table").saveAsTable("my_table");
    const query = await t.spark.readStream
      .table("my_table")
      .writeStream.format("memory")
      .queryName("read_t")
      .start();
    await query.processAllAvailable();
    expect((await t.spark.table("read_t").collect()).map((r) => r.id).sort()).toEqual([0, 1, 2]);
    // New files in the table's location are new data: an INSERT's rows arrive in the next batch.
    await t.spark.sql("INSERT INTO my_table VALUES (3)").collect();
    await query.processAllAvailable();
    expect((await t.spark.table("read_t").collect()).map((r) => r.id).sort()).toEqual([0, 1, 2, 3]);
  });

  it("read: read non-exist table", () => {
    expect(() => t.spark.readStream.table("non_exist_table")).toThrow(
      expect.objectContaining({
        errorClass: "TABLE_OR_VIEW_NOT_FOUND",
        messageParameters: { relationName: "`non_exist_table`" },
      }),
    );
  });

  it("read: user-specified schema is not allowed with table API", async () => {
    await t.spark.range(3).write.format("parquet").saveAsTable("my_table");
    expect(() => t.spark.readStream.schema("a INT").table("my_table")).toThrow(
      expect.objectContaining({
        errorClass: "_LEGACY_ERROR_TEMP_1189",
        messageParameters: { operation: "table" },
      }),
    );
  });

  it("read: stream table API with temp view", async () => {
    const stream = new MemoryStream(t.spark, "value INT");
    stream.toDF().createOrReplaceTempView("my_view");
    const query = await t.spark.readStream
      .table("my_view")
      .writeStream.format("memory")
      .queryName("view_out")
      .start();
    stream.addData([{ value: 1 }, { value: 2 }, { value: 3 }]);
    await query.processAllAvailable();
    stream.addData([{ value: 4 }, { value: 5 }]);
    await query.processAllAvailable();
    expect(await values("view_out", "value")).toEqual([1, 2, 3, 4, 5]);
  });

  it("read: stream table API with non-streaming temp view; a permanent view", async () => {
    t.spark.range(3).createOrReplaceTempView("batch_view");
    expect(() => t.spark.readStream.table("batch_view")).toThrow(
      "is not a temp view of streaming logical plan",
    );
    await t.spark.sql("CREATE VIEW perm_view AS SELECT 1 AS a").collect();
    expect(() => t.spark.readStream.table("perm_view")).toThrow(
      "spark_catalog.default.perm_view is a permanent view, which is not supported by streaming reading API such as `DataStreamReader.table` yet.",
    );
  });

  it("write: write to temporary view isn't allowed yet; nor to a view", async () => {
    const input = new MemoryStream(t.spark, "id BIGINT, data STRING");
    t.spark.range(1).createOrReplaceTempView("temp_view");
    await expect(
      input.toDF().writeStream.option("checkpointLocation", checkpoint()).toTable("temp_view"),
    ).rejects.toThrow("doesn't support streaming write");
    await t.spark.sql("CREATE TABLE table_name (id bigint, data string) USING parquet").collect();
    await t.spark.sql("CREATE VIEW table_view AS SELECT id, data FROM table_name").collect();
    await expect(
      input.toDF().writeStream.option("checkpointLocation", checkpoint()).toTable("table_view"),
    ).rejects.toThrow("Streaming into views table_view is not supported");
  });

  /** Spark's checkForStreamTable: a stream into the table; the rows read back by table and by location. */
  const checkForStreamTable = async (dir: string | undefined, tableName: string) => {
    const memory = new MemoryStream(t.spark, "value INT");
    let writer = memory.toDF().writeStream.format("parquet");
    if (dir) writer = writer.option("path", dir);
    const query = await writer.option("checkpointLocation", checkpoint()).toTable(tableName);
    memory.addData([{ value: 1 }, { value: 2 }, { value: 3 }]);
    await query.processAllAvailable();
    expect(await values(tableName, "value")).toEqual([1, 2, 3]);
    const location =
      dir ?? t.spark.sessionCatalog.getTableMetadata({ database: "default", table: tableName }).location!;
    expect(
      (await t.spark.read.format("parquet").load(location).collect()).map((r) => r.value).sort(),
    ).toEqual([1, 2, 3]);
    await query.stop();
  };

  it("write: write to an external table, and to a managed table", async () => {
    await checkForStreamTable("/tables/stream_test", "stream_test");
    expect(t.spark.catalog.getTable("stream_test").tableType).toBe("EXTERNAL");
    await checkForStreamTable(undefined, "stream_managed");
    expect(t.spark.catalog.getTable("stream_managed").tableType).toBe("MANAGED");
  });

  it("write: write to a managed table with existing path: files a batch wrote are not seen once a stream wrote", async () => {
    await t.spark
      .createDataFrame([{ value: 4 }, { value: 5 }, { value: 6 }], "value INT")
      .write.format("parquet")
      .saveAsTable("stream_test");
    await checkForStreamTable(undefined, "stream_test");
  });

  it("write: write to an external path and create table", async () => {
    await t.spark
      .createDataFrame([{ value: 4 }, { value: 5 }, { value: 6 }], "value INT")
      .write.mode("append")
      .format("parquet")
      .save("/tables/existing_path");
    await checkForStreamTable("/tables/existing_path", "stream_test");
  });

  it("write: write to table with different format shouldn't be allowed", async () => {
    await t.spark.sql("CREATE TABLE stream_test (id bigint, data string) USING json").collect();
    expect(await t.spark.table("stream_test").collect()).toEqual([]);
    const input = new MemoryStream(t.spark, "id BIGINT, data STRING");
    await expect(
      input.toDF().writeStream.option("checkpointLocation", checkpoint()).toTable("stream_test"),
    ).rejects.toThrow(
      "The input source(parquet) is different from the table stream_test's data source provider(json)",
    );
  });

  it("write: appends to an existing table across restarts of the query (runTestWithStreamAppend)", async () => {
    await t.spark.sql("CREATE TABLE appended (id bigint, data string) USING parquet").collect();
    const where = checkpoint();
    const input = new MemoryStream(t.spark, "id BIGINT, data STRING");
    const first = await input.toDF().writeStream.option("checkpointLocation", where).toTable("appended");
    input.addData([
      { id: 1, data: "a" },
      { id: 2, data: "b" },
      { id: 3, data: "c" },
    ]);
    await first.processAllAvailable();
    await first.stop();
    const second = await input.toDF().writeStream.option("checkpointLocation", where).toTable("appended");
    input.addData([
      { id: 4, data: "d" },
      { id: 5, data: "e" },
      { id: 6, data: "f" },
    ]);
    await second.processAllAvailable();
    expect(await values("appended", "data")).toEqual(["a", "b", "c", "d", "e", "f"]);
  });

  it("write: write to new table with clusterBy", async () => {
    const input = new MemoryStream(t.spark, "id BIGINT, data STRING");
    const query = await input
      .toDF()
      .writeStream.clusterBy("id")
      .option("checkpointLocation", checkpoint())
      .toTable("cluster_test");
    input.addData([{ id: 1, data: "a" }]);
    await query.processAllAvailable();
    expect(t.spark.catalog.listColumns("cluster_test").map((c) => [c.name, c.isCluster])).toEqual([
      ["id", true],
      ["data", false],
    ]);
  });

  it("SPARK-39940: a stream from one table into another sees rows appended to the first", async () => {
    await t.spark
      .createDataFrame([{ i: 1, d: 2 }], "i INT, d INT")
      .write.format("parquet")
      .option("path", "/tables/tbl1")
      .saveAsTable("tbl1");
    const query = await t.spark.readStream
      .format("parquet")
      .table("tbl1")
      .writeStream.format("parquet")
      .option("checkpointLocation", checkpoint())
      .option("path", "/tables/tbl2")
      .toTable("tbl2");
    await query.processAllAvailable();
    expect(await t.spark.table("tbl2").collect()).toEqual([{ i: 1, d: 2 }]);
    await t.spark
      .createDataFrame([{ i: 3, d: 4 }], "i INT, d INT")
      .write.format("parquet")
      .option("path", "/tables/tbl1")
      .mode("append")
      .saveAsTable("tbl1");
    await query.processAllAvailable();
    expect(await values("tbl2", "i")).toEqual([1, 3]);
    expect(query.exception()).toBeNull();
  });

  it("SPARK-41040: self-union using readStream.table should not fail", async () => {
    await t.spark.range(10).write.format("parquet").saveAsTable("self_union_table");
    const df = t.spark.readStream.format("parquet").table("self_union_table");
    const query = await df
      .union(df)
      .writeStream.format("noop")
      .option("checkpointLocation", checkpoint())
      .start();
    await query.processAllAvailable();
    expect(query.exception()).toBeNull();
  });

  it("a stream from a DDL table into another DDL table (explain with table on DSv1 data source)", async () => {
    await t.spark.sql("CREATE TABLE default.tbl_src (col1 string, col2 integer) USING parquet").collect();
    await t.spark
      .sql("CREATE TABLE `default`.`tbl_target` (col1 string, col2 integer) USING parquet")
      .collect();
    for (const [c1, c2] of [
      ["a", 1],
      ["b", 2],
      ["c", 3],
    ]) {
      await t.spark.sql(`INSERT INTO default.tbl_src VALUES ('${c1}', ${c2})`).collect();
    }
    const query = await t.spark.readStream
      .table("default.tbl_src")
      .writeStream.format("parquet")
      .option("checkpointLocation", checkpoint())
      .toTable("`default`.`tbl_target`");
    await query.processAllAvailable();
    expect(await values("tbl_target", "col1")).toEqual(["a", "b", "c"]);
  });
});

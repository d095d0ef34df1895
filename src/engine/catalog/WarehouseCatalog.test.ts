/**
 * The warehouse keeps the catalog: a session started later over the same storage (a reload of the notebook's
 * tab) finds the databases, tables and views the one before made, as Spark with a Hive metastore does (and its
 * InMemoryCatalog does not).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SparkSession } from "../session/SparkSession";
import { namesIn, readText } from "../testing/files";
import { newTestSession, type TestSession } from "../testing/fixtures";

describe("the warehouse catalog", () => {
  let t: TestSession;
  beforeEach(async () => {
    t = await newTestSession();
  });
  afterEach(() => t.cleanup());

  /** A new session over the same directory, as after a reload. */
  const reload = async () => {
    await t.spark.commands.settle();
    return SparkSession.builder().config("sluice.fs.root", t.root).create();
  };

  it("tables, views and databases survive a new session, with their rows, schema and partitioning", async () => {
    const sql = (text: string) => t.spark.sql(text).collect();
    await sql("CREATE DATABASE sales COMMENT 'the shop'");
    await sql(
      "CREATE TABLE sales.orders (id INT NOT NULL COMMENT 'key', day STRING, amount DOUBLE) USING parquet PARTITIONED BY (day)",
    );
    // The partition column comes last, as the table orders its columns.
    await sql("INSERT INTO sales.orders VALUES (1, 9.5, '2024-01-01'), (2, 3.0, '2024-01-02')");
    await sql("CREATE VIEW sales.big AS SELECT id FROM sales.orders WHERE amount > 5");
    await t.spark
      .createDataFrame([{ n: 1 }], "n INT")
      .write.format("json")
      .saveAsTable("numbers");
    t.spark.range(1).createOrReplaceTempView("session_only");

    const next = await reload();
    expect(next.catalog.listDatabases().map((d) => d.name)).toEqual(["default", "sales"]);
    expect(next.catalog.getDatabase("sales")).toMatchObject({
      description: "the shop",
      locationUri: "/warehouse/sales.db",
    });
    expect(next.catalog.listTables("sales").map((x) => [x.name, x.tableType])).toEqual([
      ["big", "VIEW"],
      ["orders", "MANAGED"],
    ]);
    // Temporary views belong to the session that made them.
    expect(next.catalog.listTables().map((x) => x.name)).toEqual(["numbers"]);
    const orders = next.sessionCatalog.getTableMetadata({ database: "sales", table: "orders" });
    expect(orders.schema.toDDL()).toBe("id INT NOT NULL COMMENT 'key', amount DOUBLE, day STRING");
    expect(orders.partitionColumnNames).toEqual(["day"]);
    expect(await next.sql("SELECT id, day FROM sales.orders ORDER BY id").collect()).toEqual([
      { id: 1, day: "2024-01-01" },
      { id: 2, day: "2024-01-02" },
    ]);
    expect(await next.table("sales.big").collect()).toEqual([{ id: 1 }]);
    expect(await next.table("numbers").collect()).toEqual([{ n: 1 }]);
    await next.stop();
  });

  it("keeps one metadata file per table beside the data, in Spark's warehouse layout", async () => {
    await t.spark.sql("CREATE TABLE plain (a INT) USING csv").collect();
    await t.spark.sql("CREATE DATABASE db").collect();
    await t.spark.sql("CREATE TABLE db.t (a INT) USING parquet").collect();
    await t.spark.commands.settle();
    expect(await namesIn(t, "/warehouse")).toEqual(["_sluice_catalog", "db.db", "plain"]);
    expect(await namesIn(t, "/warehouse/_sluice_catalog")).toEqual(["db", "db.json", "default"]);
    expect(await namesIn(t, "/warehouse/_sluice_catalog/default")).toEqual(["plain.json"]);
    const file = JSON.parse(await readText(t, "/warehouse/_sluice_catalog/db/t.json"));
    expect(file).toMatchObject({
      version: 1,
      database: "db",
      table: "t",
      tableType: "MANAGED",
      provider: "parquet",
      location: "/warehouse/db.db/t",
      schema: { type: "struct", fields: [{ name: "a", type: "integer", nullable: true }] },
    });
  });

  it("a dropped table, database or renamed table is gone after a reload too", async () => {
    const sql = (text: string) => t.spark.sql(text).collect();
    await sql("CREATE TABLE gone (a INT) USING parquet");
    await sql("CREATE TABLE renamed (a INT) USING parquet");
    await sql("CREATE DATABASE dropped");
    await sql("DROP TABLE gone");
    await sql("ALTER TABLE renamed RENAME TO moved");
    await sql("DROP DATABASE dropped");
    const next = await reload();
    expect(next.catalog.listTables().map((x) => x.name)).toEqual(["moved"]);
    expect(next.catalog.databaseExists("dropped")).toBe(false);
    await next.stop();
  });

  it("spark.sql.warehouse.dir sets where the warehouse is, when the session starts", async () => {
    const other = await SparkSession.builder()
      .config("sluice.fs.root", t.root)
      .config("spark.sql.warehouse.dir", "/lake")
      .create();
    await other.sql("CREATE TABLE lake_t (a INT) USING parquet").collect();
    await other.commands.settle();
    expect(await namesIn(t, "/lake")).toEqual(["_sluice_catalog", "lake_t"]);
    expect(other.catalog.getDatabase("default").locationUri).toBe("/lake");
    await other.stop();
  });
});

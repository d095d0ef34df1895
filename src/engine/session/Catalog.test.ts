/** `spark.catalog`, ported from Spark's CatalogSuite: databases, tables, columns, existence, createTable. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetCatalog } from "../testing/catalog";
import { namesIn } from "../testing/files";
import { newTestSession, type TestSession } from "../testing/fixtures";

describe("spark.catalog", () => {
  let t: TestSession;
  const run = (text: string) => t.spark.sql(text).collect();
  const createTable = (name: string, db?: string) =>
    run(
      `CREATE TABLE ${db ? `${db}.` : ""}${name} (col1 INT, col2 STRING, a INT, b INT) USING parquet PARTITIONED BY (a, b)`,
    );
  const createTempTable = (name: string) => t.spark.range(1, 2).createOrReplaceTempView(name);
  const names = <T extends { name: string }>(items: T[]) => new Set(items.map((i) => i.name));

  beforeAll(async () => {
    t = await newTestSession();
  });
  afterEach(() => resetCatalog(t.spark));
  afterAll(() => t.cleanup());

  it("current database", async () => {
    expect(t.spark.catalog.currentDatabase()).toBe("default");
    await run("CREATE DATABASE my_db");
    t.spark.catalog.setCurrentDatabase("my_db");
    expect(t.spark.catalog.currentDatabase()).toBe("my_db");
    expect(() => t.spark.catalog.setCurrentDatabase("unknown_db")).toThrow("unknown_db");
  });

  it("list databases", async () => {
    expect(names(t.spark.catalog.listDatabases())).toEqual(new Set(["default"]));
    await run("CREATE DATABASE my_db1");
    await run("CREATE DATABASE my_db2");
    expect(names(t.spark.catalog.listDatabases())).toEqual(new Set(["default", "my_db1", "my_db2"]));
    await run("DROP DATABASE my_db1 CASCADE");
    expect(names(t.spark.catalog.listDatabases())).toEqual(new Set(["default", "my_db2"]));
    expect(names(t.spark.catalog.listDatabases("my*"))).toEqual(new Set(["my_db2"]));
  });

  it("list tables", async () => {
    expect(t.spark.catalog.listTables()).toEqual([]);
    await createTable("my_table1");
    await createTable("my_table2");
    createTempTable("my_temp_table");
    expect(names(t.spark.catalog.listTables())).toEqual(new Set(["my_table1", "my_table2", "my_temp_table"]));
    await run("DROP TABLE my_table1");
    expect(names(t.spark.catalog.listTables())).toEqual(new Set(["my_table2", "my_temp_table"]));
    t.spark.catalog.dropTempView("my_temp_table");
    expect(names(t.spark.catalog.listTables())).toEqual(new Set(["my_table2"]));
  });

  it("list tables with database", async () => {
    expect(t.spark.catalog.listTables("default")).toEqual([]);
    await run("CREATE DATABASE my_db1");
    await run("CREATE DATABASE my_db2");
    await createTable("my_table1", "my_db1");
    await createTable("my_table2", "my_db2");
    createTempTable("my_temp_table");
    expect(names(t.spark.catalog.listTables("default"))).toEqual(new Set(["my_temp_table"]));
    expect(names(t.spark.catalog.listTables("my_db1"))).toEqual(new Set(["my_table1", "my_temp_table"]));
    expect(names(t.spark.catalog.listTables("my_db2"))).toEqual(new Set(["my_table2", "my_temp_table"]));
    await run("DROP TABLE my_db1.my_table1");
    expect(names(t.spark.catalog.listTables("my_db1"))).toEqual(new Set(["my_temp_table"]));
    expect(() => t.spark.catalog.listTables("unknown_db")).toThrow("unknown_db");
  });

  it("Table objects: a table's catalog, namespace and type; a temporary view's", async () => {
    await run("CREATE TABLE described (a INT) USING parquet COMMENT 'cool table'");
    createTempTable("tmp");
    expect(t.spark.catalog.listTables()).toEqual([
      {
        name: "described",
        catalog: "spark_catalog",
        namespace: ["default"],
        database: "default",
        description: "cool table",
        tableType: "MANAGED",
        isTemporary: false,
      },
      {
        name: "tmp",
        catalog: null,
        namespace: [],
        database: null,
        description: null,
        tableType: "TEMPORARY",
        isTemporary: true,
      },
    ]);
  });

  it("list columns, in a database too", async () => {
    await run("CREATE DATABASE db1");
    await createTable("tab1", "db1");
    const columns = t.spark.catalog.listColumns("tab1", "db1");
    expect(columns.map((c) => [c.name, c.dataType, c.isPartition, c.isBucket])).toEqual([
      ["col1", "int", false, false],
      ["col2", "string", false, false],
      ["a", "int", true, false],
      ["b", "int", true, false],
    ]);
    expect(t.spark.catalog.listColumns("db1.tab1")).toEqual(columns);
    createTempTable("temp1");
    expect(t.spark.catalog.listColumns("temp1").map((c) => c.name)).toEqual(["id"]);
  });

  it("get table, get database, database exists", async () => {
    await run("CREATE DATABASE db");
    expect(() => t.spark.catalog.getTable("tbl_x")).toThrow(/TABLE_OR_VIEW_NOT_FOUND/);
    createTempTable("tbl_x");
    await createTable("tbl_y", "db");
    expect(t.spark.catalog.getTable("tbl_x").name).toBe("tbl_x");
    expect(t.spark.catalog.getTable("db", "tbl_y").name).toBe("tbl_y");
    expect(t.spark.catalog.getTable("db.tbl_y").name).toBe("tbl_y");
    expect(() => t.spark.catalog.getTable("tbl_y")).toThrow(/TABLE_OR_VIEW_NOT_FOUND/);
    t.spark.catalog.setCurrentDatabase("db");
    expect(t.spark.catalog.getTable("tbl_y").name).toBe("tbl_y");
    expect(() => t.spark.catalog.getDatabase("db10")).toThrow(/SCHEMA_NOT_FOUND/);
    expect(t.spark.catalog.getDatabase("db").name).toBe("db");
    expect(t.spark.catalog.databaseExists("db10")).toBe(false);
    expect(t.spark.catalog.databaseExists("db")).toBe(true);
  });

  it("table exists", async () => {
    await run("CREATE DATABASE db");
    expect(t.spark.catalog.tableExists("tbl_x")).toBe(false);
    expect(t.spark.catalog.tableExists("db", "tbl_y")).toBe(false);
    createTempTable("tbl_x");
    await createTable("tbl_y", "db");
    expect(t.spark.catalog.tableExists("tbl_x")).toBe(true);
    expect(t.spark.catalog.tableExists("db", "tbl_y")).toBe(true);
    expect(t.spark.catalog.tableExists("db.tbl_y")).toBe(true);
    expect(t.spark.catalog.tableExists("tbl_y")).toBe(false);
    t.spark.catalog.setCurrentDatabase("db");
    expect(t.spark.catalog.tableExists("tbl_y")).toBe(true);
    // Unable to find the table, although the temp view with the given name exists.
    expect(t.spark.catalog.tableExists("db", "tbl_x")).toBe(false);
  });

  it("createTable with 'path' in options: an external table whose files stay after DROP TABLE", async () => {
    const df = t.spark.catalog.createTable("t", {
      source: "json",
      schema: "i INT",
      options: { path: "/ext/t" },
      description: "this is a test table",
    });
    expect(await df.collect()).toEqual([]);
    const table = t.spark.sessionCatalog.getTableMetadata({ database: "default", table: "t" });
    expect(table).toMatchObject({
      tableType: "EXTERNAL",
      location: "/ext/t",
      comment: "this is a test table",
    });
    await t.spark.createDataFrame([{ i: 1 }], "i INT").write.insertInto("t");
    expect((await namesIn(t, "/ext/t")).length).toBeGreaterThan(0);
    await run("DROP TABLE t");
    expect((await namesIn(t, "/ext/t")).length).toBeGreaterThan(0);
  });

  it("createTable without 'path' in options: a managed table whose directory DROP TABLE removes", async () => {
    await t.spark.catalog.createTable("t", { source: "json", schema: "i INT" }).collect();
    expect(t.spark.sessionCatalog.getTableMetadata({ database: "default", table: "t" }).tableType).toBe(
      "MANAGED",
    );
    expect(await namesIn(t, "/warehouse/t")).toEqual([]);
    await t.spark.createDataFrame([{ i: 1 }], "i INT").write.insertInto("t");
    expect((await namesIn(t, "/warehouse/t")).length).toBeGreaterThan(0);
    await run("DROP TABLE t");
    expect(await namesIn(t, "/warehouse")).not.toContain("t");
  });

  it("createTable over existing files takes their schema", async () => {
    await t.spark.createDataFrame([{ x: 1, y: "a" }], "x INT, y STRING").write.parquet("/files/xy");
    const df = t.spark.catalog.createTable("xy", "/files/xy");
    expect(await df.collect()).toEqual([{ x: 1, y: "a" }]);
  });

  it("dropTempView should not drop a table of the same name; cacheTable / isCached / uncacheTable", async () => {
    await t.spark.range(10).write.saveAsTable("same_name");
    await run("CACHE TABLE same_name");
    expect(t.spark.catalog.isCached("default.same_name")).toBe(true);
    expect(t.spark.catalog.dropTempView("same_name")).toBe(false);
    expect(t.spark.catalog.tableExists("default", "same_name")).toBe(true);
    t.spark.catalog.uncacheTable("same_name");
    expect(t.spark.catalog.isCached("same_name")).toBe(false);
    expect(() => t.spark.catalog.isCached("missing")).toThrow(/TABLE_OR_VIEW_NOT_FOUND/);
  });

  it("functionExists: PySpark's examples; built-ins and temporary functions, no persistent ones", () => {
    // CatalogSuite "check if function exists" and catalog.py's doctests.
    expect(t.spark.catalog.functionExists("count")).toBe(true);
    expect(t.spark.catalog.functionExists("COUNT")).toBe(true);
    expect(t.spark.catalog.functionExists("unexisting_function")).toBe(false);
    expect(t.spark.catalog.functionExists("default.unexisting_function")).toBe(false);
    expect(t.spark.catalog.functionExists("spark_catalog.default.unexisting_function")).toBe(false);
    expect(t.spark.catalog.functionExists("fn_exists_udf")).toBe(false);
    t.spark.udf.register("fn_exists_udf", (x: number) => x + 1, "int");
    expect(t.spark.catalog.functionExists("fn_exists_udf")).toBe(true);
    expect(t.spark.catalog.functionExists("default.fn_exists_udf")).toBe(false);
  });

  it("catalogs: only spark_catalog", () => {
    expect(t.spark.catalog.currentCatalog()).toBe("spark_catalog");
    expect(t.spark.catalog.listCatalogs()).toEqual([{ name: "spark_catalog", description: null }]);
    t.spark.catalog.setCurrentCatalog("spark_catalog");
    expect(() => t.spark.catalog.setCurrentCatalog("testcat")).toThrow(/CATALOG_NOT_FOUND/);
  });
});

/**
 * SQL directly on files (Spark's ResolveSQLOnFile, `spark.sql.runSQLOnFiles`), ported from SQLQuerySuite's "run
 * sql directly on files" tests (sql/core/src/test/scala/org/apache/spark/sql/SQLQuerySuite.scala) and from
 * SQLQueryTestSuite's sql-on-files.sql with its answers (sql-tests/results/sql-on-files.sql.out).
 *
 * Not ported: the ORC cases (Sluice writes and reads no ORC), the query context of the errors (Sluice's
 * AnalysisException carries none).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SparkError } from "../../errors/exceptions";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import { sqlAnswers } from "../../testing/sqlAnswers";

describe("SQL on files", () => {
  let t: TestSession;
  const { answer } = sqlAnswers(() => t.spark);
  const run = (text: string) => t.spark.sql(text).collect();
  /** What `f` throws or rejects with, as Spark's checkError reads it. */
  const failure = async (f: () => unknown) => {
    try {
      await f();
    } catch (error) {
      const e = error as SparkError;
      return { condition: e.getCondition(), parameters: e.messageParameters, sqlState: e.sqlState };
    }
    throw new Error("expected a failure");
  };
  const ids = async (text: string) =>
    (await run(text)).map((r) => Number(Object.values({ ...r })[0])).sort((a, b) => a - b);
  const hundred = Array.from({ length: 100 }, (_, i) => i);

  beforeAll(async () => {
    t = await newTestSession();
  });
  afterAll(() => t.cleanup());

  it("run sql directly on files (SQLQuerySuite)", async () => {
    await t.spark.range(100).write.json("/sql_on_files/json");
    expect(await ids("select id from json.`/sql_on_files/json`")).toEqual(hundred);
    expect(await ids("select id from `org.apache.spark.sql.json`.`/sql_on_files/json`")).toEqual(hundred);
    expect(await ids("select a.id from json.`/sql_on_files/json` as a")).toEqual(hundred);

    expect(await failure(() => t.spark.sql("select * from in_valid_table"))).toEqual({
      condition: "TABLE_OR_VIEW_NOT_FOUND",
      parameters: { relationName: "`in_valid_table`" },
      sqlState: "42P01",
    });
    expect(await failure(() => t.spark.sql("select * from no_db.no_table"))).toEqual({
      condition: "TABLE_OR_VIEW_NOT_FOUND",
      parameters: { relationName: "`no_db`.`no_table`" },
      sqlState: "42P01",
    });
    const missing = await failure(() => t.spark.sql("select * from json.invalid_file"));
    expect(missing.condition).toBe("PATH_NOT_FOUND");
    // Spark qualifies the path (Path.makeQualified): `file:` and the absolute path.
    expect(missing.parameters.path).toMatch(/^file:\/.*invalid_file$/);
    // Not a data source: the name stays a table name nothing answers to.
    expect(
      await failure(() =>
        t.spark.sql("select id from `org.apache.spark.sql.sources.HadoopFsRelationProvider`.`file_path`"),
      ),
    ).toEqual({
      condition: "TABLE_OR_VIEW_NOT_FOUND",
      parameters: { relationName: "`org.apache.spark.sql.sources.HadoopFsRelationProvider`.`file_path`" },
      sqlState: "42P01",
    });
    // A data source that reads no files, by its short name (in any case) or its package name.
    for (const name of ["Jdbc", "org.apache.spark.sql.execution.datasources.jdbc"]) {
      expect(await failure(() => t.spark.sql(`select id from \`${name}\`.\`file_path\``))).toEqual({
        condition: "UNSUPPORTED_DATASOURCE_FOR_DIRECT_QUERY",
        parameters: { dataSourceType: name },
        sqlState: "0A000",
      });
    }
  });

  it("run sql directly on files - csv (SQLQuerySuite)", async () => {
    await t.spark.range(100).write.csv("/sql_on_files/csv");
    // The data source type is case insensitive.
    expect(await ids("select cast(_c0 as int) id from CSV.`/sql_on_files/csv`")).toEqual(hundred);
    expect(
      await ids("select cast(_c0 as int) id from `com.databricks.spark.csv`.`/sql_on_files/csv`"),
    ).toEqual(hundred);
    expect(await ids("select cast(a._c0 as int) id from csv.`/sql_on_files/csv` as a")).toEqual(hundred);
  });

  it("run sql directly on files - json (SQLQuerySuite)", async () => {
    await t.spark.range(100).write.json("/sql_on_files/json2");
    expect(await ids("select id from jsoN.`/sql_on_files/json2`")).toEqual(hundred);
  });

  it("run sql directly on files - hive (SQLQuerySuite)", async () => {
    await t.spark.range(100).write.parquet("/sql_on_files/parquet");
    for (const name of ["hive", "HIVE"]) {
      expect(await failure(() => t.spark.sql(`select id from ${name}.\`/sql_on_files/parquet\``))).toEqual({
        condition: "UNSUPPORTED_DATASOURCE_FOR_DIRECT_QUERY",
        parameters: { dataSourceType: name },
        sqlState: "0A000",
      });
    }
  });

  it("sql-on-files.sql: parquet, csv and json over a table's files, an empty and a missing path", async () => {
    await run("CREATE DATABASE IF NOT EXISTS sql_on_files");
    const expected: Record<string, { schema: string; output: string }> = {
      parquet: { schema: "struct<1:int>", output: "1" },
      csv: { schema: "struct<_c0:string>", output: "1" },
      json: { schema: "struct<1:bigint>", output: "1" },
    };
    for (const [format, answered] of Object.entries(expected)) {
      await run(
        `CREATE TABLE sql_on_files.TEST_${format.toUpperCase()} USING ${format.toUpperCase()} AS SELECT 1`,
      );
      expect(await failure(() => t.spark.sql(`SELECT * FROM ${format}.\`\``))).toEqual({
        condition: "INVALID_EMPTY_LOCATION",
        parameters: { location: "" },
        sqlState: "42K05",
      });
      const notFound = await failure(() => t.spark.sql(`SELECT * FROM ${format}.\`/file/not/found\``));
      expect(notFound.condition).toBe("PATH_NOT_FOUND");
      expect(notFound.parameters.path).toBe("file:/file/not/found");
      expect(await answer(`SELECT * FROM ${format}.\`/warehouse/sql_on_files.db/test_${format}\``)).toEqual(
        answered,
      );
      await run(`DROP TABLE sql_on_files.TEST_${format.toUpperCase()}`);
    }
    await run("DROP DATABASE sql_on_files");
  });

  it("a table or view of that name comes first; spark.table reads a file too; off with runSQLOnFiles", async () => {
    await t.spark.range(3).write.parquet("/sql_on_files/small");
    await run("CREATE DATABASE IF NOT EXISTS parquet");
    await run("CREATE TABLE parquet.t USING json AS SELECT 'from the table' AS s");
    expect((await run("SELECT * FROM parquet.t")).map((r) => ({ ...r }))).toEqual([{ s: "from the table" }]);
    await run("DROP TABLE parquet.t");
    await run("DROP DATABASE parquet");

    expect((await t.spark.table("parquet.`/sql_on_files/small`").collect()).length).toBe(3);

    t.spark.conf.set("spark.sql.runSQLOnFiles", false);
    try {
      expect(await failure(() => t.spark.sql("SELECT * FROM parquet.`/sql_on_files/small`"))).toEqual({
        condition: "TABLE_OR_VIEW_NOT_FOUND",
        parameters: { relationName: "`parquet`.`/sql_on_files/small`" },
        sqlState: "42P01",
      });
    } finally {
      t.spark.conf.unset("spark.sql.runSQLOnFiles");
    }
  });

  it("readStream.table over a file: ResolveSQLOnFile ignores isStreaming, so the DataFrame is a batch read", async () => {
    // Spark's DataStreamReader.table makes an UnresolvedRelation(isStreaming = true) with the reader's options;
    // ResolveSQLOnFile turns a two-part name into the DataSource's batch LogicalRelation, options and all.
    await t.spark.range(3).write.parquet("/sql_on_files/streamed");
    const df = t.spark.readStream.table("parquet.`/sql_on_files/streamed`");
    expect(df.isStreaming).toBe(false);
    expect((await df.collect()).map((r) => Number(r.id)).sort()).toEqual([0, 1, 2]);
    expect(await failure(() => df.writeStream.format("memory").queryName("on_file").start())).toEqual({
      condition: "WRITE_STREAM_NOT_ALLOWED",
      parameters: {},
      sqlState: "42601",
    });
    await t.spark
      .createDataFrame([{ a: "x", b: "1" }], "a STRING, b STRING")
      .write.csv("/sql_on_files/streamed_csv");
    const withHeader = t.spark.readStream.option("header", "true").table("csv.`/sql_on_files/streamed_csv`");
    expect(withHeader.columns).toEqual(["x", "1"]);
    expect(await failure(() => t.spark.readStream.table("kafka.`/x`"))).toEqual({
      condition: "UNSUPPORTED_DATASOURCE_FOR_DIRECT_QUERY",
      parameters: { dataSourceType: "kafka" },
      sqlState: "0A000",
    });
    expect((await failure(() => t.spark.readStream.table("no_db.no_table"))).condition).toBe(
      "TABLE_OR_VIEW_NOT_FOUND",
    );
  });

  it("a glob path names each directory it matches, as spark.read's paths (DataSource.checkAndGlobPathIfNecessary)", async () => {
    for (const batch of [1, 2, 3])
      await t.spark.range(batch * 10, batch * 10 + 2).write.parquet(`/globbed/Batch${batch}/h.parquet`);
    expect(await ids("SELECT id FROM parquet.`/globbed/Batch{2,3}/h.parquet`")).toEqual([20, 21, 30, 31]);
    expect(await ids("SELECT id FROM parquet.`/globbed/Batch*/h.parquet`")).toEqual([10, 11, 20, 21, 30, 31]);
  });

  it("the hidden _metadata column over a file named in SQL (FileMetadataStructSuite's fields)", async () => {
    await t.spark
      .createDataFrame([{ name: "jack", age: 24 }], "name STRING, age INT")
      .write.parquet("/meta/f0");
    const file = (await t.spark.fs.list("/meta/f0")).find((f) => f.name.endsWith(".parquet"))!;
    const rows = await run(
      "SELECT name, _metadata.file_path, _metadata.file_name, _metadata.file_size FROM parquet.`/meta/f0`",
    );
    expect(rows.map((r) => Object.values({ ...r }))).toEqual([
      ["jack", `file://${file.path}`, file.name, file.size],
    ]);
  });
});

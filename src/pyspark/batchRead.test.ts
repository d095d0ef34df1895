/**
 * `spark.read.parquet(path)` (and csv, json) without a schema in a Python cell, where the engine lists and
 * samples files asynchronously (OPFS in the browser): PySpark's reader returns a DataFrame whose schema is known,
 * so printSchema(), columns, schema, display() and collect() work at once. Node's file system is wrapped to hide
 * its synchronous reads, as OPFS has none.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SparkSession } from "../engine/index";
import { useAsyncOnlyFileSystem } from "../engine/testing/asyncFileSystem";
import { PySparkRuntime } from "./PySparkRuntime";

let spark: SparkSession;
let py: PySparkRuntime;
const root = mkdtempSync(join(tmpdir(), "sluice-pyread-"));
beforeAll(async () => {
  useAsyncOnlyFileSystem();
  spark = await SparkSession.builder().config("sluice.fs.root", root).create();
  await spark
    .createDataFrame(
      [
        { name: "Alice", age: 2 },
        { name: "Bob", age: 5 },
      ],
      "name STRING, age INT",
    )
    .write.parquet("/people.parquet");
  await spark.fs.writeFile("/people.csv", "name,age\nAlice,2\nBob,5\n");
  await spark.fs.writeFile("/people.json", '{"name": "Alice", "age": 2}\n{"name": "Bob", "age": 5}\n');
  py = await PySparkRuntime.create(spark);
});
afterAll(async () => {
  await spark.stop();
  rmSync(root, { recursive: true, force: true });
});

describe("a batch read without a schema, where files are read asynchronously", () => {
  it("parquet: printSchema, columns, schema, dtypes, collect and display, as in PySpark", async () => {
    expect(spark.fs.sync).toBeUndefined();
    const result = await py.run(`
df = spark.read.parquet("/people.parquet")
df.printSchema()
display(df)
(df.columns, df.schema.simpleString(), df.dtypes, [tuple(r) for r in df.collect()], df.count())`);
    expect(result.stdout).toBe(
      "root\n |-- name: string (nullable = true)\n |-- age: integer (nullable = true)\n" +
        "+-----+---+\n| name|age|\n+-----+---+\n|Alice|  2|\n|  Bob|  5|\n+-----+---+\n",
    );
    expect(result.value).toEqual([
      ["name", "age"],
      "struct<name:string,age:int>",
      [
        ["name", "string"],
        ["age", "int"],
      ],
      [
        ["Alice", 2],
        ["Bob", 5],
      ],
      2,
    ]);
  });

  it("csv with header and inferSchema, json, load(format=...) and a table over files", async () => {
    const result = await py.run(`
csv = spark.read.csv("/people.csv", header=True, inferSchema=True)
json_df = spark.read.json("/people.json")
loaded = spark.read.load("/people.json", format="json")
spark.sql("CREATE TABLE people USING parquet LOCATION '/people.parquet'")
(csv.dtypes, json_df.dtypes, loaded.columns, spark.table("people").columns,
 [r.name for r in csv.filter(csv.age > 3).collect()])`);
    expect(result.value).toEqual([
      [
        ["name", "string"],
        ["age", "int"],
      ],
      [
        ["age", "bigint"],
        ["name", "string"],
      ],
      ["age", "name"],
      ["name", "age"],
      ["Bob"],
    ]);
  });

  it("a path with no files fails at the read, with Spark's error, not at first use", async () => {
    await expect(py.run(`spark.read.parquet("/nowhere")`)).rejects.toMatchObject({
      name: "AnalysisException",
      errorClass: "PATH_NOT_FOUND",
    });
  });

  it("a CSV written with open() under tempfile is listed and sampled like any other (SharedFiles)", async () => {
    const result = await py.run(`
import os, tempfile
d = tempfile.mkdtemp()
with open(os.path.join(d, "people.csv"), "w") as f:
    f.write("name,age\\nAlice,2\\nBob,5\\n")
people = spark.read.csv(d, header=True, inferSchema=True)
(people.dtypes, sorted((r.name, r.age) for r in people.collect()))`);
    expect(result.value).toEqual([
      [
        ["name", "string"],
        ["age", "int"],
      ],
      [
        ["Alice", 2],
        ["Bob", 5],
      ],
    ]);
  });
});

/**
 * Where files can only be read asynchronously (OPFS in the browser), a reader without a schema gives a
 * DataFrame whose schema is still being read: transformations queue up, actions wait, and errors surface when
 * it resolves. Here Node's file system is wrapped to hide its synchronous reads, as OPFS has none.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { col, count, SparkSession } from "../index";
import { useAsyncOnlyFileSystem } from "../testing/asyncFileSystem";

describe("schemas read asynchronously (OPFS)", () => {
  let spark: SparkSession;
  const root = mkdtempSync(join(tmpdir(), "sluice-pending-"));
  beforeAll(async () => {
    useAsyncOnlyFileSystem();
    spark = await SparkSession.builder().config("sluice.fs.root", root).create();
    await spark.fs.writeFile(
      "/people.json",
      '{"name": "ann", "age": 31}\n{"name": "bo", "age": 25}\n{"name": "cy", "age": 31}\n',
    );
  });
  afterAll(async () => {
    await spark.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it("transformations queue until the schema is known; actions wait for it", async () => {
    expect(spark.fs.sync).toBeUndefined();
    const df = spark.read.json("/people.json");
    // The schema is not known yet...
    expect(() => df.columns).toThrow(/SCHEMA_NOT_YET_KNOWN/);
    // ...but the DataFrame can be transformed and acted on.
    const grouped = df.filter(col("age").gt(20)).groupBy("age").agg(count("*").alias("n")).orderBy("age");
    expect(await grouped.collect()).toEqual([
      { age: 25, n: 1 },
      { age: 31, n: 2 },
    ]);
    const resolved = await df.resolve();
    expect(resolved.dtypes).toEqual([
      ["age", "bigint"],
      ["name", "string"],
    ]);
  });

  it("an analysis error in a queued transformation surfaces when the DataFrame is acted on", async () => {
    const df = spark.read.json("/people.json").select("nmae");
    await expect(df.collect()).rejects.toThrow(/UNRESOLVED_COLUMN.*`nmae`.*`name`/);
  });
});

/**
 * df.write: save modes, every format written and read back with spark.read to the same rows, partitionBy
 * writing key=value directories that read back as columns.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnalysisException, type DataFrame } from "../index";
import { sortedRows } from "../testing/batches";
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

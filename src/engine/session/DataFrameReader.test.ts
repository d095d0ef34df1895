/**
 * spark.read: Parquet, CSV, JSON and text, with and without a schema, Spark's inference and options, partition
 * directories, a streaming sink's directory read through its log, and bad input as Spark treats it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnalysisException, col, MemoryStream, type Row } from "../index";
import { newTestSession, type TestSession } from "../testing/fixtures";

const text = (s: string) => new TextEncoder().encode(s);

describe("spark.read", () => {
  let t: TestSession;
  beforeAll(async () => {
    t = await newTestSession();
  });
  afterAll(() => t.cleanup());

  const write = (path: string, content: string | Uint8Array) =>
    t.spark.fs.writeFile(path, typeof content === "string" ? text(content) : content);
  const failure = async (f: () => Promise<unknown>) => {
    const e = await f().catch((error: unknown) => error);
    expect(e).toBeInstanceOf(Error);
    return e as Error;
  };

  describe("CSV", () => {
    const CSV = 'id,name,score,day\n1,ann,3.5,2024-01-02\n2,"bo, jr",4,2024-01-03\n3,,x,2024-01-04\n';

    it("without a schema: strings named by the header, or _c0, _c1...; inferSchema types them", async () => {
      await write("/csv/a.csv", CSV);
      const plain = t.spark.read.option("header", true).csv("/csv/a.csv");
      expect(plain.dtypes.map(([, type]) => type)).toEqual(["string", "string", "string", "string"]);
      expect(await plain.first()).toEqual({ id: "1", name: "ann", score: "3.5", day: "2024-01-02" });
      expect(t.spark.read.csv("/csv/a.csv").columns).toEqual(["_c0", "_c1", "_c2", "_c3"]);
      expect(await t.spark.read.csv("/csv/a.csv").count()).toBe(4);
      const typed = t.spark.read.options({ header: true, inferSchema: true }).csv("/csv/a.csv");
      expect(typed.dtypes).toEqual([
        ["id", "int"],
        ["name", "string"],
        ["score", "string"],
        ["day", "date"],
      ]);
      // The empty field is null (nullValue defaults to the empty string); quoted separators stay in the field.
      expect((await typed.orderBy("id").collect()).map((r) => r.name)).toEqual(["ann", "bo, jr", null]);
    });

    it("sep, nullValue, and a schema given as DDL", async () => {
      await write("/csv/b.csv", "1;NA;2.5\n2;zed;NA\n");
      const rows = await t.spark.read
        .schema("id INT, name STRING, v DOUBLE")
        .option("sep", ";")
        .option("nullValue", "NA")
        .csv("/csv/b.csv")
        .collect();
      expect(rows).toEqual([
        { id: 1, name: null, v: 2.5 },
        { id: 2, name: "zed", v: null },
      ]);
    });

    const BAD = "id,name,score\n1,ann,3.5\n2,bo,oops\n3,cy\n4,di,1.0,extra\n5,ed,2\n";
    const schema = "id INT, name STRING, score DOUBLE";

    it("PERMISSIVE: malformed records (bad field, too few or too many fields) keep what parses, and their text", async () => {
      await write("/csv/bad.csv", BAD);
      const rows = await t.spark.read
        .schema(`${schema}, _corrupt_record STRING`)
        .option("header", true)
        .csv("/csv/bad.csv")
        .orderBy("id")
        .collect();
      expect(rows).toEqual([
        { id: 1, name: "ann", score: 3.5, _corrupt_record: null },
        { id: 2, name: "bo", score: null, _corrupt_record: "2,bo,oops" },
        { id: 3, name: "cy", score: null, _corrupt_record: "3,cy" },
        { id: 4, name: "di", score: 1, _corrupt_record: "4,di,1.0,extra" },
        { id: 5, name: "ed", score: 2, _corrupt_record: null },
      ]);
      // Without the column the rows are kept all the same.
      expect(await t.spark.read.schema(schema).option("header", true).csv("/csv/bad.csv").count()).toBe(5);
    });

    it("DROPMALFORMED drops them; FAILFAST fails naming the file and the record", async () => {
      await write("/csv/bad.csv", BAD);
      const kept = await t.spark.read
        .schema(schema)
        .options({ header: true, mode: "DROPMALFORMED" })
        .csv("/csv/bad.csv")
        .collect();
      expect(kept.map((r) => r.id)).toEqual([1, 5]);
      const e = await failure(() =>
        t.spark.read.schema(schema).options({ header: true, mode: "FAILFAST" }).csv("/csv/bad.csv").collect(),
      );
      expect(e.message).toContain("/csv/bad.csv");
      expect(e.message).toContain(
        "[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record parsing: 2,bo,oops.",
      );
      expect(e.message).toContain("Parse Mode: FAILFAST");
    });
  });

  describe("JSON", () => {
    it("JSON Lines: Spark's inference (sorted fields, bigint, double, nested structs and arrays)", async () => {
      await write(
        "/json/a.json",
        '{"b": "x", "a": 1, "n": {"z": true}, "xs": [1, 2]}\n\n{"a": 2.5, "c": null}\n',
      );
      const df = t.spark.read.json("/json/a.json");
      expect(df.dtypes).toEqual([
        ["a", "double"],
        ["b", "string"],
        ["c", "string"],
        ["n", "struct<z:boolean>"],
        ["xs", "array<bigint>"],
      ]);
      expect(await df.collect()).toEqual([
        { a: 1, b: "x", c: null, n: { z: true }, xs: [1, 2] },
        { a: 2.5, b: null, c: null, n: null, xs: null },
      ]);
    });

    it("multiLine: one document, or an array of records", async () => {
      await write("/json/m.json", '[\n  {"a": 1},\n  {"a": 2, "b": "y"}\n]\n');
      expect(await t.spark.read.option("multiLine", true).json("/json/m.json").collect()).toEqual([
        { a: 1, b: null },
        { a: 2, b: "y" },
      ]);
    });

    const BAD = '{"a": 1, "b": "x"}\nnot json\n{"a": "str", "b": "y"}\n{"a": 3}\n';

    it("PERMISSIVE puts malformed records in the corrupt-record column (inferred too); DROPMALFORMED; FAILFAST", async () => {
      await write("/json/bad.json", BAD);
      const inferred = t.spark.read.json("/json/bad.json");
      expect(inferred.columns).toEqual(["_corrupt_record", "a", "b"]);
      const rows = await t.spark.read
        .schema("a BIGINT, b STRING, _corrupt_record STRING")
        .json("/json/bad.json")
        .collect();
      expect(rows).toEqual([
        { a: 1, b: "x", _corrupt_record: null },
        { a: null, b: null, _corrupt_record: "not json" },
        { a: null, b: "y", _corrupt_record: '{"a": "str", "b": "y"}' },
        { a: 3, b: null, _corrupt_record: null },
      ]);
      const kept = await t.spark.read
        .schema("a BIGINT, b STRING")
        .option("mode", "DROPMALFORMED")
        .json("/json/bad.json")
        .collect();
      expect(kept.map((r) => r.a)).toEqual([1, 3]);
      const e = await failure(() =>
        t.spark.read.schema("a BIGINT").option("mode", "FAILFAST").json("/json/bad.json").collect(),
      );
      expect(e.message).toContain("/json/bad.json");
      expect(e.message).toContain("Malformed records are detected in record parsing: not json.");
    });
  });

  it("text: a row per line in `value`; wholetext one per file", async () => {
    await write("/text/a.txt", "one\n\nthree\n");
    expect(await t.spark.read.text("/text/a.txt").collect()).toEqual([
      { value: "one" },
      { value: "" },
      { value: "three" },
    ]);
    expect(await t.spark.read.option("wholetext", true).text("/text/a.txt").collect()).toEqual([
      { value: "one\n\nthree\n" },
    ]);
  });

  it("Parquet: with and without a schema, a missing column reads as null, an incompatible one fails naming file and column", async () => {
    const data = t.spark.createDataFrame(
      [
        { id: 1, name: "a" },
        { id: 2, name: "b" },
      ],
      "id INT, name STRING",
    );
    await data.write.parquet("/pq/data");
    const read = t.spark.read.parquet("/pq/data");
    expect(read.dtypes).toEqual([
      ["id", "int"],
      ["name", "string"],
    ]);
    expect(await read.orderBy("id").collect()).toEqual([
      { id: 1, name: "a" },
      { id: 2, name: "b" },
    ]);
    // A column added to the schema since the files were written is null; a widened integer reads fine.
    expect(
      await t.spark.read
        .schema("id BIGINT, name STRING, added DOUBLE")
        .parquet("/pq/data")
        .orderBy("id")
        .collect(),
    ).toEqual([
      { id: 1, name: "a", added: null },
      { id: 2, name: "b", added: null },
    ]);
    const e = await failure(() => t.spark.read.schema("id INT, name INT").parquet("/pq/data").collect());
    expect(e.message).toMatch(
      /^\[FAILED_READ_FILE\.PARQUET_COLUMN_DATA_TYPE_MISMATCH\] .*\/pq\/data\/part-.*\.parquet/,
    );
    expect(e.message).toContain(
      'Parquet column `name`. Expected Spark type "INT", actual Parquet type "BINARY"',
    );
  });

  it("a corrupt Parquet file fails naming the file", async () => {
    await write("/pq/bad/part-0.parquet", "this is not parquet");
    const e = await failure(() => t.spark.read.schema("a INT").parquet("/pq/bad").collect());
    expect(e.message).toContain("/pq/bad/part-0.parquet");
    expect(() => t.spark.read.parquet("/pq/bad")).toThrow(/\/pq\/bad\/part-0\.parquet/);
  });

  it("key=value directories become typed columns; a filter on them reads the matching rows", async () => {
    await write("/parts/year=2024/month=1/a.json", '{"v": 1}\n{"v": 2}\n');
    await write("/parts/year=2025/month=12/b.json", '{"v": 3}\n');
    await write("/parts/year=2025/month=__HIVE_DEFAULT_PARTITION__/c.json", '{"v": 4}\n');
    const df = t.spark.read.json("/parts");
    expect(df.dtypes).toEqual([
      ["v", "bigint"],
      ["year", "int"],
      ["month", "int"],
    ]);
    expect(await df.orderBy("v").collect()).toEqual([
      { v: 1, year: 2024, month: 1 },
      { v: 2, year: 2024, month: 1 },
      { v: 3, year: 2025, month: 12 },
      { v: 4, year: 2025, month: null },
    ]);
    expect((await df.filter(col("year").eq(2025)).collect()).map((r) => r.v).sort()).toEqual([3, 4]);
  });

  it("a streaming file sink's directory is read through _spark_metadata: uncommitted files are not data", async () => {
    const input = new MemoryStream(t.spark, "id INT, word STRING");
    const query = await input
      .toDF()
      .writeStream.format("parquet")
      .option("checkpointLocation", "/sink/ckpt")
      .start("/sink/out");
    const written: Row[] = [];
    for (const batch of [
      [{ id: 1, word: "a" }],
      [
        { id: 2, word: "b" },
        { id: 3, word: "c" },
      ],
    ]) {
      input.addData(batch);
      written.push(...batch);
      await query.processAllAvailable();
    }
    await query.stop();
    // A file a failed batch left behind, never committed to the log.
    const stray = await t.spark.createDataFrame([{ id: 99, word: "stray" }], "id INT, word STRING").toArrow();
    const { encodeParquet } = await import("../io/parquet");
    await t.spark.fs.writeFile("/sink/out/part-99999-stray.c000.snappy.parquet", encodeParquet(stray));
    expect(await t.spark.read.parquet("/sink/out").orderBy("id").collect()).toEqual(written);
  });

  it("a path that does not exist, and a format that does not", async () => {
    expect(() => t.spark.read.parquet("/nowhere")).toThrow(AnalysisException);
    expect(() => t.spark.read.parquet("/nowhere")).toThrow(/PATH_NOT_FOUND.*\/nowhere/);
    expect(() => t.spark.read.format("avro").load("/x")).toThrow(/DATA_SOURCE_NOT_FOUND/);
  });
});

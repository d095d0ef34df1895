/**
 * Dataset methods of description and schema, with the examples of PySpark's docstrings (python/pyspark/sql/
 * dataframe.py: colRegex, isLocal, inputFiles, sameSemantics, semanticHash, storageLevel, withMetadata) and
 * Spark's DataFrameSuite where it has cases for them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnalysisException, col, MemoryStream, StorageLevel } from "../../index";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import { javaRegex } from "./DataFrame";

let t: TestSession;
beforeAll(async () => {
  t = await newTestSession();
});
afterAll(() => t.cleanup());

describe("colRegex", () => {
  it("PySpark's example: `(Col1)?+.+` selects Col2", async () => {
    const df = t.spark.createDataFrame(
      [
        ["a", 1],
        ["b", 2],
        ["c", 3],
      ],
      "Col1 STRING, Col2 BIGINT",
    );
    const selected = df.select(df.colRegex("`(Col1)?+.+`"));
    expect(selected.columns).toEqual(["Col2"]);
    expect((await selected.collect()).map((r) => Number(r.Col2))).toEqual([1, 2, 3]);
  });

  it("DataFrameSuite's colRegex: every column whose whole name matches, case-insensitively", async () => {
    const df = t.spark.createDataFrame([[1, 2, 3]], "a INT, aa INT, ba INT");
    expect(df.select(df.colRegex("`a.*`")).columns).toEqual(["a", "aa"]);
    expect(df.select(df.colRegex("`A`")).columns).toEqual(["a"]);
    expect(df.select("ba", df.colRegex("`a+`")).columns).toEqual(["ba", "a", "aa"]);
  });

  it("a name without backticks is the column itself, and an unknown one is UNRESOLVED_COLUMN", () => {
    const df = t.spark.createDataFrame([[1]], "a INT");
    expect(df.select(df.colRegex("a")).columns).toEqual(["a"]);
    expect(() => df.colRegex("b")).toThrow(AnalysisException);
  });

  it("Java's possessive quantifiers become JavaScript's atomic groups", () => {
    const matches = (java: string, name: string) => new RegExp(`^(?:${javaRegex(java)})$`).test(name);
    expect(matches("(Col1)?+.+", "Col2")).toBe(true);
    expect(matches("(Col1)?+.+", "Col1")).toBe(false);
    expect(matches("a*+a", "aaa")).toBe(false);
    expect(matches("a*a", "aaa")).toBe(true);
    expect(matches("[ab]++c", "abc")).toBe(true);
  });
});

describe("isLocal", () => {
  it("a DataFrame of local rows is local; a range or a query over it is not", () => {
    const local = t.spark.createDataFrame([[1]], "a INT");
    expect(local.isLocal()).toBe(true);
    expect(local.select(col("a")).isLocal()).toBe(false);
    expect(t.spark.range(3).isLocal()).toBe(false);
  });
});

describe("inputFiles", () => {
  it("PySpark's example: a JSON directory written by one partition has one input file", async () => {
    const dir = `${t.root}/inputFiles`;
    await t.spark
      .createDataFrame([{ age: 100, name: "Hyukjin Kwon" }], "age BIGINT, name STRING")
      .write.mode("overwrite")
      .json(dir);
    const df = await t.spark.read.format("json").load(dir).resolve();
    const files = await df.inputFiles();
    expect(files.length).toBe(1);
    expect(files[0].startsWith(dir)).toBe(true);
    expect(await df.union(df).inputFiles()).toEqual(files);
  });

  it("a DataFrame of local rows reads no file", async () => {
    expect(await t.spark.createDataFrame([[1]], "a INT").inputFiles()).toEqual([]);
  });
});

describe("sameSemantics and semanticHash", () => {
  it("PySpark's examples: output names do not matter, the expressions do", () => {
    const df1 = t.spark.range(10);
    const df2 = t.spark.range(10);
    expect(
      df1
        .withColumn("col1", df1.col("id").multiply(2))
        .sameSemantics(df2.withColumn("col1", df2.col("id").multiply(2))),
    ).toBe(true);
    expect(
      df1
        .withColumn("col1", df1.col("id").multiply(2))
        .sameSemantics(df2.withColumn("col1", df2.col("id").plus(2))),
    ).toBe(false);
    expect(
      df1
        .withColumn("col1", df1.col("id").multiply(2))
        .sameSemantics(df2.withColumn("col0", df2.col("id").multiply(2))),
    ).toBe(true);
  });

  it("PySpark's example: the same semantics, the same hash", () => {
    const a = t.spark.range(10).selectExpr("id as col0").semanticHash();
    const b = t.spark.range(10).selectExpr("id as col1").semanticHash();
    expect(Number.isInteger(a)).toBe(true);
    expect(a).toBe(b);
    expect(t.spark.range(11).selectExpr("id as col0").semanticHash()).not.toBe(a);
  });

  it("a streaming DataFrame has semantics too", () => {
    const stream = new MemoryStream(t.spark, "v INT");
    const df = stream.toDF();
    expect(df.select(col("v")).sameSemantics(df.select(col("v")))).toBe(true);
  });
});

describe("storageLevel", () => {
  it("PySpark's example: NONE, then MEMORY_AND_DISK after cache, the level asked for after persist", () => {
    const df1 = t.spark.range(10);
    expect(df1.storageLevel.equals(StorageLevel.NONE)).toBe(true);
    expect(df1.cache().storageLevel.toString()).toBe("StorageLevel(disk, memory, deserialized, 1 replicas)");
    const df2 = t.spark.range(5);
    expect(df2.persist(StorageLevel.DISK_ONLY_2).storageLevel.toString()).toBe(
      "StorageLevel(disk, 2 replicas)",
    );
    expect(t.spark.range(5).storageLevel.equals(StorageLevel.DISK_ONLY_2)).toBe(true);
    df2.unpersist();
    expect(df2.storageLevel.equals(StorageLevel.NONE)).toBe(true);
    df1.unpersist();
  });
});

describe("withMetadata", () => {
  it("PySpark's example: the column's metadata is replaced", async () => {
    const df = t.spark.createDataFrame(
      [
        [2, "Alice"],
        [5, "Bob"],
      ],
      "age BIGINT, name STRING",
    );
    const meta = df.withMetadata("age", { foo: "bar" });
    expect(meta.schema.field("age")?.metadata).toEqual({ foo: "bar" });
    expect(meta.columns).toEqual(["age", "name"]);
    expect((await meta.collect()).map((r) => r.name)).toEqual(["Alice", "Bob"]);
  });

  it("an unknown column is UNRESOLVED_COLUMN", () => {
    const df = t.spark.createDataFrame([[1]], "a INT");
    expect(() => df.withMetadata("b", {})).toThrow(/UNRESOLVED_COLUMN/);
  });
});

describe("asTable (Spark 4's TableArg)", () => {
  it("records the partitioning and ordering of the table argument", async () => {
    const s = await newTestSession();
    try {
      const df = s.spark.createDataFrame([[1, "a"]], "id INT, v STRING");
      const arg = df.asTable().partitionBy("id").orderBy(col("v").desc());
      expect(arg.dataFrame).toBe(df);
      expect(arg.partitionByExprs).toEqual([{ kind: "column", parts: ["id"] }]);
      expect(arg.orderByExprs.map((e) => e.kind)).toEqual(["sortOrder"]);
      const single = df.asTable().withSinglePartition();
      expect([single.withSinglePartitionFlag, single.partitionByExprs.length]).toEqual([true, 0]);
    } finally {
      await s.cleanup();
    }
  });
});

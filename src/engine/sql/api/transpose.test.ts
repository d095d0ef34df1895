/**
 * DataFrame.transpose: Spark's DataFrameTransposeSuite, case by case, over its test data (SQLTestData's salary,
 * person, complexData and tableName), and the cases of PySpark's test_dataframe.py test_transpose.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnalysisException } from "../../errors";
import type { DataFrame } from "../../index";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import { rejectionOf, thrownBy } from "../../testing/thrown";
import { DoubleType, IntegerType, StringType, StructField, StructType } from "../types";
import { col } from "./functions";
import { toRowArrays } from "./rows";

describe("DataFrameTransposeSuite", () => {
  let t: TestSession;
  let salary: DataFrame;
  let person: DataFrame;
  let complexData: DataFrame;
  let tableName: DataFrame;
  beforeAll(async () => {
    t = await newTestSession();
    salary = t.spark.createDataFrame(
      [
        [0, 2000.0],
        [1, 1000.0],
      ],
      "personId INT NOT NULL, salary DOUBLE NOT NULL",
    );
    person = t.spark.createDataFrame(
      [
        [0, "mike", 30],
        [1, "jim", 20],
      ],
      "id INT NOT NULL, name STRING, age INT NOT NULL",
    );
    complexData = t.spark.createDataFrame(
      [[new Map([["1", 1]]), { key: 1, value: "1" }]],
      "m MAP<STRING, INT>, s STRUCT<key: INT NOT NULL, value: STRING>",
    );
    tableName = t.spark.createDataFrame([["test"]], "tableName STRING");
  });
  afterAll(() => t.cleanup());

  const rows = async (df: DataFrame) =>
    toRowArrays(await df.toArrow()).map((r) => r.map((v) => (typeof v === "bigint" ? Number(v) : v)));
  const failure = (f: () => unknown) => thrownBy<AnalysisException>(f);

  it("transpose with default index column", async () => {
    expect(await rows(salary.transpose())).toEqual([["salary", 2000.0, 1000.0]]);
  });

  it("transpose with specified index column", async () => {
    expect(await rows(salary.transpose(col("salary")))).toEqual([["personId", 1, 0]]);
  });

  it("enforce least common type for non-index columns", async () => {
    const df = t.spark.createDataFrame(
      [
        ["x", 1, 10.0],
        ["y", 2, 20.0],
      ],
      "name STRING, id INT NOT NULL, value DOUBLE NOT NULL",
    );
    const transposedDf = await df.transpose().resolve();
    expect(await rows(transposedDf)).toEqual([
      ["id", 1.0, 2.0],
      ["value", 10.0, 20.0],
    ]);
    expect(transposedDf.schema.fields.map((f) => f.dataType)).toEqual([StringType, DoubleType, DoubleType]);
    const e = failure(() => person.transpose());
    expect(e.getCondition()).toBe("TRANSPOSE_NO_LEAST_COMMON_TYPE");
    expect(e.getMessageParameters()).toEqual({ dt1: '"STRING"', dt2: '"INT"' });
  });

  it("enforce ascending order based on index column values for transposed columns", async () => {
    const transposedDf = await person.transpose(col("name")).resolve();
    expect(await rows(transposedDf)).toEqual([
      ["id", 1, 0],
      ["age", 20, 30],
    ]);
    expect(transposedDf.columns).toEqual(["key", "jim", "mike"]);
  });

  it("enforce AtomicType Attribute for index column values", () => {
    const atomic = failure(() => complexData.transpose(col("m")));
    expect(atomic.message).toContain(
      "[TRANSPOSE_INVALID_INDEX_COLUMN] Invalid index column for TRANSPOSE because: Index column must be of atomic type, but found",
    );
    expect(atomic.getMessageParameters()).toEqual({
      reason: "Index column must be of atomic type, but found: MapType(StringType,IntegerType,true)",
    });
    const attribute = failure(() => complexData.transpose(col("s.key")));
    expect(attribute.message).toContain(
      "[TRANSPOSE_INVALID_INDEX_COLUMN] Invalid index column for TRANSPOSE because: Index column must be an atomic attribute",
    );
  });

  it("enforce transpose max values", async () => {
    t.spark.conf.set("spark.sql.transposeMaxValues", "1");
    try {
      const e = await rejectionOf<AnalysisException>(person.transpose(col("name")).collect());
      expect(e.message).toContain("[TRANSPOSE_EXCEED_ROW_LIMIT] Number of rows exceeds the allowed limit of");
      expect(e.getMessageParameters()).toEqual({ maxValues: "1", config: '"spark.sql.transposeMaxValues"' });
    } finally {
      t.spark.conf.unset("spark.sql.transposeMaxValues");
    }
  });

  it("transpose empty frame w. column names", async () => {
    const schema = new StructType([new StructField("id", IntegerType), new StructField("name", StringType)]);
    const transposedDF = await t.spark.createDataFrame([], schema).transpose().resolve();
    expect(await rows(transposedDF)).toEqual([["name"]]);
    expect(transposedDF.schema.fields[0].dataType).toEqual(StringType);
    expect(transposedDF.columns).toEqual(["key"]);
  });

  it("transpose empty frame w/o column names", async () => {
    const emptyDF = t.spark.createDataFrame([], new StructType([]));
    expect(await emptyDF.transpose().collect()).toEqual([]);
  });

  it("transpose frame with only index column", async () => {
    const transposedDf = await tableName.transpose().resolve();
    expect(await transposedDf.collect()).toEqual([]);
    expect(transposedDf.columns).toEqual(["key", "test"]);
  });

  it("transpose frame with duplicates in index column", async () => {
    const df = t.spark.createDataFrame(
      [
        ["A", 1, 2],
        ["B", 3, 4],
        ["A", 5, 6],
      ],
      "id STRING, val1 INT NOT NULL, val2 INT NOT NULL",
    );
    const transposedDf = await df.transpose().resolve();
    expect(await rows(transposedDf)).toEqual([
      ["val1", 1, 5, 3],
      ["val2", 2, 6, 4],
    ]);
    expect(transposedDf.columns).toEqual(["key", "A", "A", "B"]);
  });

  it("transpose frame with nulls in index column", async () => {
    const df = t.spark.createDataFrame(
      [
        ["A", 1, 2],
        ["B", 3, 4],
        [null, 5, 6],
      ],
      "id STRING, val1 INT NOT NULL, val2 INT NOT NULL",
    );
    const transposedDf = await df.transpose().resolve();
    expect(await rows(transposedDf)).toEqual([
      ["val1", 1, 3],
      ["val2", 2, 4],
    ]);
    expect(transposedDf.columns).toEqual(["key", "A", "B"]);
  });

  it("the key column is a non-nullable string, the transposed columns nullable (PySpark's test_transpose)", async () => {
    const df = t.spark.createDataFrame([{ a: "x", b: "y", c: "z" }], "a STRING, b STRING, c STRING");
    const byDefault = await df.transpose().resolve();
    expect(byDefault.schema.fields.map((f) => [f.name, f.dataType.simpleString(), f.nullable])).toEqual([
      ["key", "string", false],
      ["x", "string", true],
    ]);
    expect(await rows(byDefault)).toEqual([
      ["b", "y"],
      ["c", "z"],
    ]);
    expect(await rows(df.transpose("c"))).toEqual([
      ["a", "x"],
      ["b", "y"],
    ]);
  });
});

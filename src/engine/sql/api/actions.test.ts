/**
 * Batch actions and local data: collect/count/take/head/first/toArrow, show() and printSchema() text as Spark
 * prints it, rows as plain objects, createDataFrame with PySpark's inference and checks; actions on streaming
 * DataFrames refused.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AnalysisException,
  array,
  col,
  IntegerType,
  lit,
  MemoryStream,
  NullType,
  PySparkTypeError,
  PySparkValueError,
  StringType,
  StructField,
  StructType,
} from "../../index";
import { newTestSession, type TestSession } from "../../testing/fixtures";

describe("actions and local data", () => {
  let t: TestSession;
  let printed: string[];
  beforeAll(async () => {
    t = await newTestSession();
    t.spark.setOutput((text) => printed.push(text));
  });
  afterAll(() => t.cleanup());

  const output = async (f: () => unknown) => {
    printed = [];
    await f();
    return printed.join("");
  };

  it("collect, count, take, head, first, isEmpty, toArrow", async () => {
    const df = t.spark.range(10).withColumn("sq", col("id").multiply(col("id")));
    expect(await df.count()).toBe(10);
    expect(await df.take(2)).toEqual([
      { id: 0, sq: 0 },
      { id: 1, sq: 1 },
    ]);
    expect(await df.head()).toEqual({ id: 0, sq: 0 });
    expect(await df.head(3)).toHaveLength(3);
    expect(await df.first()).toEqual({ id: 0, sq: 0 });
    expect(await df.filter(col("id").gt(100)).isEmpty()).toBe(true);
    const table = await df.toArrow();
    expect(table.numRows).toBe(10);
    expect(table.schema.fields.map((f) => f.name)).toEqual(["id", "sq"]);
  });

  it("rows are plain objects: integers as numbers (bigint past 2^53), timestamps as Date, structs nested", async () => {
    const big = 2n ** 60n;
    const df = t.spark.createDataFrame(
      [
        {
          small: 42,
          big,
          at: new Date("2024-05-06T07:08:09.123Z"),
          s: { a: 1, b: ["x", "y"] },
          m: { k: 1.5 },
        },
      ],
      "small BIGINT, big BIGINT, at TIMESTAMP, s STRUCT<a: INT, b: ARRAY<STRING>>, m MAP<STRING, DOUBLE>",
    );
    const [row] = await df.collect();
    expect(row).toEqual({
      small: 42,
      big,
      at: new Date("2024-05-06T07:08:09.123Z"),
      s: { a: 1, b: ["x", "y"] },
      m: { k: 1.5 },
    });
    expect(typeof row.small).toBe("number");
    expect(typeof row.big).toBe("bigint");
  });

  it("show(): Spark's table, right-aligned, truncated at 20 characters, NULL for nulls, doubles as 1.0", async () => {
    const df = t.spark.createDataFrame(
      [
        { id: 1, name: "a fairly long name that goes on", score: 1, at: new Date("2024-01-02T03:04:05Z") },
        { id: 2, name: null, score: 2.5, at: new Date("2024-01-02T03:04:05.5Z") },
        { id: 3, name: "c", score: null, at: null },
      ],
      "id INT, name STRING, score DOUBLE, at TIMESTAMP",
    );
    expect(await output(() => df.show())).toBe(
      [
        "+---+--------------------+-----+--------------------+",
        "| id|                name|score|                  at|",
        "+---+--------------------+-----+--------------------+",
        "|  1|a fairly long nam...|  1.0| 2024-01-02 03:04:05|",
        "|  2|                NULL|  2.5|2024-01-02 03:04:...|",
        "|  3|                   c| NULL|                NULL|",
        "+---+--------------------+-----+--------------------+",
        "",
      ].join("\n"),
    );
    expect(await output(() => df.select("id", "at").show(2, false))).toBe(
      [
        "+---+---------------------+",
        "|id |at                   |",
        "+---+---------------------+",
        "|1  |2024-01-02 03:04:05  |",
        "|2  |2024-01-02 03:04:05.5|",
        "+---+---------------------+",
        "only showing top 2 rows",
        "",
      ].join("\n"),
    );
    expect(await output(() => df.select("id", "name").limit(1).show(5, 8, true))).toBe(
      ["-RECORD 0--------", " id   | 1        ", " name | a fai... ", ""].join("\n"),
    );
  });

  it("show() of nested values and of nothing", async () => {
    const df = t.spark.createDataFrame(
      [{ a: [1, null], s: { x: 1.0, y: null }, m: { k: 2 } }],
      "a ARRAY<INT>, s STRUCT<x: DOUBLE, y: STRING>, m MAP<STRING, INT>",
    );
    expect(await output(() => df.show())).toBe(
      [
        "+---------+-----------+--------+",
        "|        a|          s|       m|",
        "+---------+-----------+--------+",
        "|[1, NULL]|{1.0, NULL}|{k -> 2}|",
        "+---------+-----------+--------+",
        "",
      ].join("\n"),
    );
    expect(await output(() => df.filter(lit(false)).select("a").show())).toBe("+---+\n|  a|\n+---+\n+---+\n");
  });

  it("show() of columns sharing a name: each shows its own values", async () => {
    const df = t.spark.range(1).select(lit(1).alias("a"), array(lit(1), lit(2)).alias("a"));
    expect(await output(() => df.show())).toBe(
      "+---+------+\n|  a|     a|\n+---+------+\n|  1|[1, 2]|\n+---+------+\n",
    );
  });

  it("a bare NULL is NullType, void in the schema (Spark's sql-tests literals.sql)", async () => {
    // literals.sql.out: `select null, Null, nUll` has schema struct<NULL:void,NULL:void,NULL:void>.
    const nulls = t.spark.sql("select null, Null, nUll");
    expect(nulls.schema.simpleString()).toBe("struct<NULL:void,NULL:void,NULL:void>");
    expect(await nulls.collect()).toEqual([{ NULL: null }]);
    const n = t.spark.range(2).select(lit(null).alias("n"), lit(1).alias("m"));
    expect(n.schema.fields.map((f) => f.dataType)).toEqual([NullType, IntegerType]);
    expect(await output(() => n.printSchema())).toBe(
      ["root", " |-- n: void (nullable = true)", " |-- m: integer (nullable = false)", ""].join("\n"),
    );
    // The type stays NullType through the operators above it; a cast or another operand gives it a type.
    expect(n.filter("m = 1").select("n").schema.simpleString()).toBe("struct<n:void>");
    expect(
      t.spark
        .sql("SELECT n, CAST(n AS STRING) AS s, coalesce(n, 1) AS c FROM (SELECT NULL AS n)")
        .schema.simpleString(),
    ).toBe("struct<n:void,s:string,c:int>");
    expect(
      t.spark.sql("SELECT CAST(NULL AS INT) AS i, 1 AS j WHERE 1 IS NOT NULL").schema.simpleString(),
    ).toBe("struct<i:int,j:int>");
  });

  it("printSchema(): Spark's tree with nullability as Spark infers it", async () => {
    const df = t.spark
      .createDataFrame(
        [],
        "id INT NOT NULL, tags ARRAY<STRING>, geo STRUCT<city: STRING, zip: INT>, m MAP<STRING, BIGINT>",
      )
      .withColumn("n", lit(1))
      .groupBy("id", "geo")
      .count();
    expect(await output(() => df.printSchema())).toBe(
      [
        "root",
        " |-- id: integer (nullable = false)",
        " |-- geo: struct (nullable = true)",
        " |    |-- city: string (nullable = true)",
        " |    |-- zip: integer (nullable = true)",
        " |-- count: long (nullable = false)",
        "",
      ].join("\n"),
    );
    const withCollections = t.spark.createDataFrame([], "tags ARRAY<STRING>, m MAP<STRING, BIGINT>");
    expect(await output(() => withCollections.printSchema())).toBe(
      [
        "root",
        " |-- tags: array (nullable = true)",
        " |    |-- element: string (containsNull = true)",
        " |-- m: map (nullable = true)",
        " |    |-- key: string",
        " |    |-- value: long (valueContainsNull = true)",
        "",
      ].join("\n"),
    );
  });

  it("createDataFrame: objects or arrays, DDL or StructType, or names with types inferred as PySpark does", async () => {
    const schema = new StructType([new StructField("a", IntegerType), new StructField("b", StringType)]);
    const fromArrays = t.spark.createDataFrame(
      [
        [1, "x"],
        [2, null],
      ],
      schema,
    );
    const fromObjects = t.spark.createDataFrame(
      [
        { a: 1, b: "x" },
        { b: null, a: 2 },
      ],
      "a INT, b STRING",
    );
    expect(await fromArrays.collect()).toEqual(await fromObjects.collect());
    const inferred = t.spark.createDataFrame([
      { n: 1, x: 1.5, s: "a", ok: true, when: new Date(0), xs: [1] },
    ]);
    expect(inferred.dtypes).toEqual([
      ["n", "bigint"],
      ["x", "double"],
      ["s", "string"],
      ["ok", "boolean"],
      ["when", "timestamp"],
      ["xs", "array<bigint>"],
    ]);
    const named = t.spark.createDataFrame(
      [
        [1, "a"],
        [2.5, "b"],
      ],
      ["v", "k"],
    );
    expect(named.dtypes).toEqual([
      ["v", "double"],
      ["k", "string"],
    ]);
  });

  it("createDataFrame checks values against the schema with PySpark's errors", () => {
    expect(() => t.spark.createDataFrame([{ a: "x" }], "a INT")).toThrow(PySparkTypeError);
    expect(() => t.spark.createDataFrame([{ a: "x" }], "a INT")).toThrow(
      /FIELD_DATA_TYPE_UNACCEPTABLE.*field a: IntegerType\(\) can not accept object "x" in type string/,
    );
    expect(() => t.spark.createDataFrame([{ a: 1.5 }], "a INT")).toThrow(PySparkTypeError);
    expect(() => t.spark.createDataFrame([{ a: null }], "a INT NOT NULL")).toThrow(/FIELD_NOT_NULLABLE/);
    expect(() => t.spark.createDataFrame([[1, 2]], "a INT")).toThrow(/LENGTH_SHOULD_BE_THE_SAME/);
    expect(() => t.spark.createDataFrame([{ a: null }])).toThrow(PySparkValueError);
    expect(() => t.spark.createDataFrame([{ a: 1 }, { a: "x" }])).toThrow(/CANNOT_MERGE_TYPE/);
    const unsupported = (() => {
      try {
        t.spark.createDataFrame([{ a: 1, f: () => 1 }]);
      } catch (e) {
        return e as PySparkTypeError;
      }
    })();
    expect(unsupported).toBeInstanceOf(PySparkTypeError);
    expect([unsupported?.getCondition(), unsupported?.getMessageParameters(), unsupported?.message]).toEqual([
      "CANNOT_INFER_TYPE_FOR_FIELD",
      { field_name: "f" },
      "[CANNOT_INFER_TYPE_FOR_FIELD] Unable to infer the type of the field `f`.",
    ]);
  });

  it("every action on a streaming DataFrame throws Spark's AnalysisException", async () => {
    const stream = new MemoryStream(t.spark, "v INT").toDF().select(col("v").plus(1));
    expect(stream.isStreaming).toBe(true);
    const message = "Queries with streaming sources must be executed with writeStream.start()";
    for (const action of [
      () => stream.collect(),
      () => stream.count(),
      () => stream.take(1),
      () => stream.head(),
      () => stream.first(),
      () => stream.show(),
      () => stream.toArrow(),
    ]) {
      const failure = await action().catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(AnalysisException);
      // Spark's ExtendedAnalysisException: the message, then `;` and the plan.
      expect((failure as Error).message).toBe(`${message};`);
      expect((failure as AnalysisException).getCondition()).toBe("_LEGACY_ERROR_TEMP_3102");
      expect((failure as AnalysisException).getMessageParameters()).toEqual({ msg: message });
      expect((failure as AnalysisException).getSqlState()).toBeUndefined();
    }
  });

  it("`write` on a streaming DataFrame is CALL_ON_STREAMING_DATASET_UNSUPPORTED (DataFrameWriterSuite)", () => {
    const stream = new MemoryStream(t.spark, "v INT").toDF();
    let failure: unknown;
    try {
      stream.write;
    } catch (e) {
      failure = e;
    }
    expect(failure).toBeInstanceOf(AnalysisException);
    expect((failure as AnalysisException).getCondition()).toBe("CALL_ON_STREAMING_DATASET_UNSUPPORTED");
    expect((failure as AnalysisException).getMessageParameters()).toEqual({ methodName: "`write`" });
    expect((failure as Error).message).toBe(
      "[CALL_ON_STREAMING_DATASET_UNSUPPORTED] The method `write` can not be called on streaming Dataset/DataFrame. SQLSTATE: 42KDE",
    );
  });
});

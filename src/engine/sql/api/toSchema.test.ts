/**
 * Spark's DataFrameToSchemaSuite (sql/core/src/test/scala/org/apache/spark/sql/DataFrameToSchemaSuite.scala):
 * `df.to(schema)`, each case named as Spark's, with its inputs and expected answers. Scala's `Seq("a" -> 1).toDF`
 * gives a nullable string and a non-nullable int column; the inputs here declare the same. Scala's
 * `$"i".as("i", metadata)` is written as `withMetadata("i", metadata)`, which Spark defines that way.
 *
 * Not ported: Sluice's schemas take nested types from DuckDB, which calls every struct field, array element and
 * map value nullable, so `to` checks and keeps only top-level nullability —
 * - "keep the nullability of the original field" (a struct field's non-nullability is not known),
 * - "negative: incompatible field nullability" and "array element: incompatible array nullability" (nested
 *   nullability is not checked: DuckDB would make every such call an error);
 * - "array element: array itself carries the metadata", "array
 *   element: inner field inside array carries the metadata", "map key: reorder inner fields by name" and "inner
 *   field carries the metadata" need Scala's `as(alias, metadata)` on nested fields or struct map keys.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AnalysisException,
  ArrayType,
  array,
  col,
  create_map,
  IntegerType,
  LongType,
  MapType,
  StringType,
  StructField,
  StructType,
  struct,
} from "../../index";
import { newTestSession, type TestSession } from "../../testing/fixtures";

let t: TestSession;
beforeAll(async () => {
  t = await newTestSession();
});
afterAll(() => t.cleanup());

const ab = () => t.spark.createDataFrame([["a", "b"]], "i STRING, j STRING");
const a1 = () => t.spark.createDataFrame([["a", 1]], "i STRING, j INT NOT NULL");
const withNull = () => t.spark.sql("SELECT i FROM VALUES 1, NULL as t(i)");
const one = () => t.spark.createDataFrame([[1]], "i INT NOT NULL");
const schemaOf = (...fields: StructField[]) => new StructType(fields);
const f = (name: string, type: StructField["dataType"], nullable = true, metadata = {}) =>
  new StructField(name, type, nullable, metadata);

function condition(run: () => unknown): {
  condition: string | undefined;
  parameters: Record<string, string>;
} {
  try {
    run();
  } catch (e) {
    if (e instanceof AnalysisException)
      return { condition: e.getCondition(), parameters: e.getMessageParameters() };
    throw e;
  }
  throw new Error("no error");
}

const metadata1 = { a: "1", b: "2" };
const metadata2 = { b: "3", c: "4" };
const resultMetadata = { a: "1", b: "3", c: "4" };

describe("DataFrameToSchemaSuite", () => {
  it("reorder columns by name", async () => {
    const schema = schemaOf(f("j", StringType), f("i", StringType));
    const df = ab().to(schema);
    expect(df.schema.simpleString()).toBe(schema.simpleString());
    expect(await df.collect()).toEqual([{ j: "b", i: "a" }]);
  });

  it("case insensitive: reorder columns by name", async () => {
    const schema = schemaOf(f("J", StringType), f("I", StringType));
    const df = ab().to(schema);
    expect(df.columns).toEqual(["J", "I"]);
    expect(await df.collect()).toEqual([{ J: "b", I: "a" }]);
  });

  it("select part of the columns", async () => {
    const df = ab().to(schemaOf(f("j", StringType)));
    expect(df.columns).toEqual(["j"]);
    expect(await df.collect()).toEqual([{ j: "b" }]);
  });

  it("negative: column not found", () => {
    expect(condition(() => ab().to(schemaOf(f("non_exist", StringType))))).toEqual({
      condition: "UNRESOLVED_COLUMN.WITH_SUGGESTION",
      parameters: { objectName: "`non_exist`", proposal: "`i`, `j`" },
    });
  });

  it("negative: ambiguous column", () => {
    const df = t.spark.createDataFrame([["a", "b"]], "i STRING, I STRING");
    expect(condition(() => df.to(schemaOf(f("i", StringType))))).toEqual({
      condition: "AMBIGUOUS_COLUMN_OR_FIELD",
      parameters: { name: "`i`", n: "2" },
    });
  });

  it("keep the nullability of the original column", async () => {
    const data = a1();
    expect(data.schema.fields[1].nullable).toBe(false);
    const df = data.to(schemaOf(f("j", IntegerType)));
    expect(df.schema.fields.map((x) => [x.name, x.dataType.simpleString(), x.nullable])).toEqual([
      ["j", "int", false],
    ]);
    expect(await df.collect()).toEqual([{ j: 1 }]);
  });

  it("negative: incompatible column nullability", () => {
    const data = withNull();
    expect(data.schema.fields[0].nullable).toBe(true);
    expect(condition(() => data.to(schemaOf(f("i", IntegerType, false))))).toEqual({
      condition: "NULLABLE_COLUMN_OR_FIELD",
      parameters: { name: "`i`" },
    });
  });

  it("upcast the original column", async () => {
    const df = a1().to(schemaOf(f("j", LongType, false)));
    expect(df.dtypes).toEqual([["j", "bigint"]]);
    const rows = await df.collect();
    expect(rows.map((r) => Number(r.j))).toEqual([1]);
  });

  it("negative: column cannot upcast", () => {
    expect(condition(() => a1().to(schemaOf(f("i", IntegerType))))).toEqual({
      condition: "INVALID_COLUMN_OR_FIELD_DATA_TYPE",
      parameters: { name: "`i`", type: '"STRING"', expectedType: '"INT"' },
    });
  });

  it("column carries the metadata", () => {
    const df = one()
      .withMetadata("i", metadata1)
      .to(schemaOf(f("i", IntegerType, true, metadata2)));
    expect(df.schema.fields[0].metadata).toEqual(resultMetadata);
  });

  it("reorder inner fields by name", async () => {
    const schema = schemaOf(f("struct", schemaOf(f("j", StringType), f("i", StringType)), false));
    const df = ab()
      .select(struct(col("i"), col("j")).alias("struct"))
      .to(schema);
    expect(df.schema.simpleString()).toBe("struct<struct:struct<j:string,i:string>>");
    expect(await df.collect()).toEqual([{ struct: { j: "b", i: "a" } }]);
  });

  it("case insensitive: reorder inner fields by name", async () => {
    const schema = schemaOf(f("struct", schemaOf(f("J", StringType), f("I", StringType)), false));
    const df = ab()
      .select(struct(col("i"), col("j")).alias("struct"))
      .to(schema);
    expect(df.schema.simpleString()).toBe("struct<struct:struct<J:string,I:string>>");
    expect(await df.collect()).toEqual([{ struct: { J: "b", I: "a" } }]);
  });

  it("negative: field not found", () => {
    const schema = schemaOf(f("struct", schemaOf(f("non_exist", StringType)), false));
    expect(
      condition(() =>
        ab()
          .select(struct(col("i"), col("j")).alias("struct"))
          .to(schema),
      ),
    ).toEqual({
      condition: "UNRESOLVED_FIELD.WITH_SUGGESTION",
      parameters: { fieldName: "`non_exist`", columnPath: "`struct`", proposal: "`i`, `j`" },
    });
  });

  it("upcast the original field", async () => {
    const schema = schemaOf(f("struct", schemaOf(f("j", LongType, false)), false));
    const df = a1()
      .select(struct(col("i"), col("j")).alias("struct"))
      .to(schema);
    expect(df.schema.simpleString()).toBe("struct<struct:struct<j:bigint>>");
    const rows = await df.collect();
    expect(Number((rows[0].struct as { j: unknown }).j)).toBe(1);
  });

  it("negative: field cannot upcast", () => {
    const schema = schemaOf(f("struct", schemaOf(f("i", IntegerType)), false));
    expect(
      condition(() =>
        a1()
          .select(struct(col("i"), col("j")).alias("struct"))
          .to(schema),
      ),
    ).toEqual({
      condition: "INVALID_COLUMN_OR_FIELD_DATA_TYPE",
      parameters: { name: "`struct`.`i`", type: '"STRING"', expectedType: '"INT"' },
    });
  });

  it("array element: reorder inner fields by name", async () => {
    const inner = schemaOf(f("j", StringType), f("i", StringType));
    const schema = schemaOf(f("arr", new ArrayType(inner, false), false));
    const df = ab()
      .select(array(struct(col("i"), col("j"))).alias("arr"))
      .to(schema);
    expect(df.schema.simpleString()).toBe("struct<arr:array<struct<j:string,i:string>>>");
    expect(await df.collect()).toEqual([{ arr: [{ j: "b", i: "a" }] }]);
  });

  it("array element: upcast the original field", async () => {
    const inner = schemaOf(f("j", LongType, false));
    const schema = schemaOf(f("arr", new ArrayType(inner, false), false));
    const df = a1()
      .select(array(struct(col("i"), col("j"))).alias("arr"))
      .to(schema);
    expect(df.schema.simpleString()).toBe("struct<arr:array<struct<j:bigint>>>");
    const [row] = await df.collect();
    expect((row.arr as { j: unknown }[]).map((e) => Number(e.j))).toEqual([1]);
  });

  it("map value: reorder inner fields by name", async () => {
    const inner = schemaOf(f("j", StringType), f("i", StringType));
    const schema = schemaOf(f("map", new MapType(StringType, inner, false), false));
    const df = ab()
      .select(create_map(col("i"), struct(col("i"), col("j"))).alias("map"))
      .to(schema);
    expect(df.schema.simpleString()).toBe("struct<map:map<string,struct<j:string,i:string>>>");
    const [row] = await df.collect();
    const map = row.map as Map<string, unknown> | Record<string, unknown>;
    const value = map instanceof Map ? map.get("a") : map.a;
    expect(value).toEqual({ j: "b", i: "a" });
  });
});

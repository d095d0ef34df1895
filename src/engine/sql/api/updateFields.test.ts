/** Column.withField and Column.dropFields, with cases, inputs and answers from Spark's ColumnExpressionSuite. */
import { describe, expect, it } from "vitest";
import { AnalysisException, IllegalArgumentException } from "../../errors";
import { sharedSession } from "../../testing/files";
import { thrownBy } from "../../testing/thrown";
import type { Column } from "./Column";
import { col, lit } from "./functions";

describe("Column.withField and dropFields (ColumnExpressionSuite)", () => {
  const ctx = sharedSession();
  const level1 = () => ctx.t.spark.sql("SELECT named_struct('a', 1, 'b', CAST(NULL AS INT), 'c', 3) AS a");
  const nullableLevel1 = () =>
    ctx.t.spark.sql(
      "SELECT * FROM VALUES (CAST(NULL AS STRUCT<a: INT, b: INT, c: INT>)), (named_struct('a', 1, 'b', CAST(NULL AS INT), 'c', 3)) AS t(a)",
    );
  const level2 = () =>
    ctx.t.spark.sql("SELECT named_struct('a', named_struct('a', 1, 'b', CAST(NULL AS INT), 'c', 3)) AS a");
  const nullableLevel2 = () =>
    ctx.t.spark.sql(
      "SELECT * FROM VALUES (CAST(NULL AS STRUCT<a: STRUCT<a: INT, b: INT, c: INT>>)), (named_struct('a', CAST(NULL AS STRUCT<a: INT, b: INT, c: INT>))), (named_struct('a', named_struct('a', 1, 'b', CAST(NULL AS INT), 'c', 3))) AS t(a)",
    );
  const level3 = () =>
    ctx.t.spark.sql(
      "SELECT named_struct('a', named_struct('a', named_struct('a', 1, 'b', CAST(NULL AS INT), 'c', 3))) AS a",
    );
  const values = async (df: ReturnType<typeof level1>, c: Column) =>
    (await df.select(c.alias("a")).collect()).map((r) => r.a);
  const fields = (df: ReturnType<typeof level1>, c: Column) =>
    df.select(c.alias("a")).schema.fields[0].dataType.simpleString();

  it("withField adds a field to a struct, a nullable struct and a nested one", async () => {
    expect(await values(level1(), col("a").withField("d", lit(4)))).toEqual([{ a: 1, b: null, c: 3, d: 4 }]);
    expect(fields(level1(), col("a").withField("d", lit(4)))).toBe("struct<a:int,b:int,c:int,d:int>");
    expect(await values(nullableLevel1(), col("a").withField("d", lit(4)))).toEqual([
      null,
      { a: 1, b: null, c: 3, d: 4 },
    ]);
    expect(await values(nullableLevel2(), col("a").withField("a.d", lit(4)))).toEqual([
      null,
      { a: null },
      { a: { a: 1, b: null, c: 3, d: 4 } },
    ]);
    expect(await values(level1(), col("a").withField("d", lit(null).cast("int")))).toEqual([
      { a: 1, b: null, c: 3, d: null },
    ]);
  });

  it("withField adds several fields, at any depth, chained or nested", async () => {
    expect(await values(level1(), col("a").withField("d", lit(4)).withField("e", lit(5)))).toEqual([
      { a: 1, b: null, c: 3, d: 4, e: 5 },
    ]);
    const expected = [{ a: { a: 1, b: null, c: 3, d: 4, e: 5 } }];
    expect(await values(level2(), col("a").withField("a.d", lit(4)).withField("a.e", lit(5)))).toEqual(
      expected,
    );
    expect(
      await values(
        level2(),
        col("a").withField("a", col("a.a").withField("d", lit(4)).withField("e", lit(5))),
      ),
    ).toEqual(expected);
    expect(await values(level3(), col("a").withField("a.a.d", lit(4)))).toEqual([
      { a: { a: { a: 1, b: null, c: 3, d: 4 } } },
    ]);
  });

  it("withField replaces a field, in order, keeping its place", async () => {
    expect(await values(level1(), col("a").withField("b", lit(2)))).toEqual([{ a: 1, b: 2, c: 3 }]);
    expect(await values(nullableLevel1(), col("a").withField("b", lit("foo")))).toEqual([
      null,
      { a: 1, b: "foo", c: 3 },
    ]);
    expect(await values(level1(), col("a").withField("a", lit(10)).withField("b", lit(20)))).toEqual([
      { a: 10, b: 20, c: 3 },
    ]);
    expect(await values(level1(), col("a").withField("b", lit(2)).withField("b", lit(20)))).toEqual([
      { a: 1, b: 20, c: 3 },
    ]);
    expect(await values(level3(), col("a").withField("a.a.b", lit(2)))).toEqual([
      { a: { a: { a: 1, b: 2, c: 3 } } },
    ]);
    expect(await values(level1(), col("a").withField("B", lit(2)))).toEqual([{ a: 1, B: 2, c: 3 }]);
  });

  it("withField's errors: not a struct, a missing intermediate struct, null arguments", async () => {
    const notStruct = thrownBy(() =>
      ctx.t.spark.sql("SELECT 1 AS key").select(col("key").withField("a", lit(2))),
    );
    expect(notStruct).toBeInstanceOf(AnalysisException);
    expect((notStruct as AnalysisException).getCondition()).toBe("DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE");
    const intermediateNotStruct = thrownBy(() => level1().select(col("a").withField("b.a", lit(2))));
    expect((intermediateNotStruct as AnalysisException).getCondition()).toBe(
      "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
    );
    const missing = thrownBy(() => level2().select(col("a").withField("x.b", lit(2))));
    expect((missing as AnalysisException).getCondition()).toBe("FIELD_NOT_FOUND");
    expect((missing as AnalysisException).message).toContain("No such struct field `x` in `a`.");
    expect(thrownBy(() => col("a").withField(null as unknown as string, lit(2)))).toEqual(
      new IllegalArgumentException("fieldName cannot be null"),
    );
    expect(thrownBy(() => col("a").withField("b", null as unknown as Column))).toEqual(
      new IllegalArgumentException("col cannot be null"),
    );
  });

  it("dropFields drops fields, nested ones, and ignores a missing one", async () => {
    expect(await values(level1(), col("a").dropFields("b"))).toEqual([{ a: 1, c: 3 }]);
    expect(await values(nullableLevel1(), col("a").dropFields("b"))).toEqual([null, { a: 1, c: 3 }]);
    expect(await values(level1(), col("a").dropFields("b", "c"))).toEqual([{ a: 1 }]);
    expect(await values(level1(), col("a").dropFields("d"))).toEqual([{ a: 1, b: null, c: 3 }]);
    expect(await values(level2(), col("a").dropFields("a.b"))).toEqual([{ a: { a: 1, c: 3 } }]);
    expect(await values(nullableLevel2(), col("a").dropFields("a.b"))).toEqual([
      null,
      { a: null },
      { a: { a: 1, c: 3 } },
    ]);
    expect(await values(level1(), col("a").withField("d", lit(4)).dropFields("a"))).toEqual([
      { b: null, c: 3, d: 4 },
    ]);
  });

  it("dropFields refuses to drop every field", () => {
    const error = thrownBy(() => level1().select(col("a").dropFields("a", "b", "c")));
    expect((error as AnalysisException).getCondition()).toBe("DATATYPE_MISMATCH.CANNOT_DROP_ALL_FIELDS");
    expect((error as AnalysisException).message).toContain("Cannot drop all fields in struct.");
  });
});

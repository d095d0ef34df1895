/** StructType's DDL both ways, as Spark's StructTypeSuite checks `toDDL` and `fromDDL` (SPARK-24849, SPARK-36012). */
import { describe, expect, it } from "vitest";
import {
  BooleanType,
  commentOf,
  IntegerType,
  MapType,
  parseSchema,
  StringType,
  StructField,
  StructType,
} from "./types";

describe("StructType.toDDL and parseSchema", () => {
  it("writes simple and nested fields as Spark does", () => {
    expect(new StructType([new StructField("a", IntegerType)]).toDDL()).toBe("a INT");
    const nested = new StructType().add("metaData", new StructType().add("eventId", StringType));
    expect(nested.toDDL()).toBe("metaData STRUCT<eventId: STRING>");
    expect(parseSchema("a MAP<INT, STRING>,b INT").toDDL()).toBe("a MAP<INT, STRING>, b INT");
  });

  it("keeps NOT NULL and a field's comment, quotes escaped", () => {
    const struct = new StructType([
      new StructField("b", BooleanType, true, { comment: "Field's comment" }),
      new StructField("id", IntegerType, false),
    ]);
    expect(struct.toDDL()).toBe("b BOOLEAN COMMENT 'Field\\'s comment', id INT NOT NULL");
  });

  it("reads back what it writes: types, nullability and comments", () => {
    const struct = new StructType([
      new StructField("a", IntegerType, false, { comment: "the key" }),
      new StructField("b", new MapType(StringType, IntegerType)),
      new StructField("c", StringType, true, { comment: "it's \\ here" }),
    ]);
    const back = parseSchema(struct.toDDL());
    expect(back.fields.map((f) => [f.name, f.dataType.simpleString(), f.nullable, commentOf(f)])).toEqual([
      ["a", "int", false, "the key"],
      ["b", "map<string,int>", true, undefined],
      ["c", "string", true, "it's \\ here"],
    ]);
  });
});

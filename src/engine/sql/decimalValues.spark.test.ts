/**
 * Decimal values read and written exactly, as Spark's Row gives a java.math.BigDecimal: `collect()` returns
 * Sluice's Decimal (its digits and scale, `toString()` as BigDecimal.toPlainString), `show()` prints
 * BigDecimal.toPlainString with the scale's trailing zeros (ToPrettyString of a DecimalType), `toJSON()` and
 * `to_json` write the digits as a JSON number (Spark's JacksonGenerator writes the BigDecimal), and
 * `createDataFrame` and `lit` keep a Decimal's digits (Literal of a BigDecimal is DecimalType.fromDecimal). The
 * expected texts are Spark 4's answers for the same queries.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { col, Decimal, lit, struct, to_json } from "../index";
import { newTestSession, type TestSession } from "../testing/fixtures";

let t: TestSession;
let printed: string[] = [];
beforeAll(async () => {
  t = await newTestSession();
  t.spark.setOutput((text) => printed.push(text));
}, 120_000);
afterAll(async () => {
  await t.cleanup();
});

async function shown(f: () => Promise<void>): Promise<string> {
  printed = [];
  await f();
  return printed.join("");
}

describe("collect() gives exact decimals", () => {
  it("a DECIMAL(38,9) keeps all its digits", async () => {
    const [row] = await t.spark
      .sql("SELECT CAST('12345678901234567890.123456789' AS DECIMAL(38,9)) AS d")
      .collect();
    const d = row.d as Decimal;
    expect(d).toBeInstanceOf(Decimal);
    expect(d.toString()).toBe("12345678901234567890.123456789");
    expect(d.unscaledValue()).toBe(12345678901234567890123456789n);
    expect(d.scale).toBe(9);
    expect(d.precision).toBe(29);
  });

  it("the scale's trailing zeros stay, negatives and small values print plain", async () => {
    const [row] = await t.spark
      .sql(
        "SELECT CAST(1.5 AS DECIMAL(10,2)) a, CAST(-0.01 AS DECIMAL(4,3)) b, CAST(0 AS DECIMAL(5,0)) c, " +
          "CAST('0.00000001' AS DECIMAL(10,8)) e, CAST('-99999999999999999999999999999999999999' AS DECIMAL(38,0)) f",
      )
      .collect();
    expect(Object.values(row).map(String)).toEqual([
      "1.50",
      "-0.010",
      "0",
      "0.00000001",
      "-99999999999999999999999999999999999999",
    ]);
  });

  it("works as a number where a number is wanted", async () => {
    const [row] = await t.spark.sql("SELECT CAST(2.50 AS DECIMAL(5,2)) d").collect();
    const d = row.d as Decimal;
    expect(d.toNumber()).toBe(2.5);
    expect(Number(d)).toBe(2.5);
    expect(+d * 2).toBe(5);
    expect(`${d}`).toBe("2.50");
    expect(d.compareTo("2.5")).toBe(0);
    expect(d.equals(Decimal.parse("2.50"))).toBe(true);
    expect(d.equals(Decimal.parse("2.5"))).toBe(false);
  });

  it("decimals nested in structs, arrays and maps", async () => {
    const [row] = await t.spark
      .sql(
        "SELECT named_struct('x', CAST(2.25 AS DECIMAL(5,2))) s, array(CAST(1 AS DECIMAL(3,1)), NULL) a, " +
          "map('k', CAST('123456789012345678.9' AS DECIMAL(20,1))) m",
      )
      .collect();
    expect(String((row.s as { x: Decimal }).x)).toBe("2.25");
    expect((row.a as (Decimal | null)[]).map((v) => (v === null ? null : v.toString()))).toEqual([
      "1.0",
      null,
    ]);
    expect(String((row.m as Record<string, Decimal>).k)).toBe("123456789012345678.9");
  });

  it("JSON.stringify of a row writes a decimal's exact digits", async () => {
    const rows = await t.spark
      .sql("SELECT CAST('12345678901234567890.123456789' AS DECIMAL(38,9)) d")
      .collect();
    expect(JSON.stringify(rows)).toBe('[{"d":"12345678901234567890.123456789"}]');
  });
});

describe("show() prints BigDecimal.toPlainString", () => {
  it("SELECT CAST('12345678901234567890.123456789' AS DECIMAL(38,9))", async () => {
    const df = t.spark.sql(
      "SELECT CAST('12345678901234567890.123456789' AS DECIMAL(38,9)) AS d, CAST(1.5 AS DECIMAL(10,2)) AS e",
    );
    expect(await shown(() => df.show(20, false))).toBe(
      [
        "+------------------------------+----+",
        "|d                             |e   |",
        "+------------------------------+----+",
        "|12345678901234567890.123456789|1.50|",
        "+------------------------------+----+",
        "",
      ].join("\n"),
    );
  });

  it("nested decimals and nulls", async () => {
    const df = t.spark.sql(
      "SELECT array(CAST(0.1 AS DECIMAL(38,18)), NULL) a, named_struct('x', CAST(-7 AS DECIMAL(3,1))) s",
    );
    expect(await shown(() => df.show(20, false))).toBe(
      [
        "+----------------------------+------+",
        "|a                           |s     |",
        "+----------------------------+------+",
        "|[0.100000000000000000, NULL]|{-7.0}|",
        "+----------------------------+------+",
        "",
      ].join("\n"),
    );
  });
});

describe("toJSON and to_json write the digits", () => {
  it("Dataset.toJSON of a DECIMAL(38,9)", async () => {
    const df = t.spark.sql(
      "SELECT CAST('12345678901234567890.123456789' AS DECIMAL(38,9)) AS d, CAST(1.5 AS DECIMAL(10,2)) AS e",
    );
    expect(await df.toJSON().collect()).toEqual([{ value: '{"d":12345678901234567890.123456789,"e":1.50}' }]);
  });

  it("to_json(struct(...))", async () => {
    const df = t.spark.sql("SELECT CAST('-98765432109876543210.5' AS DECIMAL(30,1)) AS d");
    const [row] = await df.select(to_json(struct(col("d"))).alias("j")).collect();
    expect(row.j).toBe('{"d":-98765432109876543210.5}');
  });
});

describe("Decimals into the engine keep their digits", () => {
  it("createDataFrame with a decimal schema", async () => {
    const df = t.spark.createDataFrame(
      [
        { a: Decimal.parse("12345678901234567890.123456789"), b: "1.005" },
        { a: 1.25, b: 2n },
        { a: null, b: null },
      ],
      "a decimal(38,9), b decimal(5,2)",
    );
    const rows = await df.collect();
    expect(rows.map((r) => [String(r.a), String(r.b)])).toEqual([
      ["12345678901234567890.123456789", "1.01"],
      ["1.250000000", "2.00"],
      ["null", "null"],
    ]);
  });

  it("createDataFrame infers DecimalType(38,18) for a Decimal, as PySpark's _infer_type", async () => {
    const df = t.spark.createDataFrame([{ d: Decimal.parse("1.5") }]);
    expect(df.schema.simpleString()).toBe("struct<d:decimal(38,18)>");
    const [row] = await df.collect();
    expect(String(row.d)).toBe("1.500000000000000000");
  });

  it("lit(Decimal) is Literal(BigDecimal): DecimalType.fromDecimal and its digits", async () => {
    const df = t.spark
      .range(1)
      .select(
        lit(Decimal.parse("12345678901234567890.123456789")).alias("a"),
        lit(Decimal.parse("0.001")).alias("b"),
      );
    expect(df.schema.simpleString()).toBe("struct<a:decimal(29,9),b:decimal(3,3)>");
    const [row] = await df.collect();
    expect([String(row.a), String(row.b)]).toEqual(["12345678901234567890.123456789", "0.001"]);
  });
});

describe("Decimal", () => {
  it("parses Java's BigDecimal text", () => {
    expect(Decimal.parse("1E+3").toString()).toBe("1000");
    expect(Decimal.parse("1.230E-5").toString()).toBe("0.00001230");
    expect(Decimal.parse("-0.50").scale).toBe(2);
    expect(() => Decimal.parse("abc")).toThrow(RangeError);
  });

  it("setScale rounds half up, as BigDecimal's HALF_UP", () => {
    expect(Decimal.parse("1.005").setScale(2).toString()).toBe("1.01");
    expect(Decimal.parse("-1.005").setScale(2).toString()).toBe("-1.01");
    expect(Decimal.parse("1.004").setScale(2).toString()).toBe("1.00");
    expect(Decimal.parse("2").setScale(3).toString()).toBe("2.000");
  });
});

/**
 * How Spark's CSV reader (univocity's parser) splits records into fields — `multiLine`, `unescapedQuoteHandling`,
 * `maxCharsPerColumn`, `charToEscapeQuoteEscaping`, `emptyValue` and `nullValue` on read — ported from Spark's
 * CSVSuite (sql/core/src/test/scala/org/apache/spark/sql/execution/datasources/csv/), with Spark's inputs
 * (its test-data files written byte for byte) and answers, in batch and through the streaming file source.
 *
 * Not ported: the CSVv1/CSVv2 suite split (one reader here) and the cases reading a Dataset[String] (typed
 * Dataset encoders); their inputs are written as files instead where the answer does not depend on it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTestSession, type TestSession } from "../testing/fixtures";

const utf8 = (s: string) => new TextEncoder().encode(s);

describe("CSVSuite: record parsing", () => {
  let t: TestSession;
  let n = 0;
  beforeAll(async () => {
    t = await newTestSession();
  });
  afterAll(() => t.cleanup());

  /** Writes `content` as the only file of a new directory and returns the directory. */
  const file = async (content: string) => {
    const dir = `/csv-parsing/${n++}`;
    await t.spark.fs.writeFile(`${dir}/part-0.csv`, utf8(content));
    return dir;
  };
  /** The error `f` fails with (a read may fail when the schema is inferred or when the rows are collected). */
  const failure = async (f: () => Promise<unknown>) => {
    try {
      await f();
    } catch (error) {
      return error as Error & { getCondition(): string; cause: Error & { getCondition(): string } };
    }
    throw new Error("expected a failure");
  };
  const rows = async (df: { collect(): Promise<Record<string, unknown>[]> }) =>
    (await df.collect()).map((r) => Object.values({ ...r }));

  it("parse unescaped quotes with maxCharsPerColumn", async () => {
    // test-data/unescaped-quotes.csv
    const dir = await file('"a"b,ccc,ddd\nab,cc"c,ddd"\n');
    const df = t.spark.read.format("csv").option("maxCharsPerColumn", "4").load(dir);
    expect(await rows(df)).toEqual([
      ['"a"b', "ccc", "ddd"],
      ["ab", 'cc"c', 'ddd"'],
    ]);
  });

  it("maxCharsPerColumn: a longer value fails the read, as univocity's TextParsingException", async () => {
    const dir = await file('"a"b,ccc,ddd\nab,cc"c,ddd"\n');
    const error = await failure(() =>
      t.spark.read.format("csv").option("maxCharsPerColumn", "3").load(dir).collect(),
    );
    expect(error.getCondition()).toBe("FAILED_READ_FILE.NO_HINT");
    expect(error.cause.message).toContain(
      "exceeds the maximum number of characters defined in your parser settings (3)",
    );
  });

  it("SPARK-33566: configure UnescapedQuoteHandling to parse unescaped quotes and unescaped delimiter data correctly", async () => {
    const dir = await file('c1,c2\n"a,""b,c","xyz"\n"a,b,c","x""yz"\n');
    const df = t.spark.read
      .option("inferSchema", "true")
      .option("header", "true")
      .option("unescapedQuoteHandling", "STOP_AT_CLOSING_QUOTE")
      .csv(dir);
    expect(await rows(df)).toEqual([
      ['a,""b,c', "xyz"],
      ["a,b,c", 'x""yz'],
    ]);
    // Without it (STOP_AT_DELIMITER, the default), the test's comment gives Spark's answer.
    const byDefault = t.spark.read.option("inferSchema", "true").option("header", "true").csv(dir);
    expect(await rows(byDefault)).toEqual([
      ['"a,""b', 'c"'],
      ["a,b,c", '"x""yz"'],
    ]);
  });

  it("unescapedQuoteHandling STOP_AT_DELIMITER, STOP_AT_CLOSING_QUOTE, SKIP_VALUE and RAISE_ERROR (univocity's cases)", async () => {
    const income = await file('"INCOME"."Taxable","EXPENSES"."TotalExpenses"\n');
    const readIncome = (handling: string) =>
      t.spark.read.option("unescapedQuoteHandling", handling).schema("x STRING, y STRING").csv(income);
    expect(await rows(readIncome("STOP_AT_DELIMITER"))).toEqual([
      ['"INCOME"."Taxable"', '"EXPENSES"."TotalExpenses"'],
    ]);
    expect(await rows(readIncome("stop_at_closing_quote"))).toEqual([
      ['INCOME"."Taxable', 'EXPENSES"."TotalExpenses'],
    ]);
    expect(await rows(readIncome("SKIP_VALUE"))).toEqual([[null, null]]);
    const dir = await file('"a"b,c\n');
    const read = (handling: string) =>
      t.spark.read.option("unescapedQuoteHandling", handling).schema("x STRING, y STRING").csv(dir);
    expect(await rows(read("SKIP_VALUE"))).toEqual([[null, "c"]]);
    const error = await failure(() => read("RAISE_ERROR").collect());
    expect(error.getCondition()).toBe("FAILED_READ_FILE.NO_HINT");
    expect(error.cause.message).toContain("Unescaped quote character '\"' inside quoted value of CSV field");
  });

  it("SPARK-17916: An empty string should not be coerced to null when nullValue is passed.", async () => {
    const df = t.spark.createDataFrame(
      [
        { id: 1, name: "John Doe" },
        { id: 2, name: "" },
        { id: 3, name: "-" },
        { id: 4, name: null },
      ],
      "id INT, name STRING",
    );
    await df.write.option("nullValue", "-").csv("/csv-parsing/17916a");
    const computed = t.spark.read.option("nullValue", "-").schema(df.schema).csv("/csv-parsing/17916a");
    expect(await rows(computed.orderBy("id"))).toEqual([
      [1, "John Doe"],
      [2, ""],
      [3, null],
      [4, null],
    ]);
    await df.write.csv("/csv-parsing/17916b");
    const byDefault = t.spark.read.schema(df.schema).csv("/csv-parsing/17916b");
    expect(await rows(byDefault.orderBy("id"))).toEqual([
      [1, "John Doe"],
      [2, null],
      [3, "-"],
      [4, null],
    ]);
  });

  it("SPARK-25241: An empty string should not be coerced to null when emptyValue is passed.", async () => {
    const df = t.spark.createDataFrame(
      [
        { id: 1, name: "John Doe" },
        { id: 2, name: "" },
        { id: 3, name: "-" },
        { id: 4, name: null },
      ],
      "id INT, name STRING",
    );
    await df.write.option("emptyValue", "-").csv("/csv-parsing/25241a");
    const computed = t.spark.read.option("emptyValue", "-").schema(df.schema).csv("/csv-parsing/25241a");
    expect(await rows(computed.orderBy("id"))).toEqual([
      [1, "John Doe"],
      [2, "-"],
      [3, "-"],
      [4, null],
    ]);
    await df.write.csv("/csv-parsing/25241b");
    const byDefault = t.spark.read.schema(df.schema).csv("/csv-parsing/25241b");
    expect(await rows(byDefault.orderBy("id"))).toEqual([
      [1, "John Doe"],
      [2, null],
      [3, "-"],
      [4, null],
    ]);
  });

  it("emptyValue on read: a quoted empty field reads as it", async () => {
    const dir = await file('a,"",\n');
    const df = t.spark.read.option("emptyValue", "EMPTY").csv(dir);
    expect(await rows(df)).toEqual([["a", "EMPTY", null]]);
  });

  const multiLineFile =
    '"\nstring","integer\n\n\n","long\n\n","bigInteger",double,boolean,null\n' +
    '"this is a\nsimple\nstring.","\n\n10","\n21474836470","92233720368547758070","\n\n1.7976931348623157E308",true,\n';

  it("SPARK-19610: Parse normal multi-line CSV files", async () => {
    const dir = await file(multiLineFile);
    const df = t.spark.read.option("header", true).option("multiLine", true).csv(dir);
    expect(df.columns).toEqual([
      "\nstring",
      "integer\n\n\n",
      "long\n\n",
      "bigInteger",
      "double",
      "boolean",
      "null",
    ]);
    expect(await rows(df)).toEqual([
      [
        "this is a\nsimple\nstring.",
        "\n\n10",
        "\n21474836470",
        "92233720368547758070",
        "\n\n1.7976931348623157E308",
        "true",
        null,
      ],
    ]);
  });

  it("multiLine false (the default): a line break inside quotes ends the record", async () => {
    const dir = await file('a,"b\nc",d\n');
    const df = t.spark.read.schema("x STRING, y STRING").csv(dir);
    // Spark reads each line on its own: `a,"b` (the quoted value runs to the line's end) and `c",d`.
    expect(await rows(df)).toEqual([
      ["a", "b"],
      ['c"', "d"],
    ]);
    const multi = t.spark.read.option("multiLine", true).schema("x STRING, y STRING, z STRING").csv(dir);
    expect(await rows(multi)).toEqual([["a", "b\nc", "d"]]);
  });

  it("test for FAILFAST parsing mode (multiLine true and false)", async () => {
    // test-data/cars.csv
    const cars =
      "\nyear,make,model,comment,blank\n" +
      '"2012","Tesla","S","No comment",\n\n' +
      '1997,Ford,E350,"Go get one now they are going fast",\n' +
      "2015,Chevy,Volt\n";
    const dir = await file(cars);
    for (const multiLine of [false, true]) {
      const error = await failure(() =>
        t.spark.read
          .format("csv")
          .option("multiLine", multiLine)
          .options({ header: "true", mode: "failfast" })
          .load(dir)
          .collect(),
      );
      expect(error.getCondition()).toBe("FAILED_READ_FILE.NO_HINT");
      expect(error.cause.getCondition()).toBe("MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION");
    }
  });

  it("charToEscapeQuoteEscaping on read: the escape before a quote is itself escaped", async () => {
    // Written by Spark's writer with escape '\\' and charToEscapeQuoteEscaping '#': the value `a\` followed by a
    // closing quote.
    const dir = await file('"a#\\",b\n');
    const df = t.spark.read.option("charToEscapeQuoteEscaping", "#").schema("x STRING, y STRING").csv(dir);
    expect(await rows(df)).toEqual([["a\\", "b"]]);
  });

  it("the streaming file source reads with the same options", async () => {
    const dir = await file('"this is a\nsimple\nstring.",1\n"x",2\n');
    const df = t.spark.readStream.schema("s STRING, i INT").option("multiLine", true).csv(dir);
    const query = await df.writeStream.format("memory").queryName("csvMultiLine").start();
    await query.processAllAvailable();
    await query.stop();
    expect(await rows(t.spark.sql("SELECT * FROM csvMultiLine ORDER BY i"))).toEqual([
      ["this is a\nsimple\nstring.", 1],
      ["x", 2],
    ]);
  });
});

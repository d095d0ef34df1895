/**
 * Spark's XPathExpressionSuite and XPathFunctionsSuite, with Spark's inputs and answers, run through SQL and
 * the functions API.
 *
 * Not ported:
 * - "SPARK-58209: XPath expressions are copied before evaluation" and "XPathExtract is stateful and fresh copies
 *   get their own evaluator": Catalyst's expression copies and their evaluators, which Sluice does not have.
 * - The exact text of the JDK's parser errors ("XML document structures must start and end within the same
 *   entity."): the parser here is @xmldom/xmldom, whose messages differ; the exception and its message's frame
 *   are Spark's.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import {
  col,
  lit,
  xpath,
  xpath_boolean,
  xpath_double,
  xpath_float,
  xpath_int,
  xpath_long,
  xpath_number,
  xpath_short,
  xpath_string,
} from "../api/functions";

let t: TestSession;
beforeAll(async () => {
  t = await newTestSession();
});
afterAll(() => t.cleanup());

const sqlString = (s: string | null) =>
  s === null ? "CAST(NULL AS STRING)" : `'${s.replaceAll("'", "''")}'`;

/** One call's value, as Spark's checkEvaluation of `fn(Literal(xml), Literal(path))`. */
async function evaluate(fn: string, xml: string | null, path: string | null): Promise<unknown> {
  const row = await t.spark.sql(`SELECT ${fn}(${sqlString(xml)}, ${sqlString(path)}) AS v`).first();
  return row?.v;
}

async function failure(fn: string, xml: string, path: string): Promise<Error & { cause?: unknown }> {
  try {
    await evaluate(fn, xml, path);
  } catch (error) {
    return error as Error;
  }
  throw new TypeError(`${fn}('${xml}', '${path}') did not fail`);
}

/** XPathExpressionSuite.testNullAndErrorBehavior. */
async function nullAndErrorBehavior(fn: string): Promise<void> {
  // null input should lead to null output
  expect(await evaluate(fn, "<a><b>b1</b><b id='b_2'>b2</b></a>", null)).toBeNull();
  expect(await evaluate(fn, null, "a")).toBeNull();
  expect(await evaluate(fn, null, null)).toBeNull();
  // Empty input should also lead to null output
  expect(await evaluate(fn, "", "a")).toBeNull();
  expect(await evaluate(fn, "<a></a>", "")).toBeNull();
  expect(await evaluate(fn, "", "")).toBeNull();
  // invalid XML document
  const e1 = await failure(fn, "<a>/a>", "a");
  expect(e1.name).toBe("RuntimeException");
  expect(e1.message).toBe("Error loading expression 'a'");
  expect(e1.cause).toBeInstanceOf(Error);
  // invalid xpath
  const e2 = await failure(fn, "<a></a>", "!#$");
  expect(e2.name).toBe("RuntimeException");
  expect(e2.message).toContain("Invalid XPath");
  expect(e2.message).toContain("!#$");
}

describe("XPathExpressionSuite", () => {
  it("xpath_boolean", async () => {
    expect(await evaluate("xpath_boolean", "<a><b>b</b></a>", "a/b")).toBe(true);
    expect(await evaluate("xpath_boolean", "<a><b>b</b></a>", "a/c")).toBe(false);
    expect(await evaluate("xpath_boolean", "<a><b>b</b></a>", 'a/b = "b"')).toBe(true);
    expect(await evaluate("xpath_boolean", "<a><b>b</b></a>", 'a/b = "c"')).toBe(false);
    expect(await evaluate("xpath_boolean", "<a><b>10</b></a>", "a/b < 10")).toBe(false);
    expect(await evaluate("xpath_boolean", "<a><b>10</b></a>", "a/b = 10")).toBe(true);
    await nullAndErrorBehavior("xpath_boolean");
  });

  it("xpath_short", async () => {
    expect(await evaluate("xpath_short", "<a>this is not a number</a>", "a")).toBe(0);
    expect(await evaluate("xpath_short", "<a>try a boolean</a>", "a = 10")).toBe(0);
    expect(
      await evaluate(
        "xpath_short",
        '<a><b class="odd">10000</b><b class="even">2</b><b class="odd">4</b><c>8</c></a>',
        'sum(a/b[@class="odd"])',
      ),
    ).toBe(10004);
    await nullAndErrorBehavior("xpath_short");
  });

  it("xpath_int", async () => {
    expect(await evaluate("xpath_int", "<a>this is not a number</a>", "a")).toBe(0);
    expect(await evaluate("xpath_int", "<a>try a boolean</a>", "a = 10")).toBe(0);
    expect(
      await evaluate(
        "xpath_int",
        '<a><b class="odd">100000</b><b class="even">2</b><b class="odd">4</b><c>8</c></a>',
        'sum(a/b[@class="odd"])',
      ),
    ).toBe(100004);
    await nullAndErrorBehavior("xpath_int");
  });

  it("xpath_long", async () => {
    expect(Number(await evaluate("xpath_long", "<a>this is not a number</a>", "a"))).toBe(0);
    expect(Number(await evaluate("xpath_long", "<a>try a boolean</a>", "a = 10"))).toBe(0);
    expect(
      BigInt(
        (await evaluate(
          "xpath_long",
          '<a><b class="odd">9000000000</b><b class="even">2</b><b class="odd">4</b><c>8</c></a>',
          'sum(a/b[@class="odd"])',
        )) as number | bigint,
      ),
    ).toBe(9000000004n);
    await nullAndErrorBehavior("xpath_long");
  });

  it("xpath_float", async () => {
    expect(await evaluate("xpath_float", "<a>this is not a number</a>", "a")).toBeNaN();
    expect(await evaluate("xpath_float", "<a>try a boolean</a>", "a = 10")).toBe(0);
    expect(
      await evaluate(
        "xpath_float",
        '<a><b class="odd">1</b><b class="even">2</b><b class="odd">4</b><c>8</c></a>',
        'sum(a/b[@class="odd"])',
      ),
    ).toBe(5);
    await nullAndErrorBehavior("xpath_float");
  });

  it("xpath_double", async () => {
    expect(await evaluate("xpath_double", "<a>this is not a number</a>", "a")).toBeNaN();
    expect(await evaluate("xpath_double", "<a>try a boolean</a>", "a = 10")).toBe(0);
    expect(
      await evaluate(
        "xpath_double",
        '<a><b class="odd">1</b><b class="even">2</b><b class="odd">4</b><c>8</c></a>',
        'sum(a/b[@class="odd"])',
      ),
    ).toBe(5);
    await nullAndErrorBehavior("xpath_double");
  });

  it("xpath_string", async () => {
    expect(await evaluate("xpath_string", "<a><b>bb</b><c>cc</c></a>", "a")).toBe("bbcc");
    expect(await evaluate("xpath_string", "<a><b>bb</b><c>cc</c></a>", "a/b")).toBe("bb");
    expect(await evaluate("xpath_string", "<a><b>bb</b><c>cc</c></a>", "a/c")).toBe("cc");
    expect(await evaluate("xpath_string", "<a><b>bb</b><c>cc</c></a>", "a/d")).toBe("");
    expect(await evaluate("xpath_string", "<a><b>b1</b><b>b2</b></a>", "//b")).toBe("b1");
    expect(await evaluate("xpath_string", "<a><b>b1</b><b>b2</b></a>", "a/b[1]")).toBe("b1");
    expect(await evaluate("xpath_string", "<a><b>b1</b><b id='b_2'>b2</b></a>", "a/b[@id='b_2']")).toBe("b2");
    await nullAndErrorBehavior("xpath_string");
  });

  it("xpath", async () => {
    const xml = "<a><b>b1</b><b>b2</b><b>b3</b><c>c1</c><c>c2</c></a>";
    expect(await evaluate("xpath", xml, "a/text()")).toEqual([]);
    expect(await evaluate("xpath", xml, "a/*/text()")).toEqual(["b1", "b2", "b3", "c1", "c2"]);
    expect(await evaluate("xpath", xml, "a/b/text()")).toEqual(["b1", "b2", "b3"]);
    expect(await evaluate("xpath", xml, "a/c/text()")).toEqual(["c1", "c2"]);
    expect(
      await evaluate(
        "xpath",
        "<a><b class='bb'>b1</b><b>b2</b><b>b3</b><c class='bb'>c1</c><c>c2</c></a>",
        "a/*[@class='bb']/text()",
      ),
    ).toEqual(["b1", "c1"]);
    const row = await t.spark.sql("SELECT coalesce(xpath('<a></a>', 'a')[0], 'nul') AS v").first();
    expect(row?.v).toBe("nul");
    await nullAndErrorBehavior("xpath");
  });

  it("accept only literal path", async () => {
    const fns = ["xpath_boolean", "xpath_short", "xpath_int", "xpath_long", "xpath_float", "xpath_double"];
    for (const fn of [...fns, "xpath_string"]) {
      // A constant path that is not a literal is accepted.
      expect(t.spark.sql(`SELECT ${fn}('abcd', concat('/', '/'))`).columns).toHaveLength(1);
      let error: unknown;
      try {
        t.spark.sql(`SELECT ${fn}('abcd', p) FROM VALUES ('/') AS v(p)`).columns;
      } catch (e) {
        error = e;
      }
      const e = error as { getCondition(): string; getMessageParameters(): Record<string, string> };
      expect(e.getCondition()).toBe("DATATYPE_MISMATCH.NON_FOLDABLE_INPUT");
      expect(e.getMessageParameters()).toMatchObject({
        inputName: "`path`",
        inputType: '"STRING"',
        inputExpr: '"p"',
      });
    }
  });
});

describe("XPathFunctionsSuite", () => {
  it("xpath_boolean", async () => {
    const df = t.spark.createDataFrame([["<a><b>b</b></a>"]], "xml string");
    expect((await df.selectExpr("xpath_boolean(xml, 'a/b')").collect()).map((r) => Object.values(r))).toEqual(
      [[true]],
    );
    expect(
      (await df.select(xpath_boolean(col("xml"), lit("a/b"))).collect()).map((r) => Object.values(r)),
    ).toEqual([[true]]);
  });

  it("xpath_short, xpath_int, xpath_long", async () => {
    const df = t.spark.createDataFrame([["<a><b>1</b><b>2</b></a>"]], "xml string");
    const sql = df.selectExpr(
      "xpath_short(xml, 'sum(a/b)')",
      "xpath_int(xml, 'sum(a/b)')",
      "xpath_long(xml, 'sum(a/b)')",
    );
    expect(sql.schema.simpleString()).toBe(
      "struct<xpath_short(xml, sum(a/b)):smallint,xpath_int(xml, sum(a/b)):int,xpath_long(xml, sum(a/b)):bigint>",
    );
    const api = df.select(
      xpath_short(col("xml"), lit("sum(a/b)")),
      xpath_int(col("xml"), lit("sum(a/b)")),
      xpath_long(col("xml"), lit("sum(a/b)")),
    );
    for (const d of [sql, api]) {
      const [row] = (await d.collect()).map((r) => Object.values(r).map(Number));
      expect(row).toEqual([3, 3, 3]);
    }
  });

  it("xpath_float, xpath_double, xpath_number", async () => {
    const df = t.spark.createDataFrame([["<a><b>1.0</b><b>2.1</b></a>"]], "xml string");
    const sql = df.selectExpr(
      "xpath_float(xml, 'sum(a/b)')",
      "xpath_double(xml, 'sum(a/b)')",
      "xpath_number(xml, 'sum(a/b)')",
    );
    const api = df.select(
      xpath_float(col("xml"), lit("sum(a/b)")),
      xpath_double(col("xml"), lit("sum(a/b)")),
      xpath_number(col("xml"), lit("sum(a/b)")),
    );
    for (const d of [sql, api]) {
      expect(d.schema.fields.map((f) => f.dataType.simpleString())).toEqual(["float", "double", "double"]);
      const [row] = (await d.collect()).map((r) => Object.values(r));
      expect(row).toEqual([Math.fround(3.1), 3.1, 3.1]);
    }
  });

  it("xpath_string", async () => {
    const df = t.spark.createDataFrame([["<a><b>b</b><c>cc</c></a>"]], "xml string");
    expect((await df.selectExpr("xpath_string(xml, 'a/c')").collect()).map((r) => Object.values(r))).toEqual([
      ["cc"],
    ]);
    expect(
      (await df.select(xpath_string(col("xml"), lit("a/c"))).collect()).map((r) => Object.values(r)),
    ).toEqual([["cc"]]);
  });

  it("xpath", async () => {
    const df = t.spark.createDataFrame(
      [["<a><b>b1</b><b>b2</b><b>b3</b><c>c1</c><c>c2</c></a>"]],
      "xml string",
    );
    const sql = df.selectExpr("xpath(xml, 'a/*/text()')");
    expect(sql.schema.simpleString()).toBe("struct<xpath(xml, a/*/text()):array<string>>");
    expect((await sql.collect()).map((r) => Object.values(r))).toEqual([[["b1", "b2", "b3", "c1", "c2"]]]);
    expect(
      (await df.select(xpath(col("xml"), lit("a/*/text()"))).collect()).map((r) => Object.values(r)),
    ).toEqual([[["b1", "b2", "b3", "c1", "c2"]]]);
  });
});

describe("xpath functions' examples (ExpressionDescription)", () => {
  it("each function's documented example", async () => {
    const row = await t.spark
      .sql(
        `SELECT xpath_boolean('<a><b>1</b></a>','a/b') AS b,
          xpath_short('<a><b>1</b><b>2</b></a>', 'sum(a/b)') AS s,
          xpath_double('<a><b>1</b><b>2</b></a>', 'sum(a/b)') AS d,
          xpath_string('<a><b>b</b><c>cc</c></a>','a/c') AS str,
          xpath('<a><b>b1</b><b>b2</b><b>b3</b><c>c1</c><c>c2</c></a>','a/b/text()') AS l,
          xpath('<a><b>1</b><b>2</b></a>', 'a/b') AS elements`,
      )
      .first();
    expect(Object.values(row ?? {})).toEqual([true, 3, 3, "cc", ["b1", "b2", "b3"], [null, null]]);
  });
});

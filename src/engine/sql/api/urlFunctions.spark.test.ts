/**
 * Spark's url-functions.sql (sql-tests), StringFunctionsSuite's "string parse_url function" and the
 * `@ExpressionDescription` examples of ParseUrl, UrlEncode, UrlDecode, TryUrlDecode and StringToMap, with
 * Spark 4's inputs and answers (ANSI mode, Spark 4's default).
 *
 * Not ported:
 * - parse_url of an invalid URL with spark.sql.ansi.enabled=false (NULL on Spark): Sluice fails it as in ANSI
 *   mode; try_parse_url gives the NULL (the compatibility table says so).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import { col, lit, parse_url, str_to_map, try_url_decode, url_decode, url_encode } from "./functions";

let t: TestSession;
beforeAll(async () => {
  t = await newTestSession();
});
afterAll(() => t.cleanup());

const value = async (sql: string) => {
  const df = t.spark.sql(sql);
  const row = await df.first();
  return row?.[df.columns[0]];
};

const failure = async (sql: string) => {
  try {
    await t.spark.sql(sql).collect();
  } catch (e) {
    const error = e as { getCondition?: () => string; name: string; getMessageParameters?: () => unknown };
    return {
      condition: error.getCondition?.(),
      name: error.name,
      parameters: error.getMessageParameters?.(),
    };
  }
  return undefined;
};

const URL = "http://userinfo@spark.apache.org/path?query=1#Ref";

describe("url-functions.sql", () => {
  it("parse_url's parts", async () => {
    const answers: [string, string][] = [
      ["HOST", "spark.apache.org"],
      ["PATH", "/path"],
      ["QUERY", "query=1"],
      ["REF", "Ref"],
      ["PROTOCOL", "http"],
      ["FILE", "/path?query=1"],
      ["AUTHORITY", "userinfo@spark.apache.org"],
      ["USERINFO", "userinfo"],
    ];
    for (const [part, answer] of answers) {
      const df = t.spark.sql(`select parse_url('${URL}', '${part}')`);
      expect(df.columns).toEqual([`parse_url(${URL}, ${part})`]);
      expect((await df.first())?.[df.columns[0]]).toBe(answer);
    }
  });

  it("url_encode", async () => {
    expect(await value("select url_encode('https://spark.apache.org')")).toBe(
      "https%3A%2F%2Fspark.apache.org",
    );
    expect(await value("select url_encode('inva lid://user:pass@host/file\\\\;param?query\\\\;p2')")).toBe(
      "inva+lid%3A%2F%2Fuser%3Apass%40host%2Ffile%5C%3Bparam%3Fquery%5C%3Bp2",
    );
    expect(await value("select url_encode(null)")).toBeNull();
  });

  it("url_decode", async () => {
    expect(await value("select url_decode('https%3A%2F%2Fspark.apache.org')")).toBe(
      "https://spark.apache.org",
    );
    expect(await failure("select url_decode('http%3A%2F%2spark.apache.org')")).toEqual({
      condition: "CANNOT_DECODE_URL",
      name: "IllegalArgumentException",
      parameters: { url: "http%3A%2F%2spark.apache.org" },
    });
    expect(await value("select url_decode('inva lid://user:pass@host/file\\\\;param?query\\\\;p2')")).toBe(
      "inva lid://user:pass@host/file\\;param?query\\;p2",
    );
    expect(await value("select url_decode(null)")).toBeNull();
  });

  it("try_url_decode", async () => {
    expect(await value("select try_url_decode('https%3A%2F%2Fspark.apache.org')")).toBe(
      "https://spark.apache.org",
    );
    expect(await value("select try_url_decode('http%3A%2F%2spark.apache.org')")).toBeNull();
    expect(
      await value("select try_url_decode('inva lid://user:pass@host/file\\\\;param?query\\\\;p2')"),
    ).toBe("inva lid://user:pass@host/file\\;param?query\\;p2");
    expect(await value("select try_url_decode(null)")).toBeNull();
  });

  it("parse_url of an invalid URL in ANSI mode, try_parse_url", async () => {
    const bad = "inva lid://user:pass@host/file\\\\;param?query\\\\;p2";
    expect(await failure(`select parse_url('${bad}', 'HOST')`)).toMatchObject({
      condition: "INVALID_URL",
      name: "IllegalArgumentException",
    });
    expect(await value(`select try_parse_url('${bad}', 'HOST')`)).toBeNull();
    expect(await value(`select try_parse_url('${URL}', 'HOST')`)).toBe("spark.apache.org");
  });
});

describe("StringFunctionsSuite and the expressions' examples", () => {
  it("string parse_url function", async () => {
    const df = t.spark.createDataFrame([{ url: URL }], "url string");
    const parts = ["HOST", "PATH", "QUERY", "REF", "PROTOCOL", "FILE", "AUTHORITY", "USERINFO"];
    const row = await df
      .selectExpr(...parts.map((p) => `parse_url(url, '${p}')`), "parse_url(url, 'QUERY', 'query')")
      .collect();
    expect(row.map((r) => Object.values(r))).toEqual([
      [
        "spark.apache.org",
        "/path",
        "query=1",
        "Ref",
        "http",
        "/path?query=1",
        "userinfo@spark.apache.org",
        "userinfo",
        "1",
      ],
    ]);
  });

  it("ParseUrl's examples, a missing key and part", async () => {
    const u = "http://spark.apache.org/path?query=1";
    expect(await value(`SELECT parse_url('${u}', 'HOST')`)).toBe("spark.apache.org");
    expect(await value(`SELECT parse_url('${u}', 'QUERY')`)).toBe("query=1");
    expect(await value(`SELECT parse_url('${u}', 'QUERY', 'query')`)).toBe("1");
    expect(await value(`SELECT parse_url('${u}', 'QUERY', 'other')`)).toBeNull();
    expect(await value(`SELECT parse_url('${u}', 'REF')`)).toBeNull();
    expect(await value(`SELECT parse_url('${u}', 'host')`)).toBeNull();
    expect(await value("SELECT parse_url('http://spark.apache.org', 'PATH')")).toBe("");
  });

  it("url functions through the API", async () => {
    const df = t.spark.createDataFrame([{ u: URL, e: "a b*~" }], "u string, e string");
    const row = await df
      .select(
        parse_url(col("u"), lit("QUERY"), lit("query")).alias("q"),
        url_encode("e").alias("enc"),
        url_decode(lit("a+b%2A")).alias("dec"),
        try_url_decode(lit("%")).alias("bad"),
      )
      .first();
    expect(row).toEqual({ q: "1", enc: "a+b*%7E", dec: "a b*", bad: null });
  });

  it("StringToMap's examples", async () => {
    const m = await value("SELECT str_to_map('a:1,b:2,c:3', ',', ':')");
    expect(m instanceof Map ? Object.fromEntries(m) : m).toEqual({ a: "1", b: "2", c: "3" });
    const single = await value("SELECT str_to_map('a')");
    expect(single instanceof Map ? Object.fromEntries(single) : single).toEqual({ a: null });
    const df = t.spark.sql("SELECT 'a=1&b=2' AS s").select(str_to_map("s", lit("&"), lit("=")).alias("m"));
    expect(df.schema.simpleString()).toBe("struct<m:map<string,string>>");
    const api = (await df.first())?.m;
    expect(api instanceof Map ? Object.fromEntries(api) : api).toEqual({ a: "1", b: "2" });
  });
});

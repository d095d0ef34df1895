/**
 * Spark's functions whose parameter is a BINARY (Base64, Md5, Sha1, Sha2, Crc32) or a STRING or BINARY (Length,
 * OctetLength, BitLength): a binary argument is taken as it is, a string as its UTF-8 bytes (the implicit cast
 * Spark adds). Inputs and answers are the examples of each function's ExpressionDescription in Spark's source
 * (`md5('Spark')`, `octet_length(x'537061726b2053514c')`...), the same bytes given both ways.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTestSession, type TestSession } from "../../testing/fixtures";

let t: TestSession;
beforeAll(async () => {
  t = await newTestSession();
}, 120_000);
afterAll(() => t.cleanup());

/** The schema and the single row of a query. */
async function run(sql: string): Promise<{ schema: string; row: unknown[] }> {
  const df = t.spark.sql(sql);
  const [row] = await df.collect();
  return { schema: df.schema.simpleString(), row: Object.values(row as object) };
}

describe("binary parameters take a binary, and a string as its UTF-8 bytes", () => {
  it.each([
    ["base64", "x'537061726b2053514c'", "'Spark SQL'", "U3BhcmsgU1FM", "string"],
    ["md5", "x'537061726b'", "'Spark'", "8cde774d6f7333752ed72cacddb05126", "string"],
    ["sha1", "x'537061726b'", "'Spark'", "85f5955f4b27a9a4c2aab6ffe5d7189fc298b92c", "string"],
    ["sha", "x'537061726b'", "'Spark'", "85f5955f4b27a9a4c2aab6ffe5d7189fc298b92c", "string"],
    ["crc32", "x'537061726b'", "'Spark'", 1557323817, "bigint"],
  ])("%s(%s) and %s(%s)", async (fn, binary, text, expected, type) => {
    const { schema, row } = await run(`select ${fn}(${binary}) as b, ${fn}(${text}) as s`);
    expect(schema).toBe(`struct<b:${type},s:${type}>`);
    expect(row.map((v) => (typeof v === "bigint" ? Number(v) : v))).toEqual([expected, expected]);
  });

  it("sha2(x'537061726b', 256) and sha2('Spark', 256)", async () => {
    const expected = "529bc3b07127ecb7e53a4dcf1991d9152c24537d919178022b2c42657f79a26b";
    expect((await run("select sha2(x'537061726b', 256), sha2('Spark', 256)")).row).toEqual([
      expected,
      expected,
    ]);
  });

  it("base64 of encode(...): the binary encode makes", async () => {
    expect((await run("select base64(encode('Spark SQL', 'utf-8'))")).row).toEqual(["U3BhcmsgU1FM"]);
  });

  it("a number is no binary: DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE naming BINARY", () => {
    let error: unknown;
    try {
      t.spark.sql("select base64(1)");
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ errorClass: "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE" });
    expect((error as Error).message).toContain('requires the "BINARY" type');
  });
});

describe("length, octet_length and bit_length of a string or a binary", () => {
  it("a binary's length counts its bytes, binary zeros included; a string's its characters; both int", async () => {
    const { schema, row } = await run(
      "select length(x'537061726b2053514c20') as a, length('Spark SQL ') as b, char_length(x'00ff') as c, length('😀') as d",
    );
    expect(schema).toBe("struct<a:int,b:int,c:int,d:int>");
    expect(row).toEqual([10, 10, 2, 1]);
  });

  it("octet_length and bit_length: bytes and bits, of a binary or a string's UTF-8", async () => {
    const { row } = await run(
      "select octet_length(x'537061726b2053514c'), octet_length('Spark SQL'), bit_length(x'537061726b2053514c'), bit_length('Spark SQL'), octet_length('😀')",
    );
    expect(row).toEqual([9, 9, 72, 72, 4]);
  });
});

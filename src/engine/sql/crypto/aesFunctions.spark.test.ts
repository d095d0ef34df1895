/**
 * Spark's AES functions: QueryExecutionErrorsSuite's AES cases (getAesInputs: values Spark encrypted in ECB
 * under 16-, 24- and 32-byte keys), CollationSQLExpressionsSuite's fixed-IV answers for ECB, GCM and CBC
 * ("Support AesEncrypt misc expression with collation"), and round trips through every mode, with Spark's
 * inputs and answers.
 *
 * Not ported: the collation half of those cases (the result type's collation), which is not about AES.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import { aes_decrypt, aes_encrypt, col, lit, try_aes_decrypt } from "../api/functions";

let t: TestSession;
beforeAll(async () => {
  t = await newTestSession();
});
afterAll(() => t.cleanup());

const value = async (sql: string): Promise<unknown> => {
  const row = await t.spark.sql(`SELECT ${sql} AS v`).first();
  return row?.v;
};

async function failure(
  sql: string,
): Promise<{ condition?: string; params: Record<string, string>; sqlState?: string }> {
  try {
    await value(sql);
  } catch (e) {
    const err = e as {
      getCondition?: () => string;
      getMessageParameters?: () => Record<string, string>;
      getSqlState?: () => string;
    };
    return {
      condition: err.getCondition?.(),
      params: err.getMessageParameters?.() ?? {},
      sqlState: err.getSqlState?.(),
    };
  }
  throw new TypeError(`${sql} did not fail`);
}

const KEY16 = "abcdefghijklmnop";
const KEY24 = "abcdefghijklmnop12345678";
const KEY32 = "abcdefghijklmnop12345678ABCDEFGH";
/** QueryExecutionErrorsSuite.getAesInputs: 'Spark' and '' as Spark encrypted them in ECB. */
const ENCRYPTED = {
  16: { text: "4Hv0UKCx6nfUeAoPZo1z+w==", empty: "jmTOhz8XTbskI/zYFFgOFQ==", key: KEY16 },
  24: { text: "NeTYNgA+PCQBN50DA//O2w==", empty: "9RDK70sHNzqAFRcpfGM5gQ==", key: KEY24 },
  32: { text: "9J3iZbIxnmaG+OIA9Amd+A==", empty: "j9IDsCvlYXtcVJUf4FAjQQ==", key: KEY32 },
};

describe("AES with Spark's fixed answers", () => {
  it("Support AesEncrypt misc expression: ECB, GCM and CBC with fixed IVs", async () => {
    expect(await value("hex(aes_encrypt('Spark', '1234567890abcdef', 'ECB'))")).toBe(
      "8DE7DB79A23F3E8ED530994DDEA98913",
    );
    expect(await value("hex(aes_encrypt('Spark', '1234567890abcdef', 'ECB', 'DEFAULT', ''))")).toBe(
      "8DE7DB79A23F3E8ED530994DDEA98913",
    );
    expect(
      await value(
        "hex(aes_encrypt('Spark', '1234567890abcdef', 'GCM', 'DEFAULT', unhex('000000000000000000000000')))",
      ),
    ).toBe("00000000000000000000000046596B2DE09C729FE48A0F81A00A4E7101DABEB61D");
    expect(
      await value(
        "hex(aes_encrypt('Spark', '1234567890abcdef', 'CBC', 'DEFAULT', unhex('00000000000000000000000000000000')))",
      ),
    ).toBe("000000000000000000000000000000008DE7DB79A23F3E8ED530994DDEA98913");
  });

  it("decrypts what Spark encrypted (getAesInputs)", async () => {
    for (const { text, empty, key } of Object.values(ENCRYPTED)) {
      expect(await value(`CAST(aes_decrypt(unbase64('${text}'), '${key}', 'ECB') AS STRING)`)).toBe("Spark");
      expect(await value(`CAST(aes_decrypt(unbase64('${empty}'), '${key}', 'ECB') AS STRING)`)).toBe("");
      expect(await value(`hex(aes_encrypt('Spark', '${key}', 'ECB')) = hex(unbase64('${text}'))`)).toBe(true);
    }
  });

  it("decrypts Spark's GCM and CBC layouts: IV first, GCM's tag last", async () => {
    expect(
      await value(
        "CAST(aes_decrypt(unhex('00000000000000000000000046596B2DE09C729FE48A0F81A00A4E7101DABEB61D'), '1234567890abcdef') AS STRING)",
      ),
    ).toBe("Spark");
    expect(
      await value(
        "CAST(aes_decrypt(unhex('000000000000000000000000000000008DE7DB79A23F3E8ED530994DDEA98913'), '1234567890abcdef', 'CBC') AS STRING)",
      ),
    ).toBe("Spark");
  });
});

describe("AES round trips", () => {
  it("every mode and key length, GCM with additional authenticated data", async () => {
    for (const key of [KEY16, KEY24, KEY32]) {
      for (const mode of ["GCM", "CBC", "ECB"]) {
        expect(
          await value(
            `CAST(aes_decrypt(aes_encrypt('Spark SQL', '${key}', '${mode}'), '${key}', '${mode}') AS STRING)`,
          ),
        ).toBe("Spark SQL");
      }
      expect(
        await value(
          `CAST(aes_decrypt(aes_encrypt('Spark', '${key}', 'GCM', 'DEFAULT', '', 'This is an AAD mixed into the input'), '${key}', 'GCM', 'DEFAULT', 'This is an AAD mixed into the input') AS STRING)`,
        ),
      ).toBe("Spark");
    }
  });

  it("GCM's random IV: one value encrypted on two rows differs, both decrypt", async () => {
    const rows = await t.spark
      .sql(`SELECT aes_encrypt('Spark', '${KEY16}') AS a FROM VALUES (1), (2) AS v(n)`)
      .collect();
    const [a, b] = rows.map((r) => r.a as Uint8Array);
    expect(a.length).toBe(12 + 5 + 16);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });

  it("null in, null out", async () => {
    expect(await value(`aes_encrypt(CAST(NULL AS BINARY), '${KEY16}')`)).toBeNull();
    expect(await value("aes_encrypt('Spark', CAST(NULL AS STRING))")).toBeNull();
    expect(await value(`aes_decrypt(CAST(NULL AS BINARY), '${KEY16}')`)).toBeNull();
  });

  it("the functions API and the result type", async () => {
    const df = t.spark.createDataFrame([["Spark"]], "value string");
    const out = df.select(
      aes_decrypt(aes_encrypt(col("value"), lit(KEY16), lit("CBC")), lit(KEY16), lit("CBC")).alias("cbc"),
      aes_decrypt(aes_encrypt(col("value"), lit(KEY16)), lit(KEY16)).alias("gcm"),
      try_aes_decrypt(aes_encrypt(col("value"), lit(KEY16)), lit(KEY24)).alias("wrong"),
    );
    expect(out.schema.simpleString()).toBe("struct<cbc:binary,gcm:binary,wrong:binary>");
    const [row] = await out.collect();
    expect(new TextDecoder().decode(row.cbc as Uint8Array)).toBe("Spark");
    expect(new TextDecoder().decode(row.gcm as Uint8Array)).toBe("Spark");
    expect(row.wrong).toBeNull();
  });
});

describe("QueryExecutionErrorsSuite: AES errors", () => {
  it("INVALID_PARAMETER_VALUE: invalid key lengths in AES functions", async () => {
    const check = async (sql: string, bytes: number) => {
      expect(await failure(sql)).toEqual({
        condition: "INVALID_PARAMETER_VALUE.AES_KEY_LENGTH",
        params: {
          parameter: "`key`",
          functionName: "`aes_encrypt`/`aes_decrypt`",
          actualLength: String(bytes),
        },
        sqlState: "22023",
      });
    };
    await check("aes_encrypt('Spark', '12345678901234567')", 17);
    await check("aes_encrypt('Spark', binary('123456789012345'))", 15);
    await check("aes_encrypt('Spark', binary(''))", 0);
    for (const { text } of Object.values(ENCRYPTED)) {
      await check(`aes_decrypt(unbase64('${text}'), '12345678901234567')`, 17);
      await check(`aes_decrypt(unbase64('${text}'), binary('123456789012345'))`, 15);
      await check(`aes_decrypt(unbase64('${text}'), '')`, 0);
    }
  });

  it("INVALID_PARAMETER_VALUE: AES decrypt failure - key mismatch", async () => {
    const keys = {
      16: "1234567812345678",
      24: "123456781234567812345678",
      32: "12345678123456781234567812345678",
    };
    for (const [bits, { text }] of Object.entries(ENCRYPTED)) {
      const key = keys[Number(bits) as 16 | 24 | 32];
      expect(await failure(`aes_decrypt(unbase64('${text}'), binary('${key}'), 'ECB')`)).toEqual({
        condition: "INVALID_PARAMETER_VALUE.AES_CRYPTO_ERROR",
        params: {
          parameter: "`expr`, `key`",
          functionName: "`aes_encrypt`/`aes_decrypt`",
          detailMessage:
            "Given final block not properly padded. Such issues can arise if a bad key is used during decryption.",
        },
        sqlState: "22023",
      });
      expect(await value(`try_aes_decrypt(unbase64('${text}'), binary('${key}'), 'ECB')`)).toBeNull();
    }
  });

  it("UNSUPPORTED_FEATURE: unsupported combinations of AES modes and padding", async () => {
    const check = async (sql: string, mode: string, padding: string) => {
      expect(await failure(sql)).toEqual({
        condition: "UNSUPPORTED_FEATURE.AES_MODE",
        params: { mode, padding, functionName: "`aes_encrypt`/`aes_decrypt`" },
        sqlState: "0A000",
      });
    };
    await check(`aes_encrypt('Spark', '${KEY16}', 'ECB', 'NoPadding')`, "ECB", "NoPadding");
    await check(`aes_decrypt(unbase64('${ENCRYPTED[16].text}'), '${KEY16}', 'GSM')`, "GSM", "DEFAULT");
    await check(`aes_decrypt(unbase64('${ENCRYPTED[16].text}'), '${KEY16}', 'GCM', 'PKCS')`, "GCM", "PKCS");
    await check(`aes_decrypt(unbase64('${ENCRYPTED[32].text}'), '${KEY32}', 'ECB', 'None')`, "ECB", "None");
  });

  it("an IV of the wrong length, an IV for ECB, AAD for CBC", async () => {
    expect(await failure(`aes_encrypt('Spark', '${KEY16}', 'GCM', 'DEFAULT', unhex('0000'))`)).toMatchObject({
      condition: "INVALID_PARAMETER_VALUE.AES_IV_LENGTH",
      params: { mode: "GCM", actualLength: "2" },
    });
    expect(await failure(`aes_encrypt('Spark', '${KEY16}', 'ECB', 'DEFAULT', unhex('00'))`)).toMatchObject({
      condition: "UNSUPPORTED_FEATURE.AES_MODE_IV",
      params: { mode: "ECB", functionName: "`aes_encrypt`" },
    });
    expect(await failure(`aes_encrypt('Spark', '${KEY16}', 'CBC', 'DEFAULT', '', 'aad')`)).toMatchObject({
      condition: "UNSUPPORTED_FEATURE.AES_MODE_AAD",
      params: { mode: "CBC", functionName: "`aes_encrypt`" },
    });
  });

  it("WRONG_NUM_ARGS", async () => {
    expect(await failure("aes_encrypt('Spark')")).toMatchObject({
      condition: "WRONG_NUM_ARGS.WITHOUT_SUGGESTION",
      params: { expectedNum: "[2, 3, 4, 5, 6]", actualNum: "1" },
    });
  });
});

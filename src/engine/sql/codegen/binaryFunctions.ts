/**
 * issue 11: Spark's `to_binary` and `try_to_binary` (ToBinary, TryToBinary) as DuckDB SQL. The format (default
 * 'hex', any case) picks the conversion ToBinary's replacement makes: 'hex' is Unhex (an odd number of digits
 * reads a leading 0), 'utf-8' or 'utf8' is Encode to UTF-8, 'base64' is UnBase64 (RFC 4648, white space ignored,
 * padding optional). Malformed input raises CONVERSION_INVALID_INPUT, and a format that is none of them
 * INVALID_PARAMETER_VALUE.BINARY_FORMAT; try_to_binary gives null for both.
 */
import { invalidBinaryFormat } from "../../errors/QueryCompilationErrors";
import { toSQLId } from "../../errors/QueryErrorsBase";
import { raiseErrorSql } from "../../errors/QueryExecutionErrors";
import type { Expression } from "../expressions";
import { TO_BINARY_NOTE } from "./bitNotes";
import { type FunctionSpec, partially, S } from "./functionSpecs";

const FORMATS = ["hex", "utf-8", "utf8", "base64"];

/** Whether `s` is valid as UnBase64.isValidBase64 reads it: base64 characters, then at most the padding due. */
const validBase64 = (s: string) =>
  `list_transform([regexp_replace(${s}, '\\s', '', 'g')], lambda __b: regexp_full_match(__b, '[A-Za-z0-9+/]*={0,2}')
    AND list_transform([{'p': length(rtrim(__b, '=')) % 4, 'k': length(__b) - length(rtrim(__b, '='))}], lambda __c:
      (__c.k = 0 AND __c.p <> 1) OR (__c.k = 1 AND __c.p IN (2, 3)) OR (__c.k = 2 AND __c.p = 2))[1])[1]`;

/** The bytes of a valid base64 string: white space and padding dropped, then padded as DuckDB's from_base64 needs. */
const decodeBase64 = (s: string) =>
  `list_transform([rtrim(regexp_replace(${s}, '\\s', '', 'g'), '=')], lambda __d: from_base64(__d || repeat('=', (4 - length(__d) % 4) % 4)))[1]`;

/** Hex digits (an odd count reads a leading 0) as bytes. */
const decodeHex = (s: string) => `from_hex(CASE WHEN length(${s}) % 2 = 1 THEN '0' || ${s} ELSE ${s} END)`;

/** The binary of `s` in `format` (lower case), null where it is malformed and `strict` is off. */
function convert(s: string, format: string, strict: boolean): string {
  const malformed = (fmt: string) =>
    strict
      ? `CAST(${raiseErrorSql("SparkIllegalArgumentException", "CONVERSION_INVALID_INPUT", {
          str: `'''' || ${s} || ''''`,
          fmt: `'''${fmt}'''`,
          targetType: `'"BINARY"'`,
          suggestion: `'${toSQLId("try_to_binary")}'`,
        })} AS BLOB)`
      : "CAST(NULL AS BLOB)";
  switch (format) {
    case "hex":
      return `(CASE WHEN ${s} IS NULL THEN NULL WHEN regexp_full_match(${s}, '[0-9A-Fa-f]*') THEN ${decodeHex(s)} ELSE ${malformed("HEX")} END)`;
    case "utf-8":
    case "utf8":
      return `encode(${s})`;
    default:
      return `(CASE WHEN ${s} IS NULL THEN NULL WHEN ${validBase64(s)} THEN ${decodeBase64(s)} ELSE ${malformed("BASE64")} END)`;
  }
}

function toBinary(name: "to_binary" | "try_to_binary"): FunctionSpec {
  const strict = name === "to_binary";
  return {
    sql: (a, raw: readonly Expression[]) => {
      const f = raw[1];
      if (f === undefined) return convert(a[0], "hex", strict);
      if (f.kind === "literal" && (f.value === null || f.value === undefined)) return "CAST(NULL AS BLOB)";
      if (f.kind === "literal" && typeof f.value === "string") {
        const format = f.value.toLowerCase();
        if (!FORMATS.includes(format)) {
          if (!strict) return "CAST(NULL AS BLOB)";
          throw invalidBinaryFormat(name, format);
        }
        return convert(a[0], format, strict);
      }
      // A format computed by an expression (`concat('utf', '-8')`) is read as the row runs.
      const fmt = `lower(${a[1]})`;
      const invalid = strict
        ? `CAST(${raiseErrorSql("SparkIllegalArgumentException", "INVALID_PARAMETER_VALUE.BINARY_FORMAT", {
            parameter: `'${toSQLId("format")}'`,
            functionName: `'${toSQLId(name)}'`,
            invalidFormat: `'''' || ${fmt} || ''''`,
          })} AS BLOB)`
        : "CAST(NULL AS BLOB)";
      return `(CASE WHEN ${fmt} IS NULL THEN NULL WHEN ${fmt} = 'hex' THEN ${convert(a[0], "hex", strict)} WHEN ${fmt} IN ('utf-8', 'utf8') THEN ${convert(a[0], "utf-8", strict)} WHEN ${fmt} = 'base64' THEN ${convert(a[0], "base64", strict)} ELSE ${invalid} END)`;
    },
    minArgs: 1,
    maxArgs: 2,
    inputTypes: [S, S],
  };
}

export const BINARY_FUNCTIONS: Record<string, FunctionSpec> = {
  to_binary: partially(toBinary("to_binary"), TO_BINARY_NOTE),
  try_to_binary: partially(toBinary("try_to_binary"), TO_BINARY_NOTE),
};

/**
 * issue 11: Spark's bit and number functions as DuckDB SQL: `bit_get` / `getbit` (BitwiseGet), `shiftrightunsigned`
 * (ShiftRightUnsigned), `conv` (Conv over NumberConverter), `nullifzero` and `zeroifnull`. Each follows the Scala
 * or Java it stands for; unsigned 64-bit values are HUGEINTs in [0, 2^64).
 */
import { unexpectedInputType } from "../../errors/QueryCompilationErrors";
import { toSQLId } from "../../errors/QueryErrorsBase";
import { raiseErrorSql } from "../../errors/QueryExecutionErrors";
import { expressionSql } from "../analysis/naming";
import type { Expression } from "../expressions";
import { AtomicType, type DataType, StringType } from "../types";
import { CONV_NOTE } from "./bitNotes";
import { type FunctionSpec, I, N, partially, sqlOf } from "./functionSpecs";

const BITS: Readonly<Record<string, number>> = { byte: 8, short: 16, integer: 32, long: 64 };

const atomic = (t: DataType | undefined) => (t instanceof AtomicType ? t.name : undefined);
const callSql = (name: string, raw: readonly Expression[]) =>
  `${name}(${raw.map((r) => expressionSql(r)).join(", ")})`;

/**
 * BitwiseGet: the bit at `pos` of an integral value, a tinyint; a position outside the value's bits raises
 * INVALID_PARAMETER_VALUE.BIT_POSITION_RANGE (BitwiseGetUtil.checkPosition), named as the function was called.
 */
function bitGet(name: string): FunctionSpec {
  return {
    sql: (a, _raw, _d, typeOf) => {
      const bits = BITS[atomic(typeOf?.(a[0])) ?? "long"] ?? 64;
      const error = raiseErrorSql(
        "SparkIllegalArgumentException",
        "INVALID_PARAMETER_VALUE.BIT_POSITION_RANGE",
        {
          parameter: `'${toSQLId("pos")}'`,
          functionName: `'${toSQLId(name)}'`,
          invalidValue: a[1],
          upper: `'${bits}'`,
        },
      );
      return `(CASE WHEN ${a[0]} IS NULL OR ${a[1]} IS NULL THEN NULL WHEN ${a[1]} < 0 OR ${a[1]} >= ${bits} THEN CAST(${error} AS TINYINT) ELSE CAST((CAST(${a[0]} AS BIGINT) >> CAST(${a[1]} AS INTEGER)) & 1 AS TINYINT) END)`;
    },
    minArgs: 2,
    maxArgs: 2,
    inputTypes: [I, I],
  };
}

/**
 * ShiftRightUnsigned: Java's `>>>` on an int or a long (a byte or short widened to int), the shift taken modulo
 * the width as Java takes it; the result has the left side's type.
 */
const SHIFT_RIGHT_UNSIGNED: FunctionSpec = {
  sql: (a, _raw, _d, typeOf) => {
    if (atomic(typeOf?.(a[0])) === "long") {
      const unsigned = `(CAST(${a[0]} AS HUGEINT) + CASE WHEN ${a[0]} < 0 THEN 18446744073709551616 ELSE 0 END)`;
      const shifted = `(${unsigned} >> (${a[1]} & 63))`;
      return `CAST(CASE WHEN ${shifted} >= 9223372036854775808 THEN ${shifted} - 18446744073709551616 ELSE ${shifted} END AS BIGINT)`;
    }
    const shifted = `((CAST(${a[0]} AS BIGINT) & 4294967295) >> (${a[1]} & 31))`;
    return `CAST(CASE WHEN ${shifted} >= 2147483648 THEN ${shifted} - 4294967296 ELSE ${shifted} END AS INTEGER)`;
  },
  minArgs: 2,
  maxArgs: 2,
  inputTypes: [I, I],
};

const TWO64 = "18446744073709551616";
const MAX_U64 = "18446744073709551615";

/**
 * Conv (NumberConverter.convert): the string trimmed, an optional '-', then the digits valid in `from` up to the
 * first that is not, read as an unsigned 64-bit number; a negative number to a positive base is its two's
 * complement, to a negative base a '-' and its magnitude; digits in upper case. Bases outside 2..36 (by absolute
 * value for `to`) and empty input give null; a number beyond 64 bits raises ARITHMETIC_OVERFLOW, as under ANSI
 * mode.
 */
const CONV: FunctionSpec = {
  sql: (a, raw, _d, typeOf) => {
    const type = typeOf?.(a[0]);
    if (type !== undefined && !(type instanceof AtomicType))
      throw unexpectedInputType(callSql("conv", raw), 0, '"STRING"', expressionSql(raw[0]), type);
    const s = `trim(CAST(${a[0]} AS VARCHAR))`;
    const from = `CAST(${a[1]} AS INTEGER)`;
    const to = `CAST(${a[2]} AS INTEGER)`;
    const overflow = raiseErrorSql("SparkArithmeticException", "ARITHMETIC_OVERFLOW", {
      message: "'Overflow in function conv()'",
      alternative: "''",
      config: `'"spark.sql.ansi.enabled"'`,
    });
    // The digits' values (36 for a character that is none), up to the first not valid in the base.
    const values = `list_transform(string_split(__body, ''), lambda __c: coalesce(nullif(strpos('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', upper(__c)), 0) - 1, 36))`;
    const digits = `list_transform([${values}], lambda __vs: list_slice(__vs, 1, coalesce(nullif(list_position(list_transform(__vs, lambda __v: __v >= ${from}), true), 0) - 1, len(__vs))))[1]`;
    // The unsigned value; -1 once it passes 2^64 - 1.
    const value = `list_reduce(list_transform(${digits}, lambda __d: CAST(__d AS HUGEINT)), lambda __acc, __d: CASE WHEN __acc < 0 OR __acc * ${from} + __d > ${MAX_U64} THEN -1 ELSE __acc * ${from} + __d END, CAST(0 AS HUGEINT))`;
    // Negative to a positive base: two's complement (all ones where the value is past 2^63); to a negative base:
    // '-' and the magnitude of a value past 2^63.
    const signed = `CASE WHEN __neg AND ${to} > 0 THEN CASE WHEN __v >= 9223372036854775808 THEN ${MAX_U64} ELSE (${TWO64} - __v) % ${TWO64} END ELSE __v END`;
    const magnitude = `CASE WHEN ${to} < 0 AND __u >= 9223372036854775808 THEN ${TWO64} - __u ELSE __u END`;
    const minus = `(__neg AND ${to} < 0) OR (${to} < 0 AND __u >= 9223372036854775808)`;
    const base = `abs(${to})`;
    // DuckDB's to_base takes a BIGINT: a value of 64 bits is its quotient's digits and its last digit.
    const text = `CASE WHEN __m < 9223372036854775808 THEN to_base(CAST(__m AS BIGINT), ${base}) ELSE to_base(CAST(__m // ${base} AS BIGINT), ${base}) || substr('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', CAST(__m % ${base} AS INTEGER) + 1, 1) END`;
    const body = `list_transform([{'neg': starts_with(${s}, '-'), 'body': CASE WHEN starts_with(${s}, '-') THEN substr(${s}, 2) ELSE ${s} END}], lambda __in:
      list_transform([${value.replaceAll("__body", "__in.body")}], lambda __v0: CASE WHEN __v0 < 0 THEN CAST(${overflow} AS HUGEINT) ELSE __v0 END)[1])[1]`;
    const converted = `list_transform([{'neg': starts_with(${s}, '-'), 'v': ${body}}], lambda __x:
      list_transform([${signed.replaceAll("__neg", "__x.neg").replaceAll("__v", "__x.v")}], lambda __u:
        list_transform([${magnitude}], lambda __m: CASE WHEN ${minus.replaceAll("__neg", "__x.neg")} THEN '-' ELSE '' END || ${text})[1])[1])[1]`;
    return `(CASE WHEN ${a[0]} IS NULL OR ${a[1]} IS NULL OR ${a[2]} IS NULL OR ${from} < 2 OR ${from} > 36 OR abs(${to}) < 2 OR abs(${to}) > 36 OR ${s} = '' THEN CAST(NULL AS VARCHAR) ELSE ${converted} END)`;
  },
  minArgs: 3,
  maxArgs: 3,
};

/** NullIfZero: null where the value is 0, else the value. */
const NULLIFZERO = sqlOf((a) => `nullif(${a[0]}, 0)`, [N]);
/** ZeroIfNull: 0 where the value is null (`coalesce(x, 0)`, of the wider type). */
const ZEROIFNULL: FunctionSpec = {
  sql: (a, _raw, _d, typeOf) =>
    typeOf?.(a[0]) === StringType ? `coalesce(${a[0]}, '0')` : `coalesce(${a[0]}, 0)`,
  minArgs: 1,
  maxArgs: 1,
};

/** Spark 4's shift operators, FunctionRegistry's aliases of shiftleft and shiftright (the parser's `<<`, `>>`). */
const SHIFT_LEFT: FunctionSpec = {
  sql: (a) => `(${a[0]} << ${a[1]})`,
  minArgs: 2,
  maxArgs: 2,
  inputTypes: [I, I],
};
const SHIFT_RIGHT: FunctionSpec = {
  sql: (a) => `(${a[0]} >> ${a[1]})`,
  minArgs: 2,
  maxArgs: 2,
  inputTypes: [I, I],
};

export const BIT_FUNCTIONS: Record<string, FunctionSpec> = {
  "<<": SHIFT_LEFT,
  ">>": SHIFT_RIGHT,
  ">>>": SHIFT_RIGHT_UNSIGNED,
  bit_get: bitGet("bit_get"),
  getbit: bitGet("getbit"),
  shiftrightunsigned: SHIFT_RIGHT_UNSIGNED,
  conv: partially(CONV, CONV_NOTE),
  nullifzero: NULLIFZERO,
  zeroifnull: ZEROIFNULL,
};

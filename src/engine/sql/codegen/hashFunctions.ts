/**
 * issue 11: Spark's `hash` (Murmur3Hash), `xxhash64` (XxHash64) and `crc32` as DuckDB SQL, with Spark's values.
 *
 * Both hashes fold over their arguments as Spark's HashExpression does: the seed (42) hashes the first argument,
 * that hash is the seed of the next, a null argument leaves the hash as it is, and an array, struct or map hashes
 * its elements, fields or entries in turn. Each value is hashed by its type as InterpretedHashFunction.hash does:
 * booleans, bytes, shorts, ints and dates as an int; longs and timestamps as a long; floats and doubles as the bits
 * of their value (-0.0 as 0, NaN as Java's canonical NaN); decimals of up to 18 digits as their unscaled long,
 * wider ones as the bytes of their unscaled BigInteger; strings as their UTF-8 bytes, binaries as their bytes.
 *
 * DuckDB's macros are expanded where they are used, so a value read twice would be written twice: each step that
 * reads a value more than once binds it to a lambda's parameter (`list_transform([v], lambda x: ...)[1]`). 32-bit
 * words are BIGINTs in [0, 2^32); 64-bit ones UBIGINTs, multiplied in halves so that nothing overflows.
 */
import { quoteString } from "../../duckdb/DuckDB";
import { hashMapType, unexpectedInputType, wrongNumArgs } from "../../errors/QueryCompilationErrors";
import { expressionSql } from "../analysis/naming";
import type { Expression } from "../expressions";
import {
  ArrayType,
  AtomicType,
  BinaryType,
  BooleanType,
  ByteType,
  type DataType,
  DateType,
  DecimalType,
  DoubleType,
  FloatType,
  IntegerType,
  LongType,
  MapType,
  NullType,
  ShortType,
  StringType,
  StructType,
  TimestampNTZType,
  TimestampType,
} from "../types";
import { type FunctionSpec, MANY } from "./functionSpecs";
import { bind, M32 } from "./hashMacros";

let lambdaCounter = 0;
const fresh = () => `__hv${lambdaCounter++}`;

/**
 * A value as its Spark encoding for a hash: `int`, `long` (BIGINTs) or `bytes` (hex), as a list of tagged values
 * in the order Spark hashes them; a null contributes nothing.
 */
type Piece = "int" | "long" | "bytes";

/** SQL of a list of `{t, v, h}` structs: the tag, the int or long value, or the hex of the bytes. */
function pieces(x: string, type: DataType): string {
  const one = (t: Piece, v: string, h = "NULL") =>
    `CASE WHEN (${x}) IS NULL THEN [] ELSE [{'t': '${t}', 'v': CAST(${v} AS BIGINT), 'h': CAST(${h} AS VARCHAR)}] END`;
  if (type === NullType) return "[]";
  if (type === BooleanType) return one("int", `CASE WHEN ${x} THEN 1 ELSE 0 END`);
  if (type === ByteType || type === ShortType || type === IntegerType) return one("int", x);
  if (type === DateType) return one("int", `(${x} - DATE '1970-01-01')`);
  if (type === LongType) return one("long", x);
  if (type === TimestampType || type === TimestampNTZType) return one("long", `epoch_us(${x})`);
  if (type === FloatType) return one("int", `__spark_float_bits(${x})`);
  if (type === DoubleType) return one("long", `__spark_double_bits(${x})`);
  if (
    type === StringType ||
    type === BinaryType ||
    (type instanceof AtomicType && type.name.startsWith("string"))
  )
    return one("bytes", "NULL", `__spark_bytes_hex(${x})`);
  if (type instanceof DecimalType) {
    const unscaled = `replace(CAST(${x} AS VARCHAR), '.', '')`;
    return type.precision <= 18
      ? one("long", `CAST(${unscaled} AS BIGINT)`)
      : one("bytes", "NULL", `__spark_big_bytes(CAST(${unscaled} AS HUGEINT))`);
  }
  if (type instanceof ArrayType) {
    const e = fresh();
    return `coalesce(flatten(list_transform(${x}, lambda ${e}: ${pieces(e, type.elementType)})), [])`;
  }
  if (type instanceof StructType) {
    if (type.fields.length === 0) return "[]";
    const s = fresh();
    const fields = type.fields.map((f) => pieces(`struct_extract(${s}, ${quoteString(f.name)})`, f.dataType));
    return `CASE WHEN (${x}) IS NULL THEN [] ELSE ${bind(
      x,
      s,
      fields.reduce((a, b) => `list_concat(${a}, ${b})`),
    )} END`;
  }
  if (type instanceof MapType) {
    const e = fresh();
    return `coalesce(flatten(list_transform(map_entries(${x}), lambda ${e}: list_concat(${pieces(`${e}.key`, type.keyType)}, ${pieces(`${e}.value`, type.valueType)}))), [])`;
  }
  // Other types (intervals, variants) hash as their text: not Spark's values, but stable.
  return one("bytes", "NULL", `__spark_bytes_hex(CAST(${x} AS VARCHAR))`);
}

/** Murmur3's chunks of one piece: an int one word, a long its low and high words, bytes their words. */
const M3_CHUNK = `CASE __p.t
  WHEN 'int' THEN {'w': [__p.v & ${M32}], 'n': CAST(4 AS BIGINT)}
  WHEN 'long' THEN {'w': [__p.v & ${M32}, (__p.v >> 32) & ${M32}], 'n': CAST(8 AS BIGINT)}
  ELSE __m3_bytes(__p.h) END`;

function hasMap(type: DataType): boolean {
  if (type instanceof MapType) return true;
  if (type instanceof ArrayType) return hasMap(type.elementType);
  if (type instanceof StructType) return type.fields.some((f) => hasMap(f.dataType));
  return false;
}

/** The pieces of all arguments, in order, checked as HashExpression.checkInputDataTypes checks them. */
function allPieces(
  name: string,
  a: string[],
  raw: readonly Expression[],
  typeOf?: (sql: string) => DataType,
): string {
  if (a.length < 1) throw wrongNumArgs(name, "> 0", 0);
  const types = a.map((x) => typeOf?.(x) ?? StringType);
  if (types.some(hasMap)) throw hashMapType(`${name}(${raw.map((r) => expressionSql(r)).join(", ")})`, name);
  return a.map((x, i) => pieces(x, types[i])).reduce((l, r) => `list_concat(${l}, ${r})`);
}

/** Murmur3Hash: a 32-bit int, seed 42. */
export const HASH: FunctionSpec = {
  sql: (a, raw, _d, typeOf) => {
    const chunks = `list_transform(${allPieces("hash", a, raw, typeOf)}, lambda __p: ${M3_CHUNK})`;
    // Each chunk is the words one hashInt, hashLong or hashUnsafeBytes reads, and the length it finishes with.
    // DuckDB's list_reduce keeps the elements' type: the running hash is the one word of a chunk.
    const h = `list_reduce(${chunks}, lambda __acc, __ch: {'w': [__m3_fmix(list_reduce(__ch.w, lambda __x, __y: __m3_mixh1(__x, __m3_mixk1(__y)), __acc.w[1]), __ch.n)], 'n': 0}, {'w': [CAST(42 AS BIGINT)], 'n': CAST(0 AS BIGINT)}).w[1]`;
    return bind(h, "__r", "CAST(CASE WHEN __r >= 2147483648 THEN __r - 4294967296 ELSE __r END AS INTEGER)");
  },
  minArgs: 0,
  maxArgs: MANY,
};

/** A BIGINT's bits as a UBIGINT, and back. */
const toUnsigned = (v: string) =>
  `CASE WHEN ${v} < 0 THEN CAST(${v} + 9223372036854775807 + 1 AS UBIGINT) + 9223372036854775808 ELSE CAST(${v} AS UBIGINT) END`;
const toSigned = (v: string) =>
  `CASE WHEN ${v} >= 9223372036854775808 THEN CAST(${v} - 9223372036854775808 AS BIGINT) - 9223372036854775807 - 1 ELSE CAST(${v} AS BIGINT) END`;

/** XxHash64: a 64-bit long, seed 42. */
export const XXHASH64: FunctionSpec = {
  sql: (a, raw, _d, typeOf) => {
    const seed = toUnsigned("__acc.v");
    const step = `CASE __p.t
      WHEN 'int' THEN __xx_int(CAST(__p.v & ${M32} AS UBIGINT), ${seed})
      WHEN 'long' THEN __xx_long(${toUnsigned("__p.v")}, ${seed})
      ELSE __xx_bytes(__p.h, ${seed}) END`;
    // DuckDB's list_reduce keeps the elements' type: the running hash is a piece's value, as a BIGINT.
    return `list_reduce(${allPieces("xxhash64", a, raw, typeOf)}, lambda __acc, __p: {'t': '', 'v': ${bind(step, "__u", toSigned("__u"))}, 'h': CAST(NULL AS VARCHAR)}, {'t': '', 'v': CAST(42 AS BIGINT), 'h': CAST(NULL AS VARCHAR)}).v`;
  },
  minArgs: 0,
  maxArgs: MANY,
};

/** Crc32: the CRC-32 of a binary (a string is its UTF-8 bytes, as Spark's implicit cast makes it), a bigint. */
export const CRC32: FunctionSpec = {
  sql: (a, raw, _d, typeOf) => {
    const type = typeOf?.(a[0]) ?? BinaryType;
    if (type === NullType) return "CAST(NULL AS BIGINT)";
    const isText = type === StringType || (type instanceof AtomicType && type.name.startsWith("string"));
    if (!isText && type !== BinaryType)
      throw unexpectedInputType(
        `crc32(${expressionSql(raw[0])})`,
        0,
        '"BINARY"',
        expressionSql(raw[0]),
        type,
      );
    return `__spark_crc32(hex(${a[0]}))`;
  },
  minArgs: 1,
  maxArgs: 1,
};

export const HASH_FUNCTIONS: Record<string, FunctionSpec> = {
  crc32: CRC32,
  hash: HASH,
  xxhash64: XXHASH64,
};

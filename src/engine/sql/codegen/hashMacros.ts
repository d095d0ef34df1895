/**
 * issue 11: the DuckDB macros of Spark's hash functions (hashFunctions.ts), created with each database: Java's bits
 * of a double and a float, BigInteger.toByteArray of a wide decimal, and Murmur3_x86_32's steps.
 */
export const M32 = 4294967295n;

/** `a * c mod 2^32` for a 32-bit constant `c`, `a` in [0, 2^32): in 16-bit halves, so BIGINT never overflows. */
export function mul32(a: string, c: bigint): string {
  return `((${a} * ${c & 65535n} + (((${a} * ${c >> 16n}) & 65535) << 16)) & ${M32})`;
}

/** `x` bound to a fresh lambda parameter in `body`. */
export function bind(x: string, name: string, body: string): string {
  return `list_transform([${x}], lambda ${name}: ${body})[1]`;
}

/**
 * The bits of `d` (a DOUBLE) as Java's IEEE 754 encoding of a value with that format's constants gives them, -0.0
 * as 0 (Spark's rule): the sign bit, the biased exponent over `unit` (2^mantissaBits), the mantissa below it.
 */
function ieeeBits(f: {
  nan: bigint;
  posInf: bigint;
  negInf: bigint;
  sign: bigint;
  minExponent: number;
  bias: number;
  mantissaBits: number;
  unit: bigint;
}): string {
  return `CASE
  WHEN d IS NULL THEN NULL
  WHEN isnan(d) THEN ${f.nan}
  WHEN d = 0 THEN 0
  WHEN isinf(d) THEN CASE WHEN d > 0 THEN ${f.posInf} ELSE ${f.negInf} END
  ELSE list_transform([abs(d)], lambda x:
    (CASE WHEN d < 0 THEN ${f.sign} ELSE 0 END) + CASE
      WHEN x < pow(2.0, -${f.minExponent}) THEN CAST(x * pow(2.0, ${f.minExponent}) * pow(2.0, ${f.mantissaBits}) AS BIGINT)
      ELSE list_transform([CAST(floor(log2(x)) AS INTEGER)], lambda e0:
        list_transform([CASE WHEN x < pow(2.0, e0) THEN e0 - 1 WHEN x >= pow(2.0, e0 + 1) THEN e0 + 1 ELSE e0 END],
          lambda e: CAST(e + ${f.bias} AS BIGINT) * ${f.unit} + CAST((x / pow(2.0, e) - 1) * pow(2.0, ${f.mantissaBits}) AS BIGINT))[1])[1]
    END)[1] END`;
}

/** The bits of a double as Java's Double.doubleToLongBits gives them (a BIGINT), -0.0 as 0 (Spark's rule). */
const DOUBLE_BITS = `CREATE OR REPLACE MACRO __spark_double_bits(d) AS ${ieeeBits({
  nan: 9221120237041090560n,
  posInf: 9218868437227405312n,
  negInf: -4503599627370496n,
  sign: -9223372036854775808n,
  minExponent: 1022,
  bias: 1023,
  mantissaBits: 52,
  unit: 4503599627370496n,
})}`;

/** The bits of a float as Java's Float.floatToIntBits gives them (an INTEGER as a BIGINT), -0.0 as 0. */
const FLOAT_BITS = `CREATE OR REPLACE MACRO __spark_float_bits(f) AS list_transform([CAST(f AS DOUBLE)], lambda d: ${ieeeBits(
  {
    nan: 2143289344n,
    posInf: 2139095040n,
    negInf: -8388608n,
    sign: -2147483648n,
    minExponent: 126,
    bias: 127,
    mantissaBits: 23,
    unit: 8388608n,
  },
)})[1]`;

/**
 * The unscaled value of a decimal of more than 18 digits as Java's BigInteger.toByteArray writes it, in hex: big
 * endian two's complement in as few bytes as hold its sign.
 */
const DECIMAL_BYTES = `CREATE OR REPLACE MACRO __spark_big_bytes(v) AS CASE
  WHEN v >= 0 THEN list_transform([CASE WHEN length(hex(v)) % 2 = 1 THEN '0' || hex(v) ELSE hex(v) END],
    lambda h: CASE WHEN left(h, 1) >= '8' THEN '00' || h ELSE h END)[1]
  ELSE list_transform([regexp_replace(hex(v), '^(FF)*', '')],
    lambda h: CASE WHEN h = '' OR left(h, 1) < '8' THEN 'FF' || h ELSE h END)[1] END`;

/** The hex of a string's UTF-8 bytes (DuckDB's hex of a VARCHAR), and of a blob's bytes. */
const BYTES_HEX = "CREATE OR REPLACE MACRO __spark_bytes_hex(b) AS hex(b)";

/** Murmur3_x86_32's mixK1, mixH1 and fmix over 32-bit words. */
const MURMUR3 = [
  `CREATE OR REPLACE MACRO __m3_mixk1(k) AS ${bind(mul32("k", 0xcc9e2d51n), "__k", mul32(`(((__k << 15) | (__k >> 17)) & ${M32})`, 0x1b873593n))}`,
  `CREATE OR REPLACE MACRO __m3_mixh1(h, k) AS ${bind("xor(h, k)", "__h", `((((__h << 13) | (__h >> 19)) & ${M32}) * 5 + 3864292196) & ${M32}`)}`,
  `CREATE OR REPLACE MACRO __m3_fmix(h, n) AS ${bind(
    "xor(h, n)",
    "__a",
    bind(
      "xor(__a, __a >> 16)",
      "__b",
      bind(
        mul32("__b", 0x85ebca6bn),
        "__c",
        bind("xor(__c, __c >> 13)", "__d", bind(mul32("__d", 0xc2b2ae35n), "__e", "xor(__e, __e >> 16)")),
      ),
    ),
  )}`,
  // hashUnsafeBytes: little-endian words of 4 bytes, then each byte left over as a word of its own, sign-extended.
  `CREATE OR REPLACE MACRO __m3_bytes(h) AS {'w': list_concat(
      list_transform(range(length(h) // 8), lambda __i: CAST('0x' || substr(h, 8 * __i + 7, 2) || substr(h, 8 * __i + 5, 2)
        || substr(h, 8 * __i + 3, 2) || substr(h, 8 * __i + 1, 2) AS BIGINT)),
      list_transform(range((length(h) // 8) * 4, length(h) // 2), lambda __j:
        list_transform([CAST('0x' || substr(h, 2 * __j + 1, 2) AS BIGINT)], lambda __b: CASE WHEN __b >= 128 THEN __b + 4294967040 ELSE __b END)[1])),
    'n': CAST(length(h) // 2 AS BIGINT)}`,
];

// ---- XXH64 (Spark's XXH64 class) over UBIGINT words: every product and sum is taken mod 2^64.
const P1 = 0x9e3779b185ebca87n;
const P2 = 0xc2b2ae3d27d4eb4fn;
const P3 = 0x165667b19e3779f9n;
const P4 = 0x85ebca77c2b2ae63n;
const P5 = 0x27d4eb2f165667c5n;
const TWO64 = 1n << 64n;
const mod64 = (n: bigint) => ((n % TWO64) + TWO64) % TWO64;
const u = (n: bigint) => `CAST(${mod64(n)} AS UBIGINT)`;
/** `a * c mod 2^64`: the low words' product, and the cross products' low words shifted up. */
const mul64 = (a: string, c: bigint) =>
  `__xx_mul(${a}, CAST(${c & M32} AS UBIGINT), CAST(${c >> 32n} AS UBIGINT))`;
const add64 = (a: string, b: string) => `__xx_add(${a}, ${b})`;
const rotl64 = (x: string, r: number) => `__xx_rotl(${x}, ${r})`;
/** One accumulator round: `rotl(acc + input * P2, 31) * P1`. */
const round = (acc: string, input: string) => mul64(rotl64(add64(acc, mul64(input, P2)), 31), P1);
/** A little-endian word of `bytes` bytes at byte `offset` of the hex `h`. */
const word = (h: string, offset: string, bytes: number) =>
  `CAST('0x' || ${Array.from({ length: bytes }, (_, i) => `substr(${h}, 2 * (${offset}) + ${2 * (bytes - 1 - i) + 1}, 2)`).join(" || ")} AS UBIGINT)`;

const XXH64 = [
  `CREATE OR REPLACE MACRO __xx_mul(a, cl, ch) AS list_transform([a], lambda __m:
    CAST((CAST((__m & ${M32}) * cl AS HUGEINT) + ((((((__m >> 32) * cl) & ${M32}) + (((__m & ${M32}) * ch) & ${M32})) & ${M32}) << 32)) % ${TWO64} AS UBIGINT))[1]`,
  `CREATE OR REPLACE MACRO __xx_add(a, b) AS CAST((CAST(a AS HUGEINT) + CAST(b AS HUGEINT)) % ${TWO64} AS UBIGINT)`,
  `CREATE OR REPLACE MACRO __xx_rotl(x, r) AS list_transform([CAST(x AS UBIGINT)], lambda __r:
    ((__r & ((CAST(1 AS UBIGINT) << (64 - r)) - 1)) << r) | (__r >> (64 - r)))[1]`,
  `CREATE OR REPLACE MACRO __xx_step8(h, k) AS ${add64(mul64(rotl64(`xor(h, ${round(u(0n), "k")})`, 27), P1), u(P4))}`,
  `CREATE OR REPLACE MACRO __xx_step4(h, k) AS ${add64(mul64(rotl64(`xor(h, ${mul64("k", P1)})`, 23), P2), u(P3))}`,
  `CREATE OR REPLACE MACRO __xx_step1(h, b) AS ${mul64(rotl64(`xor(h, ${mul64("b", P5)})`, 11), P1)}`,
  `CREATE OR REPLACE MACRO __xx_fmix(h) AS ${bind(
    "xor(h, h >> 33)",
    "__a",
    bind(
      mul64("__a", P2),
      "__b",
      bind("xor(__b, __b >> 29)", "__c", bind(mul64("__c", P3), "__d", "xor(__d, __d >> 32)")),
    ),
  )}`,
  `CREATE OR REPLACE MACRO __xx_merge(h, v) AS ${add64(mul64(`xor(h, ${round(u(0n), "v")})`, P1), u(P4))}`,
  // hashInt and hashLong: a 4- or 8-byte input's steps from seed + P5 + its length.
  `CREATE OR REPLACE MACRO __xx_int(i, seed) AS __xx_fmix(__xx_step4(${add64("seed", u(P5 + 4n))}, i))`,
  `CREATE OR REPLACE MACRO __xx_long(l, seed) AS __xx_fmix(__xx_step8(${add64("seed", u(P5 + 8n))}, l))`,
  // hashUnsafeBytes: 32-byte stripes into four accumulators, then 8-byte words, a 4-byte word, single bytes.
  `CREATE OR REPLACE MACRO __xx_stripes(h, seed) AS list_transform([list_reduce(
      list_transform(range(length(h) // 64), lambda __s: {'v1': ${word("h", "32 * __s", 8)}, 'v2': ${word("h", "32 * __s + 8", 8)},
        'v3': ${word("h", "32 * __s + 16", 8)}, 'v4': ${word("h", "32 * __s + 24", 8)}}),
      lambda __v, __w: {'v1': ${round("__v.v1", "__w.v1")}, 'v2': ${round("__v.v2", "__w.v2")}, 'v3': ${round("__v.v3", "__w.v3")}, 'v4': ${round("__v.v4", "__w.v4")}},
      {'v1': ${add64("seed", u(P1 + P2))}, 'v2': ${add64("seed", u(P2))}, 'v3': CAST(seed AS UBIGINT), 'v4': ${add64("seed", u(-P1))}})],
    lambda __v: __xx_merge(__xx_merge(__xx_merge(__xx_merge(
      ${add64(add64(rotl64("__v.v1", 1), rotl64("__v.v2", 7)), add64(rotl64("__v.v3", 12), rotl64("__v.v4", 18)))},
      __v.v1), __v.v2), __v.v3), __v.v4))[1]`,
  `CREATE OR REPLACE MACRO __xx_bytes(h, seed) AS list_transform([length(h) // 2], lambda __n:
    __xx_fmix(list_reduce(
      list_transform(range((__n // 8) * 8 + CASE WHEN __n % 8 >= 4 THEN 4 ELSE 0 END, __n), lambda __j: CAST('0x' || substr(h, 2 * __j + 1, 2) AS UBIGINT)),
      lambda __x, __b: __xx_step1(__x, __b),
      list_transform([list_reduce(
        list_transform(range((__n // 32) * 32, (__n // 8) * 8, 8), lambda __o: ${word("h", "__o", 8)}),
        lambda __x, __k: __xx_step8(__x, __k),
        ${add64(`CASE WHEN __n >= 32 THEN __xx_stripes(h, seed) ELSE ${add64("seed", u(P5))} END`, "__n")})],
        lambda __y: CASE WHEN __n % 8 >= 4 THEN __xx_step4(__y, ${word("h", "(__n // 8) * 8", 4)}) ELSE __y END)[1])))[1]`,
];

/** java.util.zip.CRC32's table (the reflected polynomial 0xEDB88320), entry `i` for byte `i`. */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 of the bytes whose hex is `h`, as java.util.zip.CRC32 computes it (a BIGINT in [0, 2^32)). */
const CRC32 = `CREATE OR REPLACE MACRO __spark_crc32(h) AS xor(list_reduce(
    list_transform(range(length(h) // 2), lambda __j: CAST('0x' || substr(h, 2 * __j + 1, 2) AS BIGINT)),
    lambda __c, __b: xor(CAST([${CRC_TABLE.join(", ")}] AS BIGINT[])[(xor(__c, __b) & 255) + 1], __c >> 8),
    CAST(${M32} AS BIGINT)), ${M32})`;

/** Macros every session installs in DuckDB for the hash functions. */
export const HASH_MACROS: readonly string[] = [
  DOUBLE_BITS,
  FLOAT_BITS,
  DECIMAL_BYTES,
  BYTES_HEX,
  ...MURMUR3,
  ...XXH64,
  CRC32,
];

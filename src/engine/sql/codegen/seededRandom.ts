/**
 * Spark's random functions given a seed (`rand(seed)`, `randn(seed)`, `shuffle(array, seed)`, `uuid(seed)`): the
 * same seed over the same input gives the same values, run after run. Each row's draws are a hash of the seed,
 * the row's number in its operator's input (`row_number() OVER ()`) and the draw's index, as sampleSql.ts draws
 * Sample's. Spark's own sequence (an XORShiftRandom per partition) cannot be matched: the values differ from
 * Spark's, their distribution does not. Without a seed the functions draw from DuckDB's `random()`.
 */
import { unsupportedInSluice } from "../../errors/QueryExecutionErrors";
import type { Expression } from "../expressions";

/** The compatibility note of the seeded functions. */
export const SEEDED_NOTE =
  "a seed gives the same values run after run over the same input, but not Spark's values (Spark's XORShiftRandom sequence per partition is not reproduced)";

/** The SQL a row's number is read with: operators that hold a seeded draw give their rows numbers. */
export const ROW_NUMBER_SQL = "row_number() OVER ()";

/** Whether compiled SQL draws seeded random numbers (a filter then numbers its rows in a projection). */
export function drawsSeeded(sql: string): boolean {
  return sql.includes(ROW_NUMBER_SQL);
}

/** The seed of a random function's argument, as Spark's ExpressionWithRandomSeed reads it (null is 0). */
export function seedOf(e: Expression | undefined, name: string): bigint | undefined {
  if (e === undefined) return undefined;
  if (e.kind === "literal") {
    if (e.value === null) return 0n;
    if (typeof e.value === "number" && Number.isInteger(e.value)) return BigInt.asIntN(64, BigInt(e.value));
    if (typeof e.value === "bigint") return BigInt.asIntN(64, e.value);
  }
  throw unsupportedInSluice(`${name} with a seed that is not an integer literal`);
}

/** A uniform draw in [0, 1) for (row, seed, index), or the SQL of an unseeded draw. */
export function uniformSql(seed: bigint | undefined, index = 0): string {
  if (seed === undefined) return "random()";
  return `(hash(${ROW_NUMBER_SQL}, ${seed}, ${index}) / 18446744073709551616.0)`;
}

/** A standard normal draw by Box-Muller over two uniform draws. */
export function normalSql(seed: bigint | undefined): string {
  return `(sqrt(-2 * ln(1 - ${uniformSql(seed, 0)})) * cos(2 * pi() * ${uniformSql(seed, 1)}))`;
}

/** The array in a random order: its elements ordered by a draw each. */
export function shuffleSql(array: string, seed: bigint | undefined): string {
  if (seed === undefined)
    return `list_select(${array}, list_grade_up(list_transform(${array}, lambda __x: random())))`;
  // The row's number enters the lambdas as a list element: DuckDB binds no window function inside a lambda.
  const keys = `list_transform(range(1, len(${array}) + 1), lambda __i: hash(__r, ${seed}, 0, __i))`;
  return `list_transform([${ROW_NUMBER_SQL}], lambda __r: list_select(${array}, list_grade_up(${keys})))[1]`;
}

/** A version-4 UUID (RFC 4122) from two 64-bit draws, or DuckDB's random UUID without a seed. */
export function uuidSql(seed: bigint | undefined): string {
  if (seed === undefined) return "CAST(gen_random_uuid() AS VARCHAR)";
  const hex = (i: number) => `lpad(lower(to_hex(hash(${ROW_NUMBER_SQL}, ${seed}, ${i}))), 16, '0')`;
  const a = hex(0);
  const b = hex(1);
  // xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx, y one of 8, 9, a, b.
  return `(substr(${a}, 1, 8) || '-' || substr(${a}, 9, 4) || '-4' || substr(${a}, 14, 3) || '-' || substr('89ab', CAST(hash(${ROW_NUMBER_SQL}, ${seed}, 2) % 4 AS INTEGER) + 1, 1) || substr(${b}, 2, 3) || '-' || substr(${b}, 5, 12))`;
}

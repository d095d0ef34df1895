/**
 * Spark's collection functions (arrays, maps, structs, generators, higher-order functions) as DuckDB list,
 * map and struct SQL.
 */

import { quoteIdentifier } from "../../duckdb/DuckDB";
import { generatorNestedInExpressions } from "../../errors/QueryCompilationErrors";
import { unsupportedInSluice } from "../../errors/QueryExecutionErrors";
import type { Expression } from "../expressions";
import { ArrayType, type DataType, MapType, StructType } from "../types";
import { A, ANY, type FunctionSpec, fn, I, literalString, MANY, partially, S, sqlOf } from "./functionSpecs";
import { SEEDED_NOTE, seedOf, shuffleSql } from "./seededRandom";

/** Generators are only allowed as a whole select item (generators.ts expands them there). */
const generator = (name: string): FunctionSpec => ({
  sql: () => {
    throw generatorNestedInExpressions(name);
  },
  minArgs: 1,
  maxArgs: 1,
});

export const COLLECTION_FUNCTIONS: Record<string, FunctionSpec> = {
  size: {
    sql: (a, _raw, _d, typeOf) =>
      // Spark's size is an int (DuckDB's a BIGINT).
      `CAST(${typeOf?.(a[0]) instanceof MapType ? `cardinality(${a[0]})` : `len(${a[0]})`} AS INTEGER)`,
    minArgs: 1,
    maxArgs: 1,
    inputTypes: ["arrayOrMap"],
  },
  array_size: fn("len", [A]),
  array: { sql: (a) => `[${a.join(", ")}]`, minArgs: 0, maxArgs: MANY },
  array_contains: fn("list_contains", [A, ANY]),
  array_distinct: fn("list_distinct", [A]),
  array_sort: fn("list_sort", [A]),
  sort_array: sqlOf(
    (a, raw) =>
      raw[1]?.kind === "literal" && raw[1].value === false
        ? `list_sort(${a[0]}, 'DESC', 'NULLS LAST')`
        : `list_sort(${a[0]}, 'ASC', 'NULLS FIRST')`,
    [A, "boolean"],
    1,
    2,
  ),
  array_max: fn("list_max", [A]),
  array_min: fn("list_min", [A]),
  array_join: sqlOf(
    (a) =>
      a.length === 2
        ? `array_to_string(${a[0]}, ${a[1]})`
        : `array_to_string(list_transform(${a[0]}, lambda __x: coalesce(CAST(__x AS VARCHAR), ${a[2]})), ${a[1]})`,
    [A, S, S],
    2,
    3,
  ),
  array_position: sqlOf((a) => `CAST(coalesce(list_position(${a[0]}, ${a[1]}), 0) AS BIGINT)`, [A, ANY]),
  array_union: sqlOf((a) => `list_distinct(list_concat(${a[0]}, ${a[1]}))`, [A, A]),
  array_intersect: sqlOf(
    (a) => `list_distinct(list_filter(${a[0]}, lambda __x: list_contains(${a[1]}, __x)))`,
    [A, A],
  ),
  array_except: sqlOf(
    (a) => `list_distinct(list_filter(${a[0]}, lambda __x: NOT list_contains(${a[1]}, __x)))`,
    [A, A],
  ),
  array_remove: sqlOf((a) => `list_filter(${a[0]}, lambda __x: __x IS DISTINCT FROM ${a[1]})`, [A, ANY]),
  array_compact: sqlOf((a) => `list_filter(${a[0]}, lambda __x: __x IS NOT NULL)`, [A]),
  array_append: fn("list_append", [A, ANY]),
  array_prepend: sqlOf((a) => `list_prepend(${a[1]}, ${a[0]})`, [A, ANY]),
  array_repeat: sqlOf((a) => `list_transform(range(greatest(${a[1]}, 0)), lambda __x: ${a[0]})`, [ANY, I]),
  // An array of structs whose i-th holds the i-th elements of each array (null past an array's end), as long
  // as the longest; null where any array is. Fields are named as Spark's ArraysZip names them.
  arrays_zip: partially(
    {
      sql: (a, raw) => {
        if (a.length === 0) return "[]";
        const names = uniqueNames(a.map((_, i) => arraysZipFieldName(raw[i], i)));
        const fields = a.map((x, i) => `${quoted(names[i])} := (${x})[__i]`).join(", ");
        const longest = a.length === 1 ? `len(${a[0]})` : `greatest(${a.map((x) => `len(${x})`).join(", ")})`;
        const anyNull = a.map((x) => `(${x}) IS NULL`).join(" OR ");
        return `(CASE WHEN ${anyNull} THEN NULL ELSE list_transform(range(1, ${longest} + 1), lambda __i: struct_pack(${fields})) END)`;
      },
      minArgs: 0,
      maxArgs: MANY,
      inputTypes: [A],
    },
    "a field name Spark repeats (arrays_zip(a, a)) is made unique (a, a_1): DuckDB's structs cannot repeat one",
  ),
  arrays_overlap: fn("list_has_any", [A, A]),
  sequence: sqlOf((a) => `generate_series(${a.join(", ")})`, [ANY], 2, 3),
  slice: sqlOf(
    (a) =>
      `list_slice(${a[0]}, CASE WHEN ${a[1]} < 0 THEN len(${a[0]}) + ${a[1]} + 1 ELSE ${a[1]} END, CASE WHEN ${a[1]} < 0 THEN len(${a[0]}) + ${a[1]} + ${a[2]} ELSE ${a[1]} + ${a[2]} - 1 END)`,
    [A, I, I],
  ),
  element_at: sqlOf((a) => `${a[0]}[${a[1]}]`, ["arrayOrMap", ANY]),
  get: sqlOf((a) => `${a[0]}[${a[1]} + 1]`, [A, I]),
  explode: generator("explode"),
  explode_outer: generator("explode_outer"),
  posexplode: generator("posexplode"),
  posexplode_outer: generator("posexplode_outer"),
  inline: generator("inline"),
  inline_outer: generator("inline_outer"),
  flatten: fn("flatten", [A]),
  // A random permutation, the same for the same seed run after run (seededRandom.ts).
  shuffle: partially(
    sqlOf((a, raw) => shuffleSql(a[0], seedOf(raw[1], "shuffle")), [A, I], 1, 2),
    SEEDED_NOTE,
  ),
  // A lambda's second parameter is the element's index, from 0 in Spark and from 1 in DuckDB (indexedLambda).
  transform: sqlOf((a, raw) => `list_transform(${a[0]}, ${indexedLambda(a[1], raw[1])})`, [A, ANY]),
  filter: sqlOf((a, raw) => `list_filter(${a[0]}, ${indexedLambda(a[1], raw[1])})`, [A, ANY]),
  exists: sqlOf(
    (a, raw) => `list_bool_or(list_transform(${a[0]}, ${indexedLambda(a[1], raw[1])}))`,
    [A, ANY],
  ),
  forall: sqlOf(
    (a, raw) => `list_bool_and(list_transform(${a[0]}, ${indexedLambda(a[1], raw[1])}))`,
    [A, ANY],
  ),
  aggregate: sqlOf(
    (a, raw, typeOf) => {
      const folded = foldSql(a, raw, typeOf);
      return a.length === 4 ? `list_transform([${folded}], ${a[3]})[1]` : folded;
    },
    [A, ANY, ANY, ANY],
    3,
    4,
  ),
  // Higher-order functions over two values: the lambda's body is bound to them (bindLambda).
  zip_with: sqlOf(
    (a, raw) =>
      `(CASE WHEN ${a[0]} IS NULL OR ${a[1]} IS NULL THEN NULL ELSE list_transform(range(1, greatest(len(${a[0]}), len(${a[1]})) + 1), lambda __zi: ${bindLambda(a[2], raw[2], [`(${a[0]})[__zi]`, `(${a[1]})[__zi]`])}) END)`,
    [A, A, ANY],
  ),
  map_filter: sqlOf(
    (a, raw) =>
      `map_from_entries(list_filter(map_entries(${a[0]}), lambda __me: ${bindLambda(a[1], raw[1], ["__me.key", "__me.value"])}))`,
    ["map", ANY],
  ),
  transform_values: sqlOf(
    (a, raw) =>
      `map_from_entries(list_transform(map_entries(${a[0]}), lambda __me: struct_pack(key := __me.key, value := ${bindLambda(a[1], raw[1], ["__me.key", "__me.value"])})))`,
    ["map", ANY],
  ),
  transform_keys: sqlOf(
    (a, raw) =>
      `map_from_entries(list_transform(map_entries(${a[0]}), lambda __me: struct_pack(key := ${bindLambda(a[1], raw[1], ["__me.key", "__me.value"])}, value := __me.value)))`,
    ["map", ANY],
  ),
  map: {
    sql: (a) => {
      const keys = a.filter((_, i) => i % 2 === 0);
      const values = a.filter((_, i) => i % 2 === 1);
      return `map([${keys.join(", ")}], [${values.join(", ")}])`;
    },
    minArgs: 0,
    maxArgs: MANY,
  },
  map_from_arrays: sqlOf((a) => `map(${a[0]}, ${a[1]})`, [A, A]),
  map_from_entries: fn("map_from_entries", [A]),
  map_entries: sqlOf(
    (a) =>
      `list_transform(map_entries(${a[0]}), lambda __e: struct_pack(key := __e.key, value := __e.value))`,
    ["map"],
  ),
  map_keys: fn("map_keys", ["map"]),
  map_values: fn("map_values", ["map"]),
  map_contains_key: fn("map_contains", ["map", ANY]),
  map_concat: fn("map_concat", ["map"], 1, MANY),
  struct: {
    sql: (a, raw) => `struct_pack(${a.map((x, i) => `${structFieldName(raw[i], i)} := ${x}`).join(", ")})`,
    minArgs: 1,
    maxArgs: MANY,
  },
  named_struct: {
    sql: (a, raw) => {
      const parts: string[] = [];
      for (let i = 0; i + 1 < a.length; i += 2) {
        parts.push(`"${(literalString(raw[i]) ?? `col${i / 2 + 1}`).replaceAll('"', '""')}" := ${a[i + 1]}`);
      }
      return `struct_pack(${parts.join(", ")})`;
    },
    minArgs: 2,
    maxArgs: MANY,
  },
};

/**
 * A compiled lambda `(lambda p1, p2: body)` applied to SQL values: DuckDB calls no lambda directly, so each
 * parameter is bound by a transform of a one-element list, `list_transform([v1], lambda p1: ...)[1]`.
 */
function bindLambda(compiled: string, raw: Expression | undefined, values: readonly string[]): string {
  if (raw?.kind !== "lambda" || raw.params.length > values.length)
    throw unsupportedInSluice("A higher-order function whose argument is not a lambda of its parameters");
  const prefix = `(lambda ${raw.params.map(quoteIdentifier).join(", ")}: `;
  if (!compiled.startsWith(prefix) || !compiled.endsWith(")"))
    throw unsupportedInSluice("A higher-order function whose lambda did not compile to one DuckDB lambda");
  let body = compiled.slice(prefix.length, -1);
  for (let i = raw.params.length - 1; i >= 0; i--)
    body = `list_transform([${values[i]}], lambda ${quoteIdentifier(raw.params[i])}: ${body})[1]`;
  return body;
}

/**
 * `aggregate(array, zero, merge)` folded: DuckDB's list_reduce where the accumulator has the elements' type;
 * otherwise (Spark's accumulator is any type) a reduce over structs of accumulator and element, the zero first.
 */
function foldSql(
  a: readonly string[],
  raw: readonly Expression[],
  typeOf?: (sql: string) => DataType,
): string {
  const arrayType = typeOf?.(a[0]);
  const accType = typeOf?.(a[1]);
  const element = arrayType instanceof ArrayType ? arrayType.elementType : undefined;
  if (!element || !accType || element.sql() === accType.sql())
    return `list_reduce(${a[0]}, ${a[2]}, ${a[1]})`;
  const state = (acc: string, x: string) => `struct_pack(__acc := ${acc}, __x := ${x})`;
  const nullOf = (type: DataType) => `CAST(NULL AS ${type.sql()})`;
  const merge = bindLambda(a[2], raw[2], ["__s.__acc", "__r.__x"]);
  // Spark's accumulator keeps the zero's type; a struct's fields match by position (`(acc.sum + x, acc.n + 1)`).
  const merged =
    accType instanceof StructType
      ? `list_transform([${merge}], lambda __m: struct_pack(${accType.fields
          .map(
            (f, i) =>
              `${quoteIdentifier(f.name)} := CAST(struct_extract_at(__m, ${i + 1}) AS ${f.dataType.sql()})`,
          )
          .join(", ")}))[1]`
      : `CAST(${merge} AS ${accType.sql()})`;
  const states = `list_prepend(${state(a[1], nullOf(element))}, list_transform(${a[0]}, lambda __e: ${state(nullOf(accType), "__e")}))`;
  return `(CASE WHEN ${a[0]} IS NULL THEN NULL ELSE list_reduce(${states}, lambda __s, __r: ${state(merged, nullOf(element))}).__acc END)`;
}

/**
 * A compiled `(lambda x, i: body)` whose `i` is Spark's index from 0 (an int), as a DuckDB lambda, whose second
 * parameter counts from 1; any other argument as it is.
 */
function indexedLambda(compiled: string, raw: Expression | undefined): string {
  if (raw?.kind !== "lambda" || raw.params.length !== 2) return compiled;
  const [element, index] = raw.params.map(quoteIdentifier);
  const prefix = `(lambda ${element}, ${index}: `;
  if (!compiled.startsWith(prefix) || !compiled.endsWith(")")) return compiled;
  const body = compiled.slice(prefix.length, -1);
  return `(lambda ${element}, __index: list_transform([CAST(__index - 1 AS INTEGER)], lambda ${index}: ${body})[1])`;
}

/** ArraysZip's field names: a column's (last) name, an alias, else the argument's index from 0. */
function arraysZipFieldName(e: Expression | undefined, index: number): string {
  if (e?.kind === "alias") return e.name;
  if (e?.kind === "column") return e.parts[e.parts.length - 1];
  return String(index);
}

/** Names made unique with a suffix where they repeat (DuckDB's structs cannot repeat a field name). */
function uniqueNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.map((name) => {
    let unique = name;
    for (let n = 1; seen.has(unique); n++) unique = `${name}_${n}`;
    seen.add(unique);
    return unique;
  });
}

const quoted = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** Spark names struct fields after the columns they come from: struct(col("a"), col("b")) → {a, b}. */
function structFieldName(e: Expression | undefined, index: number): string {
  let name = `col${index + 1}`;
  if (e?.kind === "alias") name = e.name;
  else if (e?.kind === "column") name = e.parts[e.parts.length - 1];
  return `"${name.replaceAll('"', '""')}"`;
}

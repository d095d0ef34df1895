/**
 * Test helpers reading queries as Spark's SQLQueryTestSuite prints them: a query's schema as `simpleString()` and
 * its answer with each value as HiveResult prints it (an ANSI interval as `1-2` or `1 02:03:04.000000000`, a
 * decimal with its scale's digits, a date as `yyyy-MM-dd`, NULL as `NULL`), so a case reads as its `.sql.out`.
 */
import type { SparkSession } from "../session/SparkSession";
import { CalendarInterval, hiveIntervalString } from "../sql/intervalValues";
import { ArrayType, type DataType, DecimalType, MapType, StructType } from "../sql/types";

/** A query's schema and its first row's first value. */
export interface Answer {
  readonly schema: string;
  readonly output: string;
}

/**
 * A value as HiveResult prints it for a column of `type`; inside a struct, an array or a map as its nested form:
 * `[1-0,0-1]`, `{"a":32-0,"b":null}`, `{"k":1}` (strings quoted, null as `null`, map entries sorted).
 */
export function hiveString(value: unknown, type: DataType, nested = false): string {
  if (value === null || value === undefined) return nested ? "null" : "NULL";
  if (type instanceof StructType && typeof value === "object") {
    const record = value as Record<string, unknown>;
    return `{${type.fields.map((f) => `"${f.name}":${hiveString(record[f.name], f.dataType, true)}`).join(",")}}`;
  }
  if (type instanceof ArrayType && Array.isArray(value))
    return `[${value.map((v) => hiveString(v, type.elementType, true)).join(",")}]`;
  if (type instanceof MapType && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).map(
      ([k, v]) => `${hiveString(k, type.keyType, true)}:${hiveString(v, type.valueType, true)}`,
    );
    return `{${entries.sort().join(",")}}`;
  }
  if (nested && typeof value === "string") return `"${value}"`;
  if (value instanceof CalendarInterval) return hiveIntervalString(value, type);
  if (type instanceof DecimalType && typeof value === "number") return value.toFixed(type.scale);
  if (value instanceof Date && type.simpleString() === "date") return value.toISOString().slice(0, 10);
  if (value instanceof Date)
    return value
      .toISOString()
      .replace("T", " ")
      .replace(/\.000Z$|Z$/, "");
  return String(value);
}

/** The helpers over the session `spark()` gives (a test file's session, made in its beforeAll). */
export function sqlAnswers(spark: () => SparkSession) {
  /** A query's schema (as SQLQueryTestSuite prints it) and its single answer as HiveResult prints it. */
  async function answer(sql: string): Promise<Answer> {
    const df = spark().sql(sql);
    const rows = await df.collect();
    const field = df.schema.fields[0];
    return {
      schema: df.schema.simpleString(),
      output: hiveString(Object.values(rows[0])[0], field.dataType),
    };
  }

  /** Each query's answer, one after another. */
  async function answers(sqls: readonly string[]): Promise<Answer[]> {
    const out: Answer[] = [];
    for (const sql of sqls) out.push(await answer(sql));
    return out;
  }

  /** A query's schema, without running it. */
  async function schemaOf(sql: string): Promise<string> {
    return spark().sql(sql).schema.simpleString();
  }

  /** A query's schema and every row as strings: each column cast to STRING by Spark's own cast. */
  async function texts(sql: string): Promise<{ schema: string; rows: string[][] }> {
    const df = spark().sql(sql);
    const names = df.schema.fieldNames.map((n) => `\`${n}\``);
    const rows = await spark()
      .sql(`SELECT ${names.map((n) => `CAST(${n} AS STRING)`).join(", ")} FROM (${sql})`)
      .collect();
    return { schema: df.schema.simpleString(), rows: rows.map((r) => Object.values(r).map(String)) };
  }

  return { answer, answers, schemaOf, texts };
}

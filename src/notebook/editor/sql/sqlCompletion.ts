import type { ApiMember, StubIndex } from "../../../python/StubIndex";

/** A completion a SQL cell offers: a keyword, one of Spark's functions, or a name the notebook's SQL uses. */
export interface SqlCompletion {
  label: string;
  kind: "keyword" | "function" | "name";
  detail?: string;
  documentation?: string;
}

/** Spark SQL's keywords a query is written with (Spark's SQL reference), as a SQL cell completes them. */
export const SQL_KEYWORDS = [
  "SELECT",
  "FROM",
  "WHERE",
  "GROUP BY",
  "ORDER BY",
  "HAVING",
  "LIMIT",
  "OFFSET",
  "DISTINCT",
  "AS",
  "ON",
  "USING",
  "JOIN",
  "INNER",
  "LEFT",
  "RIGHT",
  "FULL",
  "OUTER",
  "CROSS",
  "SEMI",
  "ANTI",
  "UNION",
  "INTERSECT",
  "EXCEPT",
  "ALL",
  "WITH",
  "AND",
  "OR",
  "NOT",
  "IN",
  "IS",
  "NULL",
  "LIKE",
  "RLIKE",
  "BETWEEN",
  "EXISTS",
  "CASE",
  "WHEN",
  "THEN",
  "ELSE",
  "END",
  "CAST",
  "INTERVAL",
  "TRUE",
  "FALSE",
  "ASC",
  "DESC",
  "NULLS FIRST",
  "NULLS LAST",
  "OVER",
  "PARTITION BY",
  "ROWS BETWEEN",
  "RANGE BETWEEN",
  "UNBOUNDED PRECEDING",
  "CURRENT ROW",
  "CREATE",
  "OR REPLACE",
  "TEMPORARY VIEW",
  "TABLE",
  "VIEW",
  "DROP",
  "IF EXISTS",
  "INSERT INTO",
  "VALUES",
  "SHOW TABLES",
  "DESCRIBE",
  "EXPLAIN",
  "STRING",
  "BIGINT",
  "INT",
  "DOUBLE",
  "BOOLEAN",
  "TIMESTAMP",
  "DATE",
  "DECIMAL",
  "ARRAY",
  "MAP",
  "STRUCT",
];

/** pyspark.sql.functions that are DataFrame helpers, not SQL functions. */
const NOT_SQL = new Set([
  "col",
  "column",
  "lit",
  "expr",
  "when",
  "broadcast",
  "udf",
  "pandas_udf",
  "asc",
  "desc",
]);

/**
 * What a SQL cell completes: Spark SQL's keywords, Spark's built-in functions (their names, signatures and docs
 * from the pyspark stubs, as SQL and PySpark name them alike), and the names the notebook's other SQL cells use
 * (tables, views, columns). Never TypeScript's or Python's names.
 */
export function sqlCompletions(index: StubIndex, otherSql: readonly string[]): SqlCompletion[] {
  const out: SqlCompletion[] = SQL_KEYWORDS.map((label) => ({ label, kind: "keyword" }));
  const functions = [...(index.modules.get("pyspark.sql.functions")?.members.values() ?? [])].filter(
    (m): m is ApiMember => m.kind === "function" && !NOT_SQL.has(m.name) && !m.name.startsWith("_"),
  );
  for (const f of functions)
    out.push({ label: f.name, kind: "function", detail: `${f.name}${f.signature}`, documentation: f.doc });
  const known = new Set(out.map((c) => c.label.toLowerCase()));
  for (const text of otherSql) {
    for (const word of text.match(/[A-Za-z_][\w]*/g) ?? []) {
      if (known.has(word.toLowerCase())) continue;
      known.add(word.toLowerCase());
      out.push({ label: word, kind: "name" });
    }
  }
  return out;
}

/**
 * Analysis as Spark does it, eagerly: every DataFrame operator is checked when it is built. Names are resolved
 * by the compiler; types and everything else are checked by asking DuckDB to bind the operator's SQL over
 * typed empty inputs, and DuckDB's complaints are reworded as Spark's AnalysisExceptions.
 */
import type { DuckDB } from "../duckdb/DuckDB";
import { DuckDBError } from "../duckdb/DuckDB";
import { compilePlan, inlineViews, placeholderSql } from "./compiler";
import { AnalysisException, ParseException, unresolvedColumn } from "./errors";
import type { LogicalPlan } from "./plan";
import { fromArrowSchema, type StructType } from "./types";

/** Distributes `Omit` over the plan union, so a node can be described before its schema is known. */
export type UnanalysedPlan = LogicalPlan extends infer P
  ? P extends LogicalPlan
    ? Omit<P, "schema">
    : never
  : never;

export class Analyzer {
  constructor(private readonly db: DuckDB) {}

  /** The schema of a query's result, without running it. */
  readonly schemaOf = (sql: string): StructType => {
    const result = this.db.query(`SELECT * FROM (${sql}) AS __schema LIMIT 0`);
    return fromArrowSchema(result.schema);
  };

  /** Checks a new operator over analysed children and gives it its output schema. */
  analyse(node: UnanalysedPlan, candidates: readonly string[] = []): LogicalPlan {
    const draft = { ...node, schema: undefined } as unknown as LogicalPlan;
    const sql = compilePlan(draft, (leaf) => this.leafSql(leaf), this.schemaOf);
    try {
      return { ...node, schema: this.schemaOf(sql) } as LogicalPlan;
    } catch (error) {
      throw translateDuckDBError(error, candidates);
    }
  }

  /** SQL standing in for a leaf during analysis: the table itself, or typed empty rows. */
  leafSql(leaf: Extract<LogicalPlan, { kind: "relation" }>): string {
    switch (leaf.relation.type) {
      case "table":
        return `SELECT * FROM "${leaf.relation.name.replaceAll('"', '""')}"`;
      case "sql":
        return inlineViews(leaf.relation.sql, leaf.relation.views, (l) => this.leafSql(l), this.schemaOf);
      default:
        return placeholderSql(leaf.schema);
    }
  }
}

/** DuckDB's error for a query, in Spark's words where Spark has words for it. */
export function translateDuckDBError(error: unknown, candidates: readonly string[] = []): unknown {
  if (!(error instanceof DuckDBError)) return error;
  const message = error.message;
  const firstLine = message.split("\n")[0];
  const column = /Referenced column "([^"]+)" not found/.exec(message);
  if (column) {
    const bindings = /Candidate bindings: (.*)/.exec(message)?.[1];
    const names =
      candidates.length > 0
        ? candidates
        : [...(bindings ?? "").matchAll(/"([^"]+)"/g)].map((m) => m[1].replace(/^.*\./, ""));
    return unresolvedColumn(column[1], names);
  }
  const table = /Table with name (\S+) does not exist/.exec(message);
  if (table) {
    return new AnalysisException(
      `The table or view \`${table[1]}\` cannot be found. Verify the spelling and correctness of the schema and catalog. SQLSTATE: 42P01`,
      "TABLE_OR_VIEW_NOT_FOUND",
      { relationName: `\`${table[1]}\`` },
      { cause: error },
    );
  }
  const grouping = /column "([^"]+)" must appear in the GROUP BY clause/.exec(message);
  if (grouping) {
    return new AnalysisException(
      `The non-aggregating expression "${grouping[1]}" is based on columns which are not participating in the GROUP BY clause. SQLSTATE: 42803`,
      "MISSING_AGGREGATION",
      { expression: grouping[1] },
      { cause: error },
    );
  }
  if (/^Parser Error/.test(message)) {
    return new ParseException(
      `[PARSE_SYNTAX_ERROR] ${firstLine.replace(/^Parser Error: /, "")}`,
      "PARSE_SYNTAX_ERROR",
      {},
      { cause: error },
    );
  }
  if (/^(Binder Error|Catalog Error)/.test(message)) {
    const detail = message
      .replace(/^(Binder|Catalog) Error: /, "")
      .split("\n\nLINE")[0]
      .trim();
    if (
      /No function matches|Cannot compare|Could not choose a best candidate|cannot be cast|Cannot mix/.test(
        detail,
      )
    ) {
      return new AnalysisException(
        `Cannot resolve due to data type mismatch: ${detail}`,
        "DATATYPE_MISMATCH",
        {},
        { cause: error },
      );
    }
    return new AnalysisException(detail, undefined, {}, { cause: error });
  }
  if (/^Conversion Error/.test(message)) {
    return new AnalysisException(
      firstLine.replace(/^Conversion Error: /, ""),
      "CAST_INVALID_INPUT",
      {},
      { cause: error },
    );
  }
  return error;
}

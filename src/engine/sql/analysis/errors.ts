/**
 * Spark's exceptions, with Spark's error classes and wording so that messages read as a Spark user expects:
 * "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name `x` cannot be
 * resolved. Did you mean one of the following? [`a`, `b`]."
 */
export class AnalysisException extends Error {
  override name = "AnalysisException";
  constructor(
    message: string,
    readonly errorClass?: string,
    readonly messageParameters: Record<string, string> = {},
    options?: { cause?: unknown },
  ) {
    super(errorClass && !message.startsWith("[") ? `[${errorClass}] ${message}` : message, options);
  }

  getErrorClass(): string | undefined {
    return this.errorClass;
  }
}

/** A SQL or DDL string Spark cannot parse. In Spark it is an AnalysisException too. */
export class ParseException extends AnalysisException {
  override name = "ParseException";
}

/** Raised by a query that failed while running; carries the batch that failed and why. */
export class StreamingQueryException extends Error {
  override name = "StreamingQueryException";
  constructor(
    message: string,
    readonly queryId: string,
    readonly runId: string,
    /** The micro-batch that failed, or -1 where the failure came before any batch. */
    readonly batchId: number,
    override readonly cause: unknown,
  ) {
    super(message, { cause });
  }
}

/** PySpark's argument errors (`createDataFrame` rows that do not fit the schema), with PySpark's error classes. */
export class PySparkTypeError extends TypeError {
  override name = "PySparkTypeError";
  constructor(
    message: string,
    readonly errorClass: string,
  ) {
    super(message);
  }
}

export class PySparkValueError extends Error {
  override name = "PySparkValueError";
  constructor(
    message: string,
    readonly errorClass: string,
  ) {
    super(message);
  }
}

/** A failure while computing values (division by zero, a bad cast at run time), with Spark's error class. */
export class SparkArithmeticException extends Error {
  override name = "SparkArithmeticException";
  constructor(
    message: string,
    readonly errorClass: string,
  ) {
    super(message);
  }
}

/** Spark's IllegalArgumentException: a bad argument to an API call (bad trigger interval, bad option). */
export class IllegalArgumentException extends Error {
  override name = "IllegalArgumentException";
}

/** Spark's UnsupportedOperationException (e.g. an action Sluice does not offer). */
export class UnsupportedOperationException extends Error {
  override name = "UnsupportedOperationException";
}

/** Spark's `toSQLId`: each name part in backticks, joined by dots ("`geo`.`city`"). */
export function toSQLId(parts: string | readonly string[]): string {
  const list = typeof parts === "string" ? [parts] : parts;
  return list.map((p) => `\`${p.replaceAll("`", "``")}\``).join(".");
}

/** Spark's `toSQLType`: a type as error messages show it ("INT", "ARRAY<STRING>"). */
export function toSQLType(type: { simpleString(): string }): string {
  return `"${type.simpleString().toUpperCase()}"`;
}

/** Levenshtein distance; Spark orders its "Did you mean" candidates by it. */
function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return dp[b.length];
}

/**
 * Spark's `orderSuggestedIdentifiersBySimilarity`: candidates (name parts, qualifier first) with a common
 * qualifier stripped, quoted, and ordered by edit distance to the name asked for (stable for ties).
 */
export function orderSuggestions(
  name: string,
  candidates: readonly (string | readonly string[])[],
): string[] {
  const parts = candidates.map((c) => (typeof c === "string" ? [c] : [...c]));
  const qualifiers = new Set(parts.map((p) => p.slice(0, -1).join("\u0000")));
  const stripped = qualifiers.size === 1 && !name.includes(".") ? parts.map((p) => p.slice(-1)) : parts;
  return stripped
    .map((p) => toSQLId(p))
    .map((quoted, index) => ({ quoted, index, distance: editDistance(quoted, name) }))
    .sort((x, y) => x.distance - y.distance || x.index - y.index)
    .map(({ quoted }) => quoted);
}

/** UNRESOLVED_COLUMN with up to five suggestions, as Spark raises it for a name no input column has. */
export function unresolvedColumn(
  name: string | readonly string[],
  candidates: readonly (string | readonly string[])[],
): AnalysisException {
  const objectName = toSQLId(name);
  if (candidates.length === 0) {
    return new AnalysisException(
      `A column, variable, or function parameter with name ${objectName} cannot be resolved. SQLSTATE: 42703`,
      "UNRESOLVED_COLUMN.WITHOUT_SUGGESTION",
      { objectName },
    );
  }
  const display = typeof name === "string" ? name : name.join(".");
  const proposal = orderSuggestions(display, candidates).slice(0, 5).join(", ");
  return new AnalysisException(
    `A column, variable, or function parameter with name ${objectName} cannot be resolved. Did you mean one of the following? [${proposal}]. SQLSTATE: 42703`,
    "UNRESOLVED_COLUMN.WITH_SUGGESTION",
    { objectName, proposal },
  );
}

/** A struct has no field of that name (`col("geo.citi")`). */
export function fieldNotFound(field: string, fields: readonly string[]): AnalysisException {
  const fieldName = toSQLId(field);
  const list = fields.map((f) => toSQLId(f)).join(", ");
  return new AnalysisException(
    `No such struct field ${fieldName} in ${list}. SQLSTATE: 42704`,
    "FIELD_NOT_FOUND",
    { fieldName, fields: list },
  );
}

/** A field was asked of a value that has none (`col("name.x")` on a string). */
export function invalidExtractBase(base: string, type: { simpleString(): string }): AnalysisException {
  return new AnalysisException(
    `Can't extract a value from "${base}". Need a complex type [STRUCT, ARRAY, MAP] but got ${toSQLType(type)}. SQLSTATE: 42000`,
    "INVALID_EXTRACT_BASE_FIELD_TYPE",
    { base: `"${base}"`, other: toSQLType(type) },
  );
}

/** DATATYPE_MISMATCH.<subclass>: an expression whose inputs have types it cannot take. */
export function dataTypeMismatch(sqlExpr: string, subclass: string, detail: string): AnalysisException {
  return new AnalysisException(
    `Cannot resolve "${sqlExpr}" due to data type mismatch: ${detail} SQLSTATE: 42K09`,
    subclass ? `DATATYPE_MISMATCH.${subclass}` : "DATATYPE_MISMATCH",
    { sqlExpr: `"${sqlExpr}"` },
  );
}

/** An output column of an aggregation that is neither grouped nor aggregated. */
export function missingAggregation(expression: string): AnalysisException {
  return new AnalysisException(
    `The non-aggregating expression "${expression}" is based on columns which are not participating in the GROUP BY clause.\nAdd the columns or the expression to the GROUP BY, aggregate the expression, or use "any_value(${expression})" if you do not care which of the values within a group is returned. SQLSTATE: 42803`,
    "MISSING_AGGREGATION",
    { expression: `"${expression}"`, expressionAnyValue: `"any_value(${expression})"` },
  );
}

export function unresolvedRoutine(name: string): AnalysisException {
  return new AnalysisException(
    `Cannot resolve routine ${toSQLId(name)} on search path [\`system\`.\`builtin\`, \`system\`.\`session\`, \`spark_catalog\`.\`default\`]. SQLSTATE: 42883`,
    "UNRESOLVED_ROUTINE",
    { routineName: toSQLId(name) },
  );
}

export function tableOrViewNotFound(name: string): AnalysisException {
  return new AnalysisException(
    `The table or view ${toSQLId(name)} cannot be found. Verify the spelling and correctness of the schema and catalog.\nIf you did not qualify the name with a schema, verify the current_schema() output, or qualify the name with the correct schema and catalog.\nTo tolerate the error on drop use DROP VIEW IF EXISTS or DROP TABLE IF EXISTS. SQLSTATE: 42P01`,
    "TABLE_OR_VIEW_NOT_FOUND",
    { relationName: toSQLId(name) },
  );
}

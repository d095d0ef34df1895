/**
 * Spark's QueryParsingErrors: SQL, expressions and DDL strings that do not parse, as ParseExceptions. Like
 * Spark's, the message ends with where the parser stopped and, for a statement, the SQL with a marker under it.
 */
import { ParseException, SparkException } from "./exceptions";
import { getErrorMessage } from "./SparkThrowableHelper";

/** Where a parser stopped: Spark's `(line l, pos p)`, and the statement with `^^^` under that place. */
function position(text: string | undefined, pos: number): string {
  if (text === undefined) return ` (line 1, pos ${pos})`;
  const before = text.slice(0, pos);
  const line = before.split("\n").length;
  const column = pos - (before.lastIndexOf("\n") + 1);
  const lines = text.split("\n");
  const context = [...lines.slice(0, line), `${"-".repeat(column)}^^^`, ...lines.slice(line)].join("\n");
  return ` (line ${line}, pos ${column})\n\n== SQL ==\n${context}\n`;
}

/**
 * PARSE_SYNTAX_ERROR at or near `near` (a quoted token, or "end of input"), at `pos` of `text`; without `text`,
 * only the position on the first line is given.
 */
export function parseSyntaxError(near: string, pos: number, text?: string, cause?: unknown): ParseException {
  return new ParseException(
    "PARSE_SYNTAX_ERROR",
    { error: near, hint: "" },
    { cause, context: position(text, pos) },
  );
}

/** `()` among the sets of CUBE or ROLLUP (`element`), at `pos` of `text`. */
export function invalidGroupingSet(element: string, pos: number, text: string): ParseException {
  return new ParseException("_LEGACY_ERROR_TEMP_0051", { element }, { context: position(text, pos) });
}

/** A syntax error DuckDB found, at the token it names. */
export function duckdbSyntaxError(near: string, cause: unknown): ParseException {
  return new ParseException("PARSE_SYNTAX_ERROR", { error: near, hint: "" }, { cause });
}

/** Valid Spark SQL that Sluice's parsers do not plan, where no other path runs it. */
export function unsupportedSyntax(syntax: string): ParseException {
  return new ParseException("SLUICE_UNSUPPORTED_SYNTAX", { syntax });
}

/** Why a statement cannot run through the planner, as a reason inside another message. */
export function unsupportedSyntaxReason(syntax: string): string {
  return getErrorMessage("SLUICE_UNSUPPORTED_SYNTAX", { syntax });
}

/** A type name in a DDL string that Spark does not know. */
export function unsupportedDataType(typeName: string): ParseException {
  return new ParseException("UNSUPPORTED_DATATYPE", { typeName: `"${typeName.toUpperCase()}"` });
}

/** A clause of CREATE TABLE given twice. */
export function duplicateClauses(clauseName: string): ParseException {
  return new ParseException("DUPLICATE_CLAUSES", { clauseName });
}

export function createViewWithIfNotExistsAndReplace(): ParseException {
  return new ParseException("_LEGACY_ERROR_TEMP_0052", {});
}

export function temporaryViewWithIfNotExists(): ParseException {
  return new ParseException("_LEGACY_ERROR_TEMP_0053", {});
}

/** CREATE TABLE with both LOCATION and OPTIONS (path ...). */
export function duplicatedTablePaths(pathOne: string, pathTwo: string): ParseException {
  return new ParseException("_LEGACY_ERROR_TEMP_0032", { pathOne, pathTwo });
}

/** Spark's `operationNotAllowed`: valid syntax for something Spark refuses ("CREATE EXTERNAL TABLE must..."). */
export function operationNotAllowed(message: string): ParseException {
  return new ParseException("_LEGACY_ERROR_TEMP_0035", { message });
}

export function temporaryTableWithoutProvider(): ParseException {
  return new ParseException("_LEGACY_ERROR_TEMP_0046", {});
}

/** Spark's CollationFactory: a collation name it does not know, with the closest valid names. */
export function collationInvalidName(collationName: string, proposals: readonly string[]): SparkException {
  return new SparkException("COLLATION_INVALID_NAME", { collationName, proposals: proposals.join(", ") });
}

/** `X'...'` with a character that is not a hex digit (`digits` as padded to an even count). */
export function invalidHexBinary(digits: string): ParseException {
  return new ParseException("_LEGACY_ERROR_TEMP_0022", {
    msg: `contains illegal character for hexBinary: ${digits}`,
  });
}

/** An interval literal mixing year-month and day-time units (`interval 4 month 2 weeks`): Spark's mixedIntervalUnitsError. */
export function mixedIntervalUnits(literal: string): ParseException {
  return new ParseException("_LEGACY_ERROR_TEMP_0029", { literal });
}

/** A numeric literal of more than 38 digits (`1234567890123456789012345678901234567890`): DecimalType's limit. */
export function decimalLiteralTooWide(): ParseException {
  return new ParseException("_LEGACY_ERROR_TEMP_1229", { decimalType: "decimal", precision: "38" });
}

/** A `BD` literal whose precision or scale passes 38 (`1.20E-38BD`): AstBuilder's visitBigDecimalLiteral. */
export function bigDecimalLiteralTooWide(): ParseException {
  return new ParseException("_LEGACY_ERROR_TEMP_0061", {
    msg: "decimal can only support precision up to 38.",
  });
}

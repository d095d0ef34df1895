/**
 * What the parsers throw: ParseError for text that is not Spark SQL (the session turns it into Spark's
 * ParseException), UnsupportedSyntax for valid Spark SQL the parsers do not plan; and Spark's wording of a
 * syntax error.
 */

export class ParseError extends Error {
  override name = "ParseError";
  constructor(
    message: string,
    readonly position: number,
    /** The text the error is "at or near", as Spark quotes it. */
    readonly near?: string,
  ) {
    super(message);
  }
}

/** Valid Spark SQL this parser does not turn into a plan (subqueries, window functions...). */
export class UnsupportedSyntax extends ParseError {
  override name = "UnsupportedSyntax";
}

/** Spark's message for a syntax error at `pos` of one-line text. */
export function syntaxError(near: string, pos: number): string {
  return `[PARSE_SYNTAX_ERROR] Syntax error at or near ${near}. SQLSTATE: 42601 (line 1, pos ${pos})`;
}

/** Spark's message for a syntax error at `pos` of `text`: the line and column, and the SQL with a marker. */
export function syntaxErrorIn(text: string, near: string, pos: number): string {
  const before = text.slice(0, pos);
  const line = before.split("\n").length;
  const column = pos - (before.lastIndexOf("\n") + 1);
  const lines = text.split("\n");
  const marker = `${"-".repeat(column)}^^^`;
  const context = [...lines.slice(0, line), marker, ...lines.slice(line)].join("\n");
  return `[PARSE_SYNTAX_ERROR] Syntax error at or near ${near}. SQLSTATE: 42601 (line ${line}, pos ${column})\n\n== SQL ==\n${context}\n`;
}

/**
 * What the parsers throw: ParseError for text that is not Spark SQL, UnsupportedSyntax for valid Spark SQL the
 * parsers do not plan. Each carries the ParseException the session raises where it reaches the user.
 */
import type { ParseException } from "../../errors";
import { parseSyntaxError, unsupportedSyntax } from "../../errors/QueryParsingErrors";

export class ParseError extends Error {
  override name = "ParseError";
  constructor(
    /** What the user sees: Spark's ParseException for this error. */
    readonly exception: ParseException,
    readonly position: number,
    /** The text the error is "at or near", as Spark quotes it. */
    readonly near?: string,
  ) {
    super(exception.message);
  }
}

/** Valid Spark SQL this parser does not turn into a plan (subqueries, window functions...). */
export class UnsupportedSyntax extends ParseError {
  override name = "UnsupportedSyntax";
  constructor(
    /** The construct, as a reason names it ("A scalar subquery"). */
    readonly syntax: string,
    position: number,
  ) {
    super(unsupportedSyntax(syntax), position);
  }
}

/** Spark's PARSE_SYNTAX_ERROR at `pos` of one-line text, at or near `near`. */
export function syntaxErrorAt(near: string, pos: number): ParseError {
  return new ParseError(parseSyntaxError(near, pos), pos, near);
}

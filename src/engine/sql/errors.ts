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

/** Spark's IllegalArgumentException: a bad argument to an API call (bad trigger interval, bad option). */
export class IllegalArgumentException extends Error {
  override name = "IllegalArgumentException";
}

/** Spark's UnsupportedOperationException (e.g. an action Sluice does not offer). */
export class UnsupportedOperationException extends Error {
  override name = "UnsupportedOperationException";
}

export function quoteForMessage(name: string): string {
  return `\`${name}\``;
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

/** Up to five candidates, closest first, as Spark's UNRESOLVED_COLUMN suggestions. */
export function closestNames(name: string, candidates: readonly string[]): string[] {
  const target = name.toLowerCase();
  return [...candidates]
    .map((c) => ({ c, d: editDistance(target, c.toLowerCase()) }))
    .sort((x, y) => x.d - y.d)
    .slice(0, 5)
    .map(({ c }) => c);
}

export function unresolvedColumn(name: string, candidates: readonly string[]): AnalysisException {
  const objectName = quoteForMessage(name);
  if (candidates.length === 0) {
    return new AnalysisException(
      `A column, variable, or function parameter with name ${objectName} cannot be resolved. SQLSTATE: 42703`,
      "UNRESOLVED_COLUMN.WITHOUT_SUGGESTION",
      { objectName },
    );
  }
  const proposal = closestNames(name, candidates).map(quoteForMessage).join(", ");
  return new AnalysisException(
    `A column, variable, or function parameter with name ${objectName} cannot be resolved. Did you mean one of the following? [${proposal}]. SQLSTATE: 42703`,
    "UNRESOLVED_COLUMN.WITH_SUGGESTION",
    { objectName, proposal },
  );
}

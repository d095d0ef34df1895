/**
 * Spark's QueryErrorsBase / DataTypeErrorsBase: how error messages quote what they name — identifiers in
 * backticks, types and expressions in double quotes — and the "Did you mean" ordering of UNRESOLVED_COLUMN.
 */

/** Spark's `toSQLId`: each name part in backticks, joined by dots ("`geo`.`city`"). */
export function toSQLId(parts: string | readonly string[]): string {
  const list = typeof parts === "string" ? [parts] : parts;
  return list.map((p) => `\`${p.replaceAll("`", "``")}\``).join(".");
}

/** Spark's `toSQLType`: a type as error messages show it ("INT", "ARRAY<STRING>"). */
export function toSQLType(type: { simpleString(): string }): string {
  return `"${type.simpleString().toUpperCase()}"`;
}

/** Spark's `toSQLExpr`: an expression's SQL in double quotes. */
export function toSQLExpr(sql: string): string {
  return `"${sql}"`;
}

/** Spark's `toSQLStmt`: a statement or clause as error messages show it, in upper case. */
export function toSQLStmt(text: string): string {
  return text.toUpperCase();
}

/** Spark's `toSQLValue` of a string: its SQL literal, quotes and backslashes escaped ('10 min', 'it\\'s'). */
export function toSQLStringValue(value: string): string {
  return `'${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}

/** Spark's `toSQLConf`: a configuration key in double quotes. */
export function toSQLConf(key: string): string {
  return `"${key}"`;
}

/** Spark's `ordinalNumber`: "first", "second", ... as messages count parameters and columns. */
export function ordinalNumber(index: number): string {
  const words = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
  ];
  return words[index] ?? `${index + 1}th`;
}

/** Levenshtein distance; Spark orders its "Did you mean" candidates by it. */
export function editDistance(a: string, b: string): number {
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

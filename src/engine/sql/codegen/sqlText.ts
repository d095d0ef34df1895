/**
 * Whole Spark SQL statements (`spark.sql(...)`) in DuckDB's dialect, token by token: Spark's double-quoted
 * strings become single-quoted, backticked names double-quoted, and temporary views are inlined as subqueries
 * so that they read whatever their DataFrame reads.
 */
import { quoteIdentifier, quoteString } from "../../duckdb/DuckDB";
import { tokenize } from "../parser/Lexer";

const RELATION_KEYWORDS = new Set(["from", "join"]);

/** Rewrites `text`; `viewSql(name)` gives the SQL of a temporary view, or undefined for other names. */
export function translateSparkSql(text: string, viewSql: (name: string) => string | undefined): string {
  const tokens = tokenize(text);
  const out: string[] = [];
  let previousWord = "";
  let inFromList = false;
  for (const [i, t] of tokens.entries()) {
    if (t.kind === "eof") break;
    const lower = t.kind === "ident" ? t.value.toLowerCase() : "";
    const expectsRelation =
      RELATION_KEYWORDS.has(previousWord) || (inFromList && tokens[i - 1]?.value === ",");
    if ((t.kind === "ident" || t.kind === "quotedIdent") && expectsRelation && tokens[i + 1]?.value !== "(") {
      const view = viewSql(t.value);
      out.push(view === undefined ? quoteIdentifier(t.value) : `(${view}) AS ${quoteIdentifier(t.value)}`);
    } else if (t.kind === "string") out.push(quoteString(t.value));
    else if (t.kind === "quotedIdent") out.push(quoteIdentifier(t.value));
    else if (t.kind === "op" && t.value === "==") out.push("=");
    else out.push(t.text);
    if (lower === "from") inFromList = true;
    else if (["where", "group", "order", "having", "limit", "union", "join", "on", "select"].includes(lower))
      inFromList = false;
    if (t.kind === "ident") previousWord = lower;
    else if (t.kind !== "op" || t.value !== ",") previousWord = "";
  }
  return out.join(" ");
}

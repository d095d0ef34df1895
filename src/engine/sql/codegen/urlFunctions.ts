/**
 * Spark's URL functions and str_to_map, in SQL. `url_encode`/`url_decode` are java.net.URLEncoder/URLDecoder
 * (a space is `+`, `*` stays, `~` is escaped); a `%` not followed by two hex digits fails url_decode with
 * CANNOT_DECODE_URL (try_url_decode gives null). `parse_url` reads a URL as java.net.URI does, by RFC 2396's
 * regular expression; a URL that URI refuses (a space, `"<>\^`{|}`, a bad escape, a second `#`) fails with
 * INVALID_URL (try_parse_url gives null).
 */
import { quoteString } from "../../duckdb/DuckDB";
import { raiseErrorSql } from "../../errors/QueryExecutionErrors";
import { type FunctionSpec, partially, S, sqlOf } from "./functionSpecs";

export const PARSE_URL_NOTE =
  "java.net.URI's syntax checked by pattern (spaces, \"<>\\^`{|} and bad % escapes are invalid); with spark.sql.ansi.enabled=false an invalid URL still fails (use try_parse_url)";
export const STR_TO_MAP_NOTE =
  "a repeated key fails with DuckDB's duplicate-key error, not DUPLICATED_MAP_KEY; spark.sql.mapKeyDedupPolicy=LAST_WIN is not applied";

/** Java's URLEncoder over DuckDB's url_encode (which leaves `~` and escapes `*` and the space as %20). */
const urlEncodeSql = (s: string) =>
  `replace(replace(replace(url_encode(${s}), '%20', '+'), '%2A', '*'), '~', '%7E')`;

/** Whether URLDecoder refuses the text: a `%` without two hex digits after it. */
const badEscapeSql = (s: string) => `contains(regexp_replace(${s}, '%[0-9A-Fa-f]{2}', '', 'g'), '%')`;

function urlDecodeSql(s: string, tolerant: boolean): string {
  const decoded = `url_decode(replace(${s}, '+', ' '))`;
  const failure = tolerant
    ? "NULL"
    : `CAST(${raiseErrorSql("SparkIllegalArgumentException", "CANNOT_DECODE_URL", { url: s })} AS VARCHAR)`;
  return `(CASE WHEN ${badEscapeSql(s)} THEN ${failure} ELSE ${decoded} END)`;
}

/** RFC 2396's URI pattern: 2 scheme, 3 `//authority`, 4 authority, 5 path, 6 `?query`, 7 query, 8 `#`, 9 fragment. */
const URI_PATTERN = "^(([^:/?#]+):)?(//([^/?#]*))?([^?#]*)(\\?([^#]*))?(#(.*))?$";
const INVALID_URI = '[[:cntrl:] "<>\\\\^`{|}]|%([^0-9A-Fa-f]|[0-9A-Fa-f][^0-9A-Fa-f]|[0-9A-Fa-f]?$)|#.*#';

function parseUrlSql(a: string[], tolerant: boolean): string {
  const [url, part, key] = a;
  const g = (n: number) => `regexp_extract(${url}, ${quoteString(URI_PATTERN)}, ${n})`;
  const hasScheme = `(${g(1)} <> '')`;
  const opaque = `(${hasScheme} AND ${g(3)} = '' AND NOT starts_with(${g(5)}, '/'))`;
  const authority = `(CASE WHEN ${g(4)} <> '' THEN ${g(4)} END)`;
  const hostPort = `regexp_replace(${g(4)}, '^[^@]*@', '')`;
  // URI's server-based authority: a host name (or an IPv6 literal) and a numeric port; else no host.
  const host = `(CASE WHEN regexp_full_match(${hostPort}, '(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(:[0-9]*)?') THEN regexp_extract(${hostPort}, '^(\\[[^\\]]*\\]|[^:]*)', 1) END)`;
  const query = `(CASE WHEN NOT ${opaque} AND ${g(6)} <> '' THEN ${g(7)} END)`;
  const path = `(CASE WHEN NOT ${opaque} THEN ${g(5)} END)`;
  const parts: Record<string, string> = {
    HOST: host,
    PATH: path,
    QUERY: query,
    REF: `(CASE WHEN ${g(8)} <> '' THEN ${g(9)} END)`,
    PROTOCOL: `(CASE WHEN ${hasScheme} THEN ${g(2)} END)`,
    FILE: `(CASE WHEN ${query} IS NOT NULL THEN ${path} || '?' || ${query} ELSE ${path} END)`,
    AUTHORITY: authority,
    USERINFO: `(CASE WHEN contains(${authority}, '@') THEN regexp_extract(${authority}, '^([^@]*)@', 1) END)`,
  };
  let value: string;
  if (key === undefined) {
    value = `(CASE ${part} ${Object.entries(parts)
      .map(([name, sql]) => `WHEN '${name}' THEN ${sql}`)
      .join(" ")} END)`;
  } else {
    // Spark's key is a regular expression: `(&|^)key=([^&]*)` over the query.
    const pattern = `('(&|^)' || ${key} || '=([^&]*)')`;
    value = `(CASE WHEN ${part} = 'QUERY' AND regexp_matches(${query}, ${pattern}) THEN regexp_extract(${query}, ${pattern}, 2) END)`;
  }
  const failure = tolerant
    ? "NULL"
    : `CAST(${raiseErrorSql("SparkIllegalArgumentException", "INVALID_URL", { url })} AS VARCHAR)`;
  return `(CASE WHEN ${url} IS NULL OR ${part} IS NULL THEN NULL WHEN regexp_matches(${url}, ${quoteString(INVALID_URI)}) THEN ${failure} ELSE CAST(${value} AS VARCHAR) END)`;
}

/**
 * Spark's StringToMap: the text split by the pair delimiter, each pair at the first key-value delimiter (both
 * regular expressions), a pair without one a key with a null value.
 */
function strToMapSql(a: string[]): string {
  const [text, pairDelim = "','", kvDelim = "':'"] = a;
  const matches = `regexp_matches(__p, ${kvDelim})`;
  const key = `(CASE WHEN ${matches} THEN regexp_extract(__p, '(?s)^(.*?)' || ${kvDelim}, 1) ELSE __p END)`;
  const value = `(CASE WHEN ${matches} THEN regexp_replace(__p, '(?s)^.*?' || ${kvDelim}, '') END)`;
  return `(CASE WHEN ${text} IS NOT NULL THEN map_from_entries(list_transform(regexp_split_to_array(${text}, ${pairDelim}), lambda __p: struct_pack(k := ${key}, v := CAST(${value} AS VARCHAR)))) END)`;
}

export const URL_FUNCTIONS: Record<string, FunctionSpec> = {
  url_encode: sqlOf((a) => urlEncodeSql(a[0]), [S]),
  url_decode: sqlOf((a) => urlDecodeSql(a[0], false), [S]),
  try_url_decode: sqlOf((a) => urlDecodeSql(a[0], true), [S]),
  parse_url: partially(
    sqlOf((a) => parseUrlSql(a, false), [S, S, S], 2, 3),
    PARSE_URL_NOTE,
  ),
  try_parse_url: partially(
    sqlOf((a) => parseUrlSql(a, true), [S, S, S], 2, 3),
    PARSE_URL_NOTE,
  ),
  str_to_map: partially(sqlOf(strToMapSql, [S, S, S], 1, 3), STR_TO_MAP_NOTE),
};

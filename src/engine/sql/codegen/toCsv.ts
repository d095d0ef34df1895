/**
 * issue 11: Spark's StructsToCsv, `to_csv(struct[, options])`: the struct's fields as one CSV line, as Spark's CSV
 * writer (Univocity) writes them: separated by `sep` (`,`), a value quoted with `quote` (`"`) where it holds the
 * separator, a quote or a line break (a quote inside escaped with `escape`, `\`), every value quoted under
 * `quoteAll`, leading and trailing spaces dropped (`ignoreLeadingWhiteSpace` / `ignoreTrailingWhiteSpace`), a null
 * as `nullValue` (empty), an empty string as `emptyValue` (`""`), dates and timestamps in `dateFormat` and
 * `timestampFormat`. Spark 4 refuses structs holding arrays, maps, structs, binaries or variants
 * (DATATYPE_MISMATCH.UNSUPPORTED_INPUT_TYPE): from_csv could not read them back.
 */
import { quoteIdentifier, quoteString } from "../../duckdb/DuckDB";
import { unsupportedInputTypeOf } from "../../errors/QueryCompilationErrors";
import { expressionSql } from "../analysis/naming";
import { AtomicType, type DataType, DecimalType, StructType } from "../types";
import { javaToStrftime } from "./datetimeFormat";
import { type FunctionSpec, literalOptions } from "./functionSpecs";

export const TO_CSV_NOTE =
  "the options sep/delimiter, quote, escape, quoteAll, nullValue, emptyValue, dateFormat, timestampFormat, ignoreLeadingWhiteSpace and ignoreTrailingWhiteSpace; others are ignored";

const truthy = (value: string | undefined, fallback: boolean) =>
  value === undefined ? fallback : value.toLowerCase() === "true";

function supported(type: DataType): boolean {
  if (type instanceof AtomicType) return type.name !== "binary";
  return type instanceof DecimalType;
}

/** SQL of the CSV line of struct `sql` of type `type`, under Spark's CSV `options`. */
export function toCsvSql(sql: string, type: StructType, options: Record<string, string>): string {
  const sep = options.sep ?? options.delimiter ?? ",";
  const quote = options.quote ?? '"';
  const escapeChar = options.escape ?? "\\";
  const quoteAll = truthy(options.quoteAll, false);
  const trimLeading = truthy(options.ignoreLeadingWhiteSpace, true);
  const trimTrailing = truthy(options.ignoreTrailingWhiteSpace, true);
  const nullValue = options.nullValue ?? "";
  const emptyValue = options.emptyValue ?? `${quote}${quote}`;
  const timestampFormat = javaToStrftime(options.timestampFormat ?? "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
  const dateFormat = javaToStrftime(options.dateFormat ?? "yyyy-MM-dd");
  const q = quoteString(quote);
  const cells = type.fields.map((f) => {
    const value = `(${sql}).${quoteIdentifier(f.name)}`;
    const name = f.dataType instanceof AtomicType ? f.dataType.name : "decimal";
    let text =
      name === "timestamp" || name === "timestamp_ntz"
        ? `strftime(${value}, ${quoteString(timestampFormat.replaceAll("%z", name === "timestamp" ? "Z" : ""))})`
        : name === "date"
          ? `strftime(${value}, ${quoteString(dateFormat)})`
          : name === "boolean"
            ? `(CASE WHEN ${value} THEN 'true' ELSE 'false' END)`
            : `CAST(${value} AS VARCHAR)`;
    if (trimLeading && trimTrailing) text = `trim(${text}, ' ')`;
    else if (trimLeading) text = `ltrim(${text}, ' ')`;
    else if (trimTrailing) text = `rtrim(${text}, ' ')`;
    const escaped = `replace(${text}, ${q}, ${quoteString(escapeChar + quote)})`;
    const needsQuotes = quoteAll
      ? "TRUE"
      : `(contains(${text}, ${quoteString(sep)}) OR contains(${text}, ${q}) OR contains(${text}, chr(10)) OR contains(${text}, chr(13)))`;
    return `(CASE WHEN ${value} IS NULL THEN ${quoteString(nullValue)} WHEN ${text} = '' THEN ${quoteString(emptyValue)} WHEN ${needsQuotes} THEN ${q} || ${escaped} || ${q} ELSE ${text} END)`;
  });
  const line = cells.length === 0 ? "''" : `concat_ws(${quoteString(sep)}, ${cells.join(", ")})`;
  return `(CASE WHEN ${sql} IS NULL THEN NULL ELSE ${line} END)`;
}

export const TO_CSV_FUNCTIONS: Record<string, FunctionSpec> = {
  to_csv: {
    sql: (a, raw, _d, typeOf) => {
      const type = typeOf?.(a[0]);
      if (!(type instanceof StructType) || !type.fields.every((f) => supported(f.dataType)))
        throw unsupportedInputTypeOf(
          `to_csv(${raw.slice(0, 1).map(expressionSql).join(", ")})`,
          "to_csv",
          type ?? new AtomicType("null"),
        );
      return toCsvSql(a[0], type, literalOptions(raw[1]));
    },
    minArgs: 1,
    maxArgs: 2,
    partial: TO_CSV_NOTE,
  },
};

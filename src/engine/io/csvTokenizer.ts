/**
 * CSV records split into fields as Spark's univocity parser splits them, for what DuckDB's reader cannot do:
 * `multiLine` (false by default: every line is a record, so a quoted line break ends it), `unescapedQuoteHandling`,
 * `maxCharsPerColumn`, `charToEscapeQuoteEscaping` and `emptyValue` (a quoted empty field) on read. The rules are
 * univocity's CsvParser, as Spark configures it (`CSVOptions.asParserSettings`):
 * - an unquoted value is taken as it is up to the delimiter, quotes and escapes included;
 * - in a quoted value, `escape` + `quote` is a quote, `charToEscapeQuoteEscaping` + `escape` is the escape, two
 *   quotes are one; a quote followed by something other than the delimiter, a line end or whitespace is an
 *   unescaped quote, handled as `unescapedQuoteHandling` says;
 * - an empty unquoted field is `nullValue`, an empty quoted one `emptyValue`.
 * The fields are then read by DuckDB from a canonical CSV text (every field quoted, quotes doubled).
 */

import { IllegalArgumentException } from "../errors/exceptions";

export type UnescapedQuoteHandling =
  | "STOP_AT_DELIMITER"
  | "BACK_TO_DELIMITER"
  | "STOP_AT_CLOSING_QUOTE"
  | "SKIP_VALUE"
  | "RAISE_ERROR";

export interface CsvTokenizerOptions {
  readonly sep: string;
  /** The quote character, "" for none. */
  readonly quote: string;
  readonly escape: string;
  /** charToEscapeQuoteEscaping: "" for none. */
  readonly escapeEscape: string;
  readonly comment: string | undefined;
  readonly nullValue: string;
  readonly emptyValue: string;
  /** -1 for no limit. */
  readonly maxCharsPerColumn: number;
  readonly quoteHandling: UnescapedQuoteHandling;
  readonly multiLine: boolean;
  readonly ignoreLeadingWhiteSpace: boolean;
  readonly ignoreTrailingWhiteSpace: boolean;
}

export interface CsvRecord {
  readonly fields: string[];
  /** The record's text in the file (Spark's corrupt-record text). */
  readonly text: string;
}

/** univocity's TextParsingException, as Spark passes it on. */
export class CsvParsingError extends Error {}

const HANDLINGS: readonly UnescapedQuoteHandling[] = [
  "STOP_AT_DELIMITER",
  "BACK_TO_DELIMITER",
  "STOP_AT_CLOSING_QUOTE",
  "SKIP_VALUE",
  "RAISE_ERROR",
];

/** Option `unescapedQuoteHandling`, case-insensitive as Spark's `UnescapedQuoteHandling.valueOf(_.toUpperCase)`. */
export function unescapedQuoteHandling(value: string | undefined): UnescapedQuoteHandling {
  if (value === undefined) return "STOP_AT_DELIMITER";
  const upper = value.toUpperCase();
  const found = HANDLINGS.find((h) => h === upper);
  if (!found)
    throw new IllegalArgumentException(
      `No enum constant com.univocity.parsers.csv.UnescapedQuoteHandling.${upper}`,
    );
  return found;
}

const EOF = "";
const NUL = "\0";
const isWhitespace = (c: string) => c !== EOF && c <= " ";

/** The value without its trailing characters up to U+0020, as univocity trims. */
function trimEnd(value: string): string {
  let end = value.length;
  while (end > 0 && value[end - 1] <= " ") end--;
  return value.slice(0, end);
}

/** The records of `text`: lines (or, with multiLine, records whose quoted values may span lines). */
export function tokenizeCsv(text: string, o: CsvTokenizerOptions): CsvRecord[] {
  const records: CsvRecord[] = [];
  const skip = (line: string) =>
    line.trim() === "" || (o.comment !== undefined && line.startsWith(o.comment));
  if (!o.multiLine) {
    for (const line of text.split(/\r\n|\r|\n/)) {
      if (skip(line)) continue;
      const parser = new RecordParser(line, 0, o);
      records.push({ fields: parser.parse(), text: line });
    }
    return records;
  }
  const normalized = text.replace(/\r\n?/g, "\n");
  let pos = 0;
  while (pos < normalized.length) {
    const lineEnd = normalized.indexOf("\n", pos);
    const line = normalized.slice(pos, lineEnd < 0 ? normalized.length : lineEnd);
    if (skip(line)) {
      pos = lineEnd < 0 ? normalized.length : lineEnd + 1;
      continue;
    }
    const parser = new RecordParser(normalized, pos, o);
    const fields = parser.parse();
    const end = parser.pos;
    records.push({ fields, text: normalized.slice(pos, end) });
    pos = end + 1;
  }
  return records;
}

/** One record from `start`: univocity's CsvParser.parseRecord, with the line end or the text's end ending it. */
class RecordParser {
  pos: number;
  private ch: string;
  private prev = NUL;
  private unescaped = false;
  private buf = "";
  private readonly fields: string[] = [];
  private readonly quote: string;
  private readonly esc: string;
  private readonly escEsc: string;
  private readonly untilDelimiter: boolean;

  constructor(
    private readonly text: string,
    start: number,
    private readonly o: CsvTokenizerOptions,
  ) {
    this.pos = start;
    this.ch = this.charAt(start);
    // A character that cannot occur stands for an unset quote or escape.
    this.quote = o.quote === "" ? "\uFFFF" : o.quote;
    this.esc = o.escape === "" ? "\uFFFE" : o.escape;
    this.escEsc = o.escapeEscape === "" ? NUL : o.escapeEscape;
    this.untilDelimiter = o.quoteHandling !== "STOP_AT_CLOSING_QUOTE" && o.quoteHandling !== "RAISE_ERROR";
  }

  private charAt(i: number): string {
    return i < this.text.length ? this.text[i] : EOF;
  }

  private next(): string {
    this.pos++;
    this.ch = this.charAt(this.pos);
    return this.ch;
  }

  private atDelimiter(): boolean {
    return this.o.sep.length === 1 ? this.ch === this.o.sep : this.text.startsWith(this.o.sep, this.pos);
  }

  private atLineEnd(): boolean {
    return this.ch === "\n" || this.ch === EOF;
  }

  private skipDelimiter(): void {
    this.pos += this.o.sep.length;
    this.ch = this.charAt(this.pos);
  }

  private push(value: string): void {
    if (this.o.maxCharsPerColumn >= 0 && value.length > this.o.maxCharsPerColumn)
      throw new CsvParsingError(
        `Length of parsed input (${value.length}) exceeds the maximum number of characters defined in your parser settings (${this.o.maxCharsPerColumn}). `,
      );
    this.fields.push(value);
  }

  /** A parsed value: the appender's text, or emptyValue when it is empty. */
  private valueParsed(): void {
    this.push(this.buf === "" ? this.o.emptyValue : this.buf);
    this.buf = "";
  }

  private checkLength(): void {
    if (this.o.maxCharsPerColumn >= 0 && this.buf.length > this.o.maxCharsPerColumn) this.push(this.buf);
  }

  parse(): string[] {
    const o = this.o;
    while (true) {
      if (o.ignoreLeadingWhiteSpace)
        while (isWhitespace(this.ch) && this.ch !== "\n" && !this.atDelimiter()) this.next();
      if (this.atLineEnd()) {
        this.push(o.nullValue);
        break;
      }
      if (this.atDelimiter()) {
        this.push(o.nullValue);
        this.skipDelimiter();
        if (this.atLineEnd()) {
          this.push(o.nullValue);
          break;
        }
        continue;
      }
      this.unescaped = false;
      this.prev = NUL;
      this.buf = "";
      if (this.ch === this.quote) {
        this.parseQuotedValue();
        if (!(this.unescaped && o.quoteHandling === "BACK_TO_DELIMITER" && this.buf === "")) {
          if (o.ignoreTrailingWhiteSpace && this.unescaped && this.untilDelimiter)
            this.buf = trimEnd(this.buf);
          this.valueParsed();
        }
      } else {
        const start = this.pos;
        while (!this.atLineEnd() && !this.atDelimiter()) this.next();
        let value = this.text.slice(start, this.pos);
        if (o.ignoreTrailingWhiteSpace) value = trimEnd(value);
        this.push(value === "" ? o.nullValue : value);
      }
      if (this.atLineEnd()) break;
      if (this.atDelimiter()) {
        this.skipDelimiter();
        if (this.atLineEnd()) {
          this.push(o.nullValue);
          break;
        }
      } else {
        // Only SKIP_VALUE / BACK_TO_DELIMITER leave the cursor elsewhere; move on to the delimiter.
        while (!this.atLineEnd() && !this.atDelimiter()) this.next();
      }
    }
    return this.fields;
  }

  private skipValue(): void {
    this.buf = "";
    while (!this.atLineEnd() && !this.atDelimiter()) this.next();
  }

  private raise(quoted: boolean): never {
    throw new CsvParsingError(
      `Unescaped quote character '${this.o.quote}' inside ${quoted ? "quoted" : ""} value of CSV field. To allow unescaped quotes, set 'parseUnescapedQuotes' to 'true' in the CSV parser settings. Cannot parse CSV input.`,
    );
  }

  private handleUnescapedQuoteInValue(): void {
    switch (this.o.quoteHandling) {
      case "SKIP_VALUE":
        this.skipValue();
        return;
      case "RAISE_ERROR":
        this.raise(false);
        return;
      default:
        this.buf += this.quote;
        this.prev = this.ch;
        this.parseValueProcessingEscape();
    }
  }

  /** An unescaped quote in a quoted value; false when the value was skipped. */
  private handleUnescapedQuote(): boolean {
    this.unescaped = true;
    switch (this.o.quoteHandling) {
      case "BACK_TO_DELIMITER": {
        let at = this.buf.indexOf(this.o.sep);
        while (at >= 0) {
          this.push(this.buf.slice(0, at));
          this.buf = this.buf.slice(at + this.o.sep.length);
          at = this.buf.indexOf(this.o.sep);
        }
        this.buf += this.ch;
        this.prev = NUL;
        this.parseQuotedValue();
        return true;
      }
      case "STOP_AT_CLOSING_QUOTE":
      case "STOP_AT_DELIMITER":
        this.buf += this.quote + this.ch;
        this.prev = this.ch;
        this.parseQuotedValue();
        return true;
      case "SKIP_VALUE":
        this.skipValue();
        return false;
      default:
        this.raise(true);
    }
  }

  private processQuoteEscape(): void {
    const { ch, prev, quote, esc, escEsc } = this;
    if (ch === esc && prev === escEsc && escEsc !== NUL) {
      this.buf += esc;
      this.ch = NUL;
    } else if (prev === esc) {
      if (ch === quote) {
        this.buf += quote;
        this.ch = NUL;
      } else this.buf += prev;
    } else if (ch === quote && prev === quote) this.buf += quote;
    else if (prev === quote) this.handleUnescapedQuoteInValue();
  }

  private parseValueProcessingEscape(): void {
    while (!this.atDelimiter() && !this.atLineEnd()) {
      if (this.ch !== this.quote && this.ch !== this.esc) {
        if (this.prev === this.quote) {
          this.handleUnescapedQuoteInValue();
          return;
        }
        this.buf += this.ch;
      } else this.processQuoteEscape();
      this.prev = this.ch;
      this.next();
    }
  }

  private appendUntilDelimiter(): void {
    while (!this.atDelimiter() && !this.atLineEnd()) {
      this.buf += this.ch;
      this.next();
    }
    this.checkLength();
  }

  /** univocity's parseQuotedValue: the cursor is on the opening quote, or on what follows an unescaped one. */
  private parseQuotedValue(): void {
    const { quote, esc, escEsc } = this;
    if (this.prev !== NUL && this.untilDelimiter) {
      if (this.o.quoteHandling === "SKIP_VALUE") {
        this.skipValue();
        return;
      }
      this.buf = quote + this.buf;
      this.next();
      this.appendUntilDelimiter();
      return;
    }
    this.next();
    while (true) {
      if (this.ch === EOF) {
        // A lone opening quote at the end of the input is kept, as univocity keeps it.
        if (this.prev === NUL && this.buf === "") this.buf = quote;
        return;
      }
      if (
        this.prev === quote &&
        ((isWhitespace(this.ch) && this.ch !== NUL) || this.atDelimiter() || this.ch === "\n")
      )
        break;
      if (this.ch !== quote && this.ch !== esc) {
        if (this.prev === quote) {
          this.handleUnescapedQuote();
          return;
        }
        if (this.prev === esc) this.buf += esc;
        while (this.ch !== EOF && this.ch !== quote && this.ch !== esc && this.ch !== escEsc) {
          this.buf += this.ch;
          this.next();
        }
        this.checkLength();
        if (this.ch === EOF) return;
        this.prev = this.ch;
        this.next();
      } else {
        this.processQuoteEscape();
        this.prev = this.ch;
        this.next();
        if (this.unescaped && (this.atDelimiter() || this.atLineEnd())) return;
      }
    }
    // Whitespace after the closing quote is dropped; anything else after it is an unescaped quote.
    if (!this.atDelimiter() && this.ch !== "\n" && isWhitespace(this.ch)) {
      let spaces = "";
      do {
        spaces += this.ch;
        this.next();
        if (this.atLineEnd()) return;
      } while (isWhitespace(this.ch));
      if (!this.atDelimiter() && this.o.quoteHandling !== "RAISE_ERROR") {
        this.buf += quote + spaces;
        if (this.untilDelimiter || (this.ch !== quote && this.ch !== esc)) this.buf += this.ch;
        this.prev = this.ch;
        this.parseQuotedValue();
      }
    }
    if (!this.atDelimiter() && !this.atLineEnd())
      throw new CsvParsingError(
        `Unexpected character '${this.ch}' following quoted value of CSV field. Expecting '${this.o.sep}'. Cannot parse CSV input.`,
      );
  }
}

/** The records as a CSV text DuckDB reads without ambiguity: every field quoted, quotes doubled, `\n` between. */
export function canonicalCsv(records: readonly CsvRecord[]): string {
  return records
    .map((r) => r.fields.map((f) => `"${f.replaceAll('"', '""')}"`).join(","))
    .join("\n")
    .concat(records.length > 0 ? "\n" : "");
}

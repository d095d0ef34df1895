/**
 * Spark's datetime patterns (Java's DateTimeFormatter: "yyyy-MM-dd HH:mm:ss") translated to the strftime /
 * strptime patterns DuckDB takes ("%Y-%m-%d %H:%M:%S").
 */
import { illegalDatetimePatternCharacter, unsupportedInSluice } from "../../errors/QueryExecutionErrors";

/** The letters of Spark's datetime patterns (DateTimeFormatterHelper); any other letter is illegal. */
const SPARK_PATTERN_LETTERS = "GyYuQqMLwdDFeEcahHkKmsSAVnNzZOXx";

const LETTERS: Record<string, string> = {
  yyyy: "%Y",
  yyy: "%Y",
  yy: "%y",
  y: "%Y",
  MMMM: "%B",
  MMM: "%b",
  MM: "%m",
  M: "%-m",
  dd: "%d",
  d: "%-d",
  HH: "%H",
  H: "%-H",
  hh: "%I",
  h: "%-I",
  mm: "%M",
  m: "%-M",
  ss: "%S",
  s: "%-S",
  SSSSSS: "%f",
  SSS: "%g",
  a: "%p",
  EEEE: "%A",
  EEE: "%a",
  E: "%a",
  DDD: "%j",
  D: "%-j",
  XXX: "%z",
  Z: "%z",
  z: "%Z",
};

export function javaToStrftime(pattern: string): string {
  let out = "";
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      const literal = end < 0 ? pattern.slice(i + 1) : pattern.slice(i + 1, end);
      out += literal === "" ? "'" : literal.replaceAll("%", "%%");
      i = end < 0 ? pattern.length : end + 1;
      continue;
    }
    if (/[A-Za-z]/.test(c)) {
      let run = c;
      while (pattern[i + run.length] === c) run += c;
      const mapped = LETTERS[run] ?? LETTERS[run.slice(0, 4)] ?? LETTERS[c];
      if (mapped === undefined) {
        throw SPARK_PATTERN_LETTERS.includes(c)
          ? unsupportedInSluice(`The datetime pattern letter '${c}' (in '${pattern}')`)
          : illegalDatetimePatternCharacter(pattern, c);
      }
      out += mapped;
      i += run.length;
      continue;
    }
    out += c === "%" ? "%%" : c;
    i += 1;
  }
  return out;
}

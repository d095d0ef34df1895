/** Interval literals in expressions, as Spark's parser reads them (`expr("t + interval ...")`). */
import { describe, expect, it } from "vitest";
import { parseExpression } from "./ExpressionParser";

const SECOND = 1_000_000;
const interval = (text: string) => {
  const e = parseExpression(text);
  return e.kind === "interval" ? { months: e.months, micros: e.micros } : e;
};

describe("interval literals", () => {
  it("unit by unit, and an ANSI range of fields, are the same duration", () => {
    const threeThirty = { months: 0, micros: 210 * SECOND };
    expect(interval("interval 3 minutes 30 seconds")).toEqual(threeThirty);
    expect(interval("interval '3:30' minute to second")).toEqual(threeThirty);
    expect(interval("INTERVAL '1 2:3:4' DAY TO SECOND")).toEqual({
      months: 0,
      micros: (((24 + 2) * 60 + 3) * 60 + 4) * SECOND,
    });
    expect(interval("interval '1-2' year to month")).toEqual({ months: 14, micros: 0 });
  });

  it("a range literal inside an expression", () => {
    const e = parseExpression("leftTime BETWEEN rightTime - interval '3:30' minute to second AND rightTime");
    expect(e.kind).toBe("between");
  });

  it("a range whose text does not fit its fields is a parse error", () => {
    expect(() => parseExpression("interval '3:30:10' minute to second")).toThrow(/PARSE_SYNTAX_ERROR/);
  });
});

describe("identifiers that start with digits", () => {
  it("a run of letters, digits and _ longer than a number is an identifier, as Spark's lexer reads it", () => {
    expect(parseExpression("2012_s")).toEqual({ kind: "column", parts: ["2012_s"] });
    expect(parseExpression("1a")).toEqual({ kind: "column", parts: ["1a"] });
  });

  it("numbers with Spark's suffixes and exponents stay numbers", () => {
    for (const text of ["10L", "10S", "10Y", "1.5D", "1e3", "2012", "1.5BD"])
      expect(parseExpression(text).kind).toBe("literal");
  });
});

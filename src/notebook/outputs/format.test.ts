import { describe, expect, it } from "vitest";
import {
  formatBytes,
  formatCompactNumber,
  formatDuration,
  formatTimestamp,
  formatValue,
  isNumericType,
} from "./format";

describe("table value formatting", () => {
  it("prints values as Spark's show() does", () => {
    expect(formatValue(null)).toBe("null");
    expect(formatValue(new Date("2020-07-01T12:34:56Z"))).toBe("2020-07-01 12:34:56");
    expect(formatTimestamp(new Date("2020-07-01T12:34:56.120Z"))).toBe("2020-07-01 12:34:56.12");
    expect(formatValue(2n ** 60n)).toBe("1152921504606846976");
    expect(formatValue(3)).toBe("3");
    // Binary as Spark's show() prints it: [6B 30] for the bytes of "k0".
    expect(formatValue(new TextEncoder().encode("k0"))).toBe("[6B 30]");
    expect(formatValue(new Uint8Array())).toBe("[]");
    expect(formatValue(0.1 + 0.2)).toBe("0.3");
    expect(formatValue({ city: "Austin", state: "TX" })).toBe('{"city":"Austin","state":"TX"}');
    expect(formatValue([1n, 2n])).toBe('["1","2"]');
    expect(formatValue(true)).toBe("true");
  });

  it("knows numeric types and sizes", () => {
    expect(isNumericType("bigint")).toBe(true);
    expect(isNumericType("decimal(10,2)")).toBe(true);
    expect(isNumericType("string")).toBe(false);
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(2048)).toBe("2.0 KB");
    expect(formatBytes(30 * 1024 * 1024)).toBe("30 MB");
  });

  it("shortens axis numbers to fit beside a chart", () => {
    expect(formatCompactNumber(950)).toBe("950");
    expect(formatCompactNumber(0.5)).toBe("0.5");
    expect(formatCompactNumber(1234)).toBe("1.2K");
    expect(formatCompactNumber(1_764_000_000)).toBe("1.8B");
  });
});

describe("durations", () => {
  it("are written in their largest unit, readable from milliseconds to years", () => {
    expect(formatDuration(800)).toBe("800 ms");
    expect(formatDuration(45_000)).toBe("45 s");
    expect(formatDuration(10 * 60_000)).toBe("10 min");
    expect(formatDuration(3.5 * 3600_000)).toBe("3.5 h");
    // The 2020 teaching data against a 2026 clock: Spark's watermark gap is years.
    expect(formatDuration(220e6 * 1000)).toBe("7 y");
    expect(formatDuration(-90_000)).toBe("−1.5 min");
  });
});

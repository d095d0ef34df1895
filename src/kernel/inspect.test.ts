import { describe, expect, it } from "vitest";
import { inspect, isRowArray } from "./inspect";

describe("inspect", () => {
  it("prints plain data as indented JSON, as Spark prints a progress", () => {
    expect(inspect({ message: "Waiting for data to arrive", isTriggerActive: false })).toBe(
      '{\n  "message": "Waiting for data to arrive",\n  "isTriggerActive": false\n}',
    );
    expect(inspect({ batchId: 3, big: 2n ** 60n })).toContain('"big": "1152921504606846976"');
  });

  it("prints other values the way a REPL does", () => {
    expect(inspect(42)).toBe("42");
    expect(inspect("text")).toBe("text");
    expect(inspect(undefined)).toBe("undefined");
    expect(inspect(5n)).toBe("5n");
    expect(inspect(new Map([["a", 1]]))).toBe('Map(1) {"a" => 1}');
    expect(inspect(function named() {})).toBe("[Function named]");
    class DataFrame {
      toString() {
        return "DataFrame[a: string]";
      }
    }
    expect(inspect(new DataFrame())).toBe("DataFrame[a: string]");
  });

  it("knows rows when it sees them", () => {
    expect(isRowArray([{ a: 1 }, { a: 2 }])).toBe(true);
    expect(isRowArray([1, 2])).toBe(false);
    expect(isRowArray([])).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { zonedValue } from "./zonedTime";

/** Values as Spark's show() prints them with spark.sql.session.timeZone set, e.g. to America/Los_Angeles. */
describe("zonedValue", () => {
  const at = (iso: string) => new Date(iso);

  it("shows a timestamp in the session time zone, with its fraction where it has one", () => {
    expect(zonedValue("UTC", at("2024-01-01T12:04:00Z"))).toBe("2024-01-01 12:04:00");
    expect(zonedValue("America/Los_Angeles", at("2024-01-01T12:04:00Z"))).toBe("2024-01-01 04:04:00");
    expect(zonedValue("Asia/Kolkata", at("2024-01-01T23:45:30.250Z"))).toBe("2024-01-02 05:15:30.25");
  });

  it("shows a window struct, an array and a map as show() does", () => {
    const window = { start: at("2024-01-01T12:00:00Z"), end: at("2024-01-01T12:10:00Z") };
    expect(zonedValue("Europe/Berlin", window)).toBe("{2024-01-01 13:00:00, 2024-01-01 13:10:00}");
    expect(zonedValue("UTC", [1, null, "a"])).toBe("[1, null, a]");
    expect(zonedValue("UTC", new Map([["a", 1n]]))).toBe("{a -> 1}");
  });
});

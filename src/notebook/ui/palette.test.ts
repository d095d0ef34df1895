import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SERIES_COLORS, seriesColor } from "./palette";

describe("palette", () => {
  it("names colours that styles.css defines, and cycles through them", () => {
    const css = readFileSync(new URL("../styles.css", import.meta.url), "utf8");
    const names = Array.from(
      { length: SERIES_COLORS },
      (_, i) => /^var\((--series-\d+)\)$/.exec(seriesColor(i))?.[1],
    );
    expect(new Set(names).size).toBe(SERIES_COLORS);
    for (const name of names) expect(css).toMatch(new RegExp(`${name}: #[0-9a-f]{6};`));
    expect(seriesColor(SERIES_COLORS + 2)).toBe(seriesColor(2));
  });
});

/**
 * The colours charts draw their series in. They are CSS variables, defined once in styles.css (:root) beside
 * the page's own colours, which take theirs from the same palette (the accent is the first series colour).
 */
export const SERIES_COLORS = 8;

/** The colour of the i-th series of a chart, cycling through the palette. */
export function seriesColor(i: number): string {
  return `var(--series-${(i % SERIES_COLORS) + 1})`;
}

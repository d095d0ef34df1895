/** Timing and printing helpers shared by the benchmark parts. */

/** Milliseconds `f` takes. */
export async function timeMs(f: () => Promise<unknown> | unknown): Promise<number> {
  const started = performance.now();
  await f();
  return performance.now() - started;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function print(line = ""): void {
  process.stdout.write(`${line}\n`);
}

/** A fixed-width text table (first column left-aligned, the others right-aligned). */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

export const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
export const ratio = (v: number) => `${v.toFixed(2)}×`;
export const rows = (n: number) =>
  n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n);

/** One line of the summary: the measured value, the target, and whether it was met. */
export interface Verdict {
  part: string;
  measured: string;
  target: string;
  met: boolean;
  /** Why it was missed (what the measurement showed), where it was. */
  note?: string;
}

/**
 * The layer rules of ARCHITECTURE.md live in biome.json (one noRestrictedImports override per folder). Each case
 * is one import in a file at a path of the project's layout (in a scratch directory, so nothing is written into
 * the tree); the rule must refuse what the architecture forbids and let through what it allows.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const biome = createRequire(import.meta.url).resolve("@biomejs/biome/bin/biome");

/**
 * Writes each probe (one import) at its path under a scratch directory with the project's biome.json, lints
 * them all in one run, and returns the noRestrictedImports diagnostics per probe.
 */
function lintProbes(probes: [string, string][]): Map<number, number> {
  const root = mkdtempSync(join(tmpdir(), "sluice-layers-"));
  try {
    copyFileSync("biome.json", join(root, "biome.json"));
    probes.forEach(([path, specifier], i) => {
      const file = join(
        root,
        path.replace(/probe/i, (p) => `${p}${i}`),
      );
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `import { x } from "${specifier}";\nexport const y = x;\n`);
    });
    let output: string;
    try {
      output = execFileSync(
        process.execPath,
        [biome, "lint", "--vcs-enabled=false", "--reporter=json", "."],
        {
          cwd: root,
          encoding: "utf8",
          stdio: ["ignore", "pipe", "ignore"],
        },
      );
    } catch (error) {
      output = (error as { stdout: string }).stdout;
    }
    const hits = new Map<number, number>();
    for (const d of JSON.parse(output).diagnostics as { category: string; location: { path: string } }[]) {
      const probe = Number(/probe(\d+)/i.exec(d.location.path)?.[1]);
      if (d.category === "lint/style/noRestrictedImports") hits.set(probe, (hits.get(probe) ?? 0) + 1);
    }
    return hits;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const forbidden: [string, string][] = [
  ["src/engine/sql/api/Probe.ts", "../../../kernel/protocol"],
  ["src/engine/streaming/runtime/Probe.ts", "../../../notebook/App"],
  ["src/engine/session/Probe.ts", "../../pyspark/index"],
  ["src/engine/testing/Probe.ts", "../../datasets/events"],
  ["src/engine/Probe.test.ts", "../datasets/events"],
  ["src/datasets/Probe.ts", "../engine/sql/plan"],
  ["src/pyspark/Probe.ts", "../kernel/Kernel"],
  ["src/pyspark/Probe.ts", "../engine/sql/types"],
  ["src/pyspark/Probe.ts", "../engine/testing/fixtures"],
  ["src/export/Probe.ts", "../kernel/protocol"],
  ["src/python/Probe.ts", "../pyspark/index"],
  ["src/kernel/Probe.ts", "../notebook/store"],
  ["src/kernel/Probe.ts", "../engine/duckdb/DuckDB"],
  ["src/notebook/Probe.ts", "../engine/index"],
  ["src/notebook/Probe.ts", "../pyspark/index"],
  ["src/notebook/outputs/Probe.tsx", "../../kernel/Kernel"],
  ["e2e/probe.spec.ts", "../src/kernel/Kernel"],
];

const allowed: [string, string][] = [
  ["src/engine/sql/api/Probe.ts", "../../streaming/runtime/StreamingQuery"],
  ["src/datasets/Probe.ts", "../engine/internal"],
  ["src/pyspark/Probe.ts", "../engine/index"],
  ["src/pyspark/Probe.test.ts", "../engine/testing/fixtures"],
  ["src/kernel/Probe.ts", "../engine/platform/browser"],
  ["src/kernel/Probe.ts", "../export/sparkCells"],
  ["src/notebook/outputs/Probe.tsx", "../../kernel/protocol"],
  ["bench/probe.ts", "../src/engine/platform/node"],
];

describe("layer rules (biome.json)", () => {
  const probes = [...forbidden, ...allowed];
  let hits: Map<number, number>;
  beforeAll(() => {
    hits = lintProbes(probes);
  });

  it.each(forbidden.map((p, i) => [...p, i] as const))("%s may not import %s", (_path, _specifier, i) => {
    expect(hits.get(i)).toBe(1);
  });

  it.each(allowed.map((p, i) => [...p, forbidden.length + i] as const))("%s may import %s", (_p, _s, i) => {
    expect(hits.get(i)).toBeUndefined();
  });
});

import { defineConfig } from "vitest/config";

// Unit tests run in Node against DuckDB-WASM's Node build; e2e/ is Playwright's, *.perf.test.ts the benchmarks'.
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "scripts/**/*.test.ts"],
    exclude: ["**/*.perf.test.ts", "node_modules/**"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
  },
});

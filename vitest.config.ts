import { defineConfig } from "vitest/config";

// Unit tests run in Node against DuckDB-WASM's Node build; e2e/ is Playwright's, *.perf.test.ts the benchmarks'.
// Python cells (src/pyspark) wait on the engine through JSPI, which Node 20 has behind a V8 flag: only their
// test processes get it.
const exclude = ["**/*.perf.test.ts", "node_modules/**"];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["src/**/*.test.ts", "scripts/**/*.test.ts"],
          exclude: [...exclude, "src/pyspark/**"],
        },
      },
      {
        extends: true,
        test: {
          name: "pyspark",
          include: ["src/pyspark/**/*.test.ts"],
          exclude,
          execArgv: ["--experimental-wasm-stack-switching"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});

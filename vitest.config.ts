import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

// Unit tests run in Node against DuckDB-WASM's Node build; e2e/ is Playwright's, *.perf.test.ts the benchmarks',
// *.soak.test.ts `npm run test:soak`'s (vitest.soak.config.ts).
// Python cells (src/pyspark, and the kernel's tests that run them) wait on the engine through JSPI, which Node 20
// has behind a V8 flag: only their test processes get it.
const exclude = ["**/*.perf.test.ts", "**/*.soak.test.ts", "node_modules/**"];
const python = [
  "src/pyspark/**/*.test.ts",
  "src/kernel/PythonCells.test.ts",
  "src/kernel/exportSpark.test.ts",
  "src/kernel/kafkaLessons.test.ts",
  "src/kernel/eventTimeLesson.test.ts",
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // One fork per core: each test file runs DuckDB-WASM on a single thread, and Vitest's default (cores - 1)
    // left one of CI's two cores idle for the whole run.
    maxWorkers: availableParallelism(),
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["src/**/*.test.ts", "scripts/**/*.test.ts"],
          exclude: [...exclude, ...python],
        },
      },
      {
        extends: true,
        test: {
          name: "pyspark",
          include: python,
          exclude,
          execArgv: ["--experimental-wasm-stack-switching"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});

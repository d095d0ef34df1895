import { defineConfig } from "vitest/config";

// `npm run test:soak`: the long runs (*.soak.test.ts), which `npm test` leaves out.
export default defineConfig({
  test: {
    include: ["src/**/*.soak.test.ts"],
    pool: "forks",
    // The soak collects garbage before it reads memory, so RSS and the V8 heap are of what is held.
    execArgv: ["--expose-gc"],
    testTimeout: 6 * 60 * 60 * 1000,
  },
});

import { defineConfig } from "vitest/config";

// `npm run test:soak`: the long runs (*.soak.test.ts), which `npm test` leaves out.
export default defineConfig({
  test: {
    include: ["src/**/*.soak.test.ts"],
    pool: "forks",
    testTimeout: 6 * 60 * 60 * 1000,
  },
});

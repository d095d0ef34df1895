import { defineConfig } from "@playwright/test";

// Debian's Chromium (browser downloads are not possible here), against the built app served under a sub-path.
// SLUICE_E2E_PORT lets two checkouts run their e2e suites side by side.
const PORT = Number(process.env.SLUICE_E2E_PORT ?? 4173);
export default defineConfig({
  testDir: "e2e",
  // The soaks run under `npm run test:soak` (playwright.soak.config.ts).
  testIgnore: "**/*.soak.spec.ts",
  timeout: 120_000,
  expect: { timeout: 30_000 },
  workers: 1,
  outputDir: "test-results/e2e-artifacts",
  reporter: [["list"], ["json", { outputFile: "test-results/playwright.json" }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/sluice/`,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.SLUICE_CHROMIUM ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  webServer: {
    command: `npm run build && npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort --base /sluice/`,
    url: `http://127.0.0.1:${PORT}/sluice/`,
    timeout: 600_000,
    reuseExistingServer: false,
  },
});

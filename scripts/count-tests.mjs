// Adds up the Vitest and Playwright JSON reports into the one line CI counts: "N passed, N failed".
import { existsSync, readFileSync } from "node:fs";

function read(path) {
  return existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : undefined;
}

let passed = 0;
let failed = 0;
const vitest = read("test-results/vitest.json");
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
}
const playwright = read("test-results/playwright.json");
if (playwright) {
  passed += playwright.stats.expected + playwright.stats.flaky;
  failed += playwright.stats.unexpected;
}
// A step that failed before any test ran (typecheck, lint, build) still counts as a failure.
const failedSteps = Number(process.argv[2] ?? 0);
console.log(`${passed} passed, ${failed + failedSteps} failed`);

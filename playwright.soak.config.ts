import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

// `npm run test:soak`'s Chromium half: the long runs under e2e/soak/, which `npm run test:e2e` leaves out. The
// same browser and server as the e2e suite; GC exposed so heap readings are of live objects only.
export default defineConfig({
  ...base,
  testDir: "e2e/soak",
  testIgnore: [],
  testMatch: "**/*.soak.spec.ts",
  reporter: [["list"]],
  use: {
    ...base.use,
    launchOptions: {
      ...base.use?.launchOptions,
      args: [...(base.use?.launchOptions?.args ?? []), "--js-flags=--expose-gc"],
    },
  },
});

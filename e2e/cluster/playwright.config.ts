import { defineConfig } from "@playwright/test";
import { chromiumProject } from "../support/chromium";
import { CLUSTER } from "./cluster-env";

/**
 * The cluster journeys: `npm run cluster` (scripts/cluster/start.sh) from the existing build —
 * nginx on one port, three app instances, PgBouncer in transaction mode, a PostgreSQL primary and a
 * streaming replica — then a real browser through nginx. globalSetup starts it and stops it again.
 * Run after `next build`: npx playwright test --config e2e/cluster/playwright.config.ts
 */

export default defineConfig({
  testDir: ".",
  testMatch: "*.spec.ts",
  // One cluster, one story: the tests run in order and the last one stops instances.
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  globalSetup: "./global-setup.ts",
  reporter: process.env.CI ? [["list"], ["json", { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? "test-results/cluster.json" }]] : "list",
  outputDir: "../../test-results/cluster",
  use: {
    baseURL: CLUSTER.url,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    locale: "en-GB",
    timezoneId: "UTC",
  },
  projects: [chromiumProject],
});

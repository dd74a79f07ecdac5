import { defineConfig } from "@playwright/test";
import { chromiumProject } from "./e2e/support/chromium";

/**
 * End-to-end tests in a real browser against the built app (`next build` first). The web server
 * reseeds the demo data, then serves it, on PGlite (E2E_PGLITE_DIR) or on PostgreSQL (DATABASE_URL).
 * Debian's Chromium is used when present (Playwright cannot download its own here); otherwise
 * Playwright's own browser.
 */
const port = Number(process.env.E2E_PORT ?? 3100);
// A real OpenID provider and DNS server on loopback for the single sign-on journeys (e2e/support/identity-provider.ts).
const idpPort = Number(process.env.E2E_IDP_PORT ?? port + 50);
const dnsPort = Number(process.env.E2E_DNS_PORT ?? port + 51);

export default defineConfig({
  testDir: "e2e",
  // The cluster journeys have their own config and start their own servers (e2e/cluster).
  testIgnore: "cluster/**",
  // The journeys change shared demo data (invitations, deactivations): run them one at a time.
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["json", { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? "test-results/results.json" }]] : "list",
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    locale: "en-GB",
    timezoneId: "UTC",
  },
  projects: [chromiumProject],
  webServer: [
    {
      command: "npx tsx e2e/support/identity-provider.ts",
      url: `http://localhost:${idpPort}/__test/health`,
      timeout: 60_000,
      reuseExistingServer: false,
      env: { ...(process.env as Record<string, string>), E2E_IDP_PORT: String(idpPort), E2E_DNS_PORT: String(dnsPort), E2E_APP_ORIGINS: `http://localhost:${port}` },
    },
    {
      // The production server (npm start: scripts/server.ts), as the cluster runs it.
      command: `npx tsx --conditions=react-server scripts/seed.ts && node --import tsx scripts/server.ts -p ${port}`,
      url: `http://localhost:${port}/api/health`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: "pipe",
      env: {
        ...(process.env as Record<string, string>),
        AUTH_SECRET: process.env.AUTH_SECRET ?? "e2e-only-secret-0123456789abcdef",
        AUTH_TRUST_HOST: "true",
        // One JSON line per request would drown the test output; warnings and errors still show.
        LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "warn",
        APP_URL: `http://localhost:${port}`,
        // A support session short enough for the time-limit journey to see it run out (e2e/impersonation.spec.ts).
        IMPERSONATION_MINUTES: "0.25,15,30,45,60",
        // SSO domains are verified against the test DNS server.
        DNS_SERVERS: `127.0.0.1:${dnsPort}`,
        // The test provider runs on this machine: a production server refuses such issuers otherwise.
        SSO_ALLOW_LOOPBACK_ISSUER: "true",
        ...(process.env.DATABASE_URL ? {} : { PGLITE_DIR: process.env.E2E_PGLITE_DIR ?? ".data/e2e-pglite" }),
      },
    },
  ],
});

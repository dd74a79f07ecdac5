import { existsSync } from "node:fs";
import { devices, type Project } from "@playwright/test";

/**
 * The browser project both Playwright configs use: Debian's Chromium when present (Playwright
 * cannot download its own here), with the flags this machine's closed network needs; otherwise
 * Playwright's own browser. PLAYWRIGHT_USE_BUNDLED=1 forces the latter.
 */
const systemChromium = "/usr/bin/chromium";
const useSystem = !process.env.PLAYWRIGHT_USE_BUNDLED && existsSync(systemChromium);

export const chromiumProject: Project = {
  name: "chromium",
  use: {
    ...devices["Desktop Chrome"],
    launchOptions: useSystem
      ? {
          executablePath: systemChromium,
          args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        }
      : {},
  },
};

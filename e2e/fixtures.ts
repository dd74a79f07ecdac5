import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "trellis-demo";

/** Signs in through the real login form. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard/);
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "User menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
}

const WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/**
 * Runs axe (WCAG 2.2 A and AA rules) on the page as it is now and fails on any serious or critical
 * violation, listing each rule with the elements it found. Call it once a page has settled.
 */
export async function expectNoSeriousA11yViolations(page: Page) {
  // Let entering toasts and dialogs finish fading in: mid-animation colours are not the real ones.
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
  // Legacy mode runs axe inside the page; the default opens a helper tab per check to merge frame
  // results, which is slower and failed here in a second browser context. The portal has no iframes.
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_22_AA).setLegacyMode().analyze();
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = serious
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(" ")}${n.failureSummary ? ` — ${n.failureSummary.split("\n").slice(1).join(" ").trim()}` : ""}`).join("\n")}`)
    .join("\n");
  expect(serious.length, `accessibility violations on ${new URL(page.url()).pathname}:\n${report}`).toBe(0);
}

/** Any Content-Security-Policy violation the browser reports on a page of a test fails that test. */
function watchForCspViolations(page: Page, found: string[]) {
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) found.push(`${page.url()}: ${message.text()}`);
  });
}

/** `as(email)` gives a page signed in as that demo user. */
export const test = base.extend<{ as: (email: string) => Promise<Page>; cspViolations: string[] }>({
  cspViolations: [
    async ({ context }, use) => {
      const found: string[] = [];
      for (const page of context.pages()) watchForCspViolations(page, found);
      context.on("page", (page) => watchForCspViolations(page, found));
      await use(found);
      expect(found, "Content-Security-Policy violations").toEqual([]);
    },
    { auto: true },
  ],
  as: async ({ page }, use) => {
    await use(async (email: string) => {
      await signIn(page, email);
      return page;
    });
  },
});

export { expect };

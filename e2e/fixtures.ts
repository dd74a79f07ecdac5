import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Page } from "@playwright/test";
import { generate } from "otplib";
import { DEMO_MFA } from "../lib/demo/mfa";

export const DEMO_PASSWORD = "trellis-demo";

/**
 * Signs in through the real login form: the e-mail, the password, and for a person with two-step
 * verification (the demo CSP users, with the README's secrets; or `options.secret`) a code computed
 * here. Lands on `options.landing` (the dashboard by default).
 */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD, options: { secret?: string; landing?: RegExp } = {}) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  const secret = options.secret ?? DEMO_MFA[email]?.secret;
  if (secret) await enterTotpCode(page, secret);
  await expect(page).toHaveURL(options.landing ?? /\/dashboard/);
}

const STEP_MS = 30_000;
/** Steps this process has had accepted, per secret: the server refuses a step at or below the last one it accepted. */
const spentSteps = new Map<string, number>();

/**
 * A code of `secret` for a step this process has not used yet: the current step's, else the next
 * step's (the server accepts ±1 step), else, after a wait for the next step, that one's. Two quick
 * sign-ins as the same person so cost no wait; a third within the same 30 seconds waits for a new step.
 */
export async function freshTotpCode(secret: string): Promise<string> {
  for (;;) {
    const now = Math.floor(Date.now() / STEP_MS);
    const step = Math.max(now, (spentSteps.get(secret) ?? -1) + 1);
    if (step <= now + 1) {
      spentSteps.set(secret, step);
      return generate({ secret, epoch: step * (STEP_MS / 1000) });
    }
    await new Promise((resolve) => setTimeout(resolve, (now + 1) * STEP_MS - Date.now() + 50));
  }
}

/**
 * Fills the code step and submits it; on "already used" (a code this process could not know was
 * spent, e.g. by a worker before a restart) it tries the next step's code.
 */
export async function enterTotpCode(page: Page, secret: string) {
  for (let attempt = 0; attempt < 4; attempt++) {
    await page.getByLabel("Authentication code").fill(await freshTotpCode(secret));
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/login"),
      page.getByRole("button", { name: "Verify" }).click(),
    ]);
    // A successful server action answers with its redirect.
    if (response.headers()["x-action-redirect"]) return;
    const alert = formAlert(page);
    await expect(alert).toBeVisible();
    const message = await alert.innerText();
    if (!/already used/.test(message)) throw new Error(`the code was refused: ${message}`);
  }
  throw new Error("no code was accepted");
}

/**
 * The page's own message in a role="alert" (a form's error), not Next's route announcer: that is an
 * alert too, and after a client-side navigation it holds the new page's title for a moment.
 */
export function formAlert(page: Page) {
  return page.getByRole("alert").filter({ hasText: /./ }).and(page.locator(":not(#__next-route-announcer__)"));
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
  await settleAnimations(page);
  let serious = await seriousViolations(page);
  if (serious.length) {
    // A toast that timed out while axe ran was read mid-fade (its colours half-way to transparent),
    // which is not the page's real contrast. Read the page again once leaving toasts have gone; a
    // real violation is still there the second time.
    await page
      .locator('[data-sonner-toast][data-removed="true"]')
      .first()
      .waitFor({ state: "detached", timeout: 3_000 })
      .catch(() => undefined);
    await settleAnimations(page);
    serious = await seriousViolations(page);
  }
  const report = serious
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(" ")}${n.failureSummary ? ` — ${n.failureSummary.split("\n").slice(1).join(" ").trim()}` : ""}`).join("\n")}`)
    .join("\n");
  expect(serious.length, `accessibility violations on ${new URL(page.url()).pathname}:\n${report}`).toBe(0);
}

/** Lets entering toasts and dialogs finish fading in: mid-animation colours are not the real ones. */
async function settleAnimations(page: Page) {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
}

async function seriousViolations(page: Page) {
  // Legacy mode runs axe inside the page; the default opens a helper tab per check to merge frame
  // results, which is slower and failed here in a second browser context. The portal has no iframes.
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_22_AA).setLegacyMode().analyze();
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
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

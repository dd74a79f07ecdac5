import type { Page } from "@playwright/test";
import { DEMO_PASSWORD, enterTotpCode, expect, expectNoSeriousA11yViolations, formAlert, freshTotpCode, signIn, signOut, test } from "./fixtures";

/**
 * Two-step verification (TOTP) in a real browser. Nothing is scanned: the tests read the key the
 * page shows for manual entry and compute codes from it, as an authenticator app would. Each test
 * leaves the people it touched as it found them (MFA off, the enterprise's policy optional), since
 * the other journeys sign them in with a password alone.
 */

/** The key shown for manual entry, without its grouping spaces. */
async function shownSecret(page: Page): Promise<string> {
  return (await page.getByTestId("totp-secret").innerText()).replace(/\s+/g, "");
}

/** Sets up two-step verification on the page in front (security or enrolment page); returns the secret and the recovery codes. */
async function setUp(page: Page): Promise<{ secret: string; recoveryCodes: string[] }> {
  const setUpButton = page.getByRole("button", { name: "Set up two-step verification" });
  if (await setUpButton.isVisible()) await setUpButton.click();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  const secret = await shownSecret(page);
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await page.getByLabel("Code from your app").fill(await freshTotpCode(secret));
  await page.getByRole("button", { name: "Turn on" }).click();
  const list = page.getByRole("list", { name: "Recovery codes" });
  await expect(list.getByRole("listitem")).toHaveCount(10);
  return { secret, recoveryCodes: await list.getByRole("listitem").allInnerTexts() };
}

/** The e-mail and password steps, from the login page (or the page a redirect to it came from). */
async function passwordStep(page: Page, email: string, options: { stay?: boolean } = {}) {
  if (!options.stay) await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Turns the signed-in person's two-step verification off on their security page. */
async function turnOff(page: Page, secret: string) {
  await page.goto("/me/security");
  await page.getByLabel("Current code from your app").fill(await freshTotpCode(secret));
  await page.getByRole("button", { name: "Turn off" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Turn off" }).click();
  await expect(page.getByRole("button", { name: "Set up two-step verification" })).toBeVisible();
}

test("a person sets up two-step verification, then signs in with a code; a wrong and a replayed code are refused; a recovery code works", async ({ page }) => {
  const email = "billing@acme.example";
  await signIn(page, email);
  await page.goto("/me");
  await page.getByRole("link", { name: "Set up", exact: true }).click();
  await expect(page).toHaveURL(/\/me\/security$/);
  await expect(page.getByRole("heading", { name: "Two-step verification" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await page.getByRole("button", { name: "Set up two-step verification" }).click();
  await expect(page.getByTestId("totp-secret")).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  const { secret, recoveryCodes } = await setUp(page);
  await expectNoSeriousA11yViolations(page);
  await page.getByRole("button", { name: "I have saved them" }).click();
  await expect(page.getByText("10 recovery codes left")).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await signOut(page);

  // The code step: a wrong code, then the right one.
  await passwordStep(page, email);
  await expect(page.getByLabel("Authentication code")).toBeFocused();
  await expect(page.getByText(`Signing in as ${email}`)).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  const right = await freshTotpCode(secret);
  await page.getByLabel("Authentication code").fill(right === "000000" ? "111111" : "000000");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(formAlert(page)).toHaveText("That code is not right. Check your authenticator app and try again.");
  await expectNoSeriousA11yViolations(page);
  await page.getByLabel("Authentication code").fill(right);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/dashboard/);
  await signOut(page);

  // The same code again: refused as used, even with the right password.
  await passwordStep(page, email);
  await page.getByLabel("Authentication code").fill(right);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(formAlert(page)).toHaveText("That code was already used. Wait for the next code from your app and enter it.");
  await enterTotpCode(page, secret);
  await expect(page).toHaveURL(/\/dashboard/);
  await signOut(page);

  // A recovery code, once.
  await passwordStep(page, email);
  await page.getByRole("button", { name: "Use a recovery code" }).click();
  await page.getByLabel("Recovery code").fill(recoveryCodes[0]!);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/dashboard/);
  await page.goto("/me/security");
  await expect(page.getByText("9 recovery codes left")).toBeVisible();

  await turnOff(page, secret);
});

test("an admin requires two-step verification; a person without it is sent to set it up at their next sign-in, then goes on", async ({ page }) => {
  const admin = "admin@acme.example";
  const person = "finance@acme.example";
  await signIn(page, admin);
  await page.goto("/identity");
  const policy = page.getByRole("region", { name: "Two-step verification for everyone" });
  await expect(policy.getByText("Optional")).toBeVisible();
  // Requiring it needs the admin's own first.
  await policy.getByRole("button", { name: "Require two-step verification" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Require" }).click();
  await expect(page.getByText("Turn on two-step verification for yourself first", { exact: false }).first()).toBeVisible();
  await page.goto("/me/security");
  const { secret: adminSecret } = await setUp(page);
  await page.getByRole("button", { name: "I have saved them" }).click();
  await page.goto("/identity");
  await policy.getByRole("button", { name: "Require two-step verification" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Require" }).click();
  await expect(policy.getByText("Required")).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await signOut(page);

  // The person's next sign-in: the password passes, and the one thing they can do is set it up.
  await page.goto("/orders");
  await expect(page).toHaveURL(/\/login/);
  await passwordStep(page, person, { stay: true });
  await expect(page).toHaveURL(/\/login\/enrol\?next=%2Forders/);
  await expect(page.getByRole("heading", { name: "Set up two-step verification" })).toBeVisible();
  await expect(page.getByText("Your organisation requires a code")).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  // Every other page sends them back here.
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login\/enrol/);
  await page.goto("/login/enrol?next=/orders");
  const { secret: personSecret } = await setUp(page);
  await page.getByRole("button", { name: "I have saved them, continue" }).click();
  await expect(page).toHaveURL(/\/orders$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  // It cannot be turned off while required.
  await page.goto("/me/security");
  await expect(page.getByText("Your organisation requires two-step verification, so it cannot be turned off.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Turn off" })).toHaveCount(0);
  await signOut(page);

  // Leave things as they were: optional again, and both people without two-step verification.
  await signIn(page, admin, DEMO_PASSWORD, { secret: adminSecret });
  await page.goto("/identity");
  await policy.getByRole("button", { name: "Stop requiring two-step verification" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Stop requiring" }).click();
  await expect(policy.getByText("Optional")).toBeVisible();
  await page.goto("/me/security");
  await turnOff(page, adminSecret);
  await signOut(page);
  await signIn(page, person, DEMO_PASSWORD, { secret: personSecret });
  await turnOff(page, personSecret);
});

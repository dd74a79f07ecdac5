import type { Page } from "@playwright/test";
import { expect, expectNoSeriousA11yViolations, signOut, test } from "./fixtures";
import { TEST_CLIENT_ID, TEST_CLIENT_SECRET } from "./support/identity-provider";

/**
 * Issue 11, single sign-on: Globex's admin connects a real OpenID provider running on loopback
 * (oidc-provider, e2e/support/identity-provider.ts), proves a domain through a real DNS server,
 * tests and switches SSO on; people of that domain then sign in at the provider and land in
 * Globex's scope. A wrong issuer and a replayed callback are refused. The domain is one no demo user
 * has, so the other journeys' password sign-ins are untouched; the last step switches SSO off.
 */
const port = Number(process.env.E2E_PORT ?? 3100);
const IDP = `http://localhost:${Number(process.env.E2E_IDP_PORT ?? port + 50)}`;
const DOMAIN = "globex-staff.example";

test.describe.configure({ mode: "serial" });

/** The provider's development login form and consent: the login is who the person is there. */
async function signInAtProvider(page: Page, login: string) {
  await expect(page).toHaveURL(new RegExp(`^${IDP}/interaction/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("anything");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
}

async function startAtLogin(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Continue" }).click();
}

test("an admin connects the provider: a wrong issuer is refused, the domain is proven in DNS, the test passes, SSO goes on", async ({ as }) => {
  const page = await as("admin@globex.example");
  await page.goto("/identity");
  await expect(page.getByRole("heading", { name: "Sign-in", level: 1 })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // A wrong issuer: the provider announces another one, and the test says so before anyone leaves.
  await page.getByLabel("Issuer URL").fill(`${IDP}/wrong`);
  await page.getByLabel("Client ID").fill(TEST_CLIENT_ID);
  await page.getByLabel("Client secret").fill(TEST_CLIENT_SECRET);
  await page.getByLabel("Role for people who sign in the first time").selectOption("billing_viewer");
  await page.getByRole("button", { name: "Save identity provider" }).click();
  await expect(page.getByText("Saved. Test the connection")).toBeVisible();
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByText(/calls itself/)).toBeVisible();
  await expect(page).toHaveURL(/\/identity/);

  await page.getByLabel("Issuer URL").fill(IDP);
  await page.getByRole("button", { name: "Save identity provider" }).click();
  await expect(page.getByText("Saved. Test the connection").first()).toBeVisible();

  // The domain, proven by the TXT record the page asks for, published in the test DNS server.
  await page.getByRole("textbox", { name: "E-mail domain" }).fill(DOMAIN);
  await page.getByRole("button", { name: "Add domain" }).click();
  const row = page.getByRole("row", { name: new RegExp(DOMAIN) });
  await expect(row.getByText("Waiting for DNS")).toBeVisible();
  const name = (await row.locator("dd").nth(0).textContent())!.trim();
  const value = (await row.locator("dd").nth(1).textContent())!.trim();
  const published = await page.request.post(`${IDP}/__test/txt`, { data: { name, value } });
  expect(published.ok()).toBe(true);
  await row.getByRole("button", { name: `Verify ${DOMAIN}` }).click();
  await expect(row.getByText("Verified")).toBeVisible();

  // SSO cannot go on untested.
  await expect(page.getByRole("button", { name: "Switch single sign-on on" })).toBeDisabled();
  await page.getByRole("button", { name: "Test connection" }).click();
  await signInAtProvider(page, "admin@globex.example");
  await expect(page).toHaveURL(/\/identity\?test=passed/);
  await expect(page.getByRole("status").filter({ hasText: "The test sign-in worked" })).toBeVisible();
  await page.getByRole("button", { name: "Switch single sign-on on" }).click();
  await expect(page.getByText("Single sign-on switched on")).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});

test("a person of the SSO domain signs in at the provider and lands in their enterprise's scope; the callback cannot be replayed", async ({ page }) => {
  const callbacks: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/api/auth/callback/sso-")) callbacks.push(r.url());
  });
  await startAtLogin(page, `jane.doe@${DOMAIN}`);
  await signInAtProvider(page, `jane.doe@${DOMAIN}`);
  await expect(page).toHaveURL(/\/dashboard/);
  // The default role the admin chose: billing viewer over Globex, so Globex's bills and nobody else's.
  await page.goto("/bills");
  await expect(page.getByRole("heading", { name: "Bills", level: 1 })).toBeVisible();
  await expect(page.getByText("Globex Billing").first()).toBeVisible();
  await expect(page.getByText(/Acme/)).toHaveCount(0);
  await page.goto("/dashboard");
  await signOut(page);

  // The same callback again: its state was used up, so nothing signs in.
  expect(callbacks.length).toBeGreaterThan(0);
  await page.goto(callbacks[0]!);
  await expect(page).toHaveURL(/\/sign-in-error/);
  await expect(page.getByText(/already used/)).toBeVisible();
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login/);
});

test("the admin sees the newcomer, then switches SSO off and password sign-in returns", async ({ as }) => {
  const page = await as("admin@globex.example");
  await page.goto(`/users?q=jane.doe`);
  await expect(page.getByRole("link", { name: /Jane Doe/ })).toBeVisible();
  await page.goto("/audit");
  await expect(page.getByText(/joined through single sign-on/).first()).toBeVisible();
  await page.goto("/identity");
  await page.getByRole("button", { name: "Switch single sign-on off" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Switch off" }).click();
  await expect(page.getByText("Single sign-on switched off")).toBeVisible();
  await signOut(page);
  await startAtLogin(page, `jane.doe@${DOMAIN}`);
  await expect(page.getByLabel("Password")).toBeVisible();
});

import type { Browser, Page } from "@playwright/test";
import { demoId } from "../lib/demo/ids";
import { expect, expectNoSeriousA11yViolations, signIn, test } from "./fixtures";

/**
 * Support access (issue 10, DESIGN.md rule 4) in a real browser: an account manager sees the portal
 * as a customer user, read-only unless the enterprise allows writes, never approving; the banner,
 * the time limit, the way back, and the record under both names. The e2e server offers a
 * 15-second session length (playwright.config.ts) so the time limit can be seen running out.
 */
const AM = "am@csp.example";
const REASON = "Ticket 4821: the orderer cannot find the fibre upgrade for London";
const user = (email: string) => demoId(`user:${email}`);

const toasts = (page: Page) => page.getByRole("region", { name: /Notifications/ });
const banner = (page: Page) => page.getByRole("region", { name: "Support session" });

async function newPage(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email);
  return page;
}

/** From the console: the customer, the person, a reason and a length; lands on their dashboard. */
async function viewAs(page: Page, email: string, length = "30 minutes", checkA11y = false) {
  await page.goto("/csp");
  if (checkA11y) await expectNoSeriousA11yViolations(page);
  await page.getByRole("link", { name: "Acme Corp" }).first().click();
  await expect(page.getByRole("heading", { name: "Acme Corp", level: 1 })).toBeVisible();
  if (checkA11y) await expectNoSeriousA11yViolations(page);
  await page.getByRole("row").filter({ hasText: email }).getByRole("link", { name: /View as/ }).click();
  await expect(page.getByRole("heading", { name: /^View as /, level: 1 })).toBeVisible();
  if (checkA11y) await expectNoSeriousA11yViolations(page);
  await page.getByLabel("Reason").fill(REASON);
  await page.getByLabel("For how long").selectOption({ label: length });
  await page.getByRole("button", { name: /^View as / }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(banner(page)).toBeVisible();
}

async function setWriteAccess(admin: Page, on: boolean) {
  await admin.goto("/support-access");
  // A journey that failed half-way may have left it on: start from off.
  if (on && (await admin.getByRole("button", { name: "Switch write access off" }).count())) await setWriteAccess(admin, false);
  if (on) {
    await admin.getByLabel("Write access for").selectOption({ label: "1 hour" });
    await admin.getByRole("button", { name: "Allow write access" }).click();
    await expect(toasts(admin).getByText("Write support access on for 1 hour")).toBeVisible();
  } else {
    await admin.getByRole("button", { name: "Switch write access off" }).click();
    await expect(toasts(admin).getByText("Write support access switched off")).toBeVisible();
  }
}

test("an account manager views the portal as the orderer, read-only: the banner shows, submitting is refused", async ({ page }) => {
  await signIn(page, AM);
  await viewAs(page, "orderer@acme.example", "30 minutes", true);
  await expect(banner(page).getByText("Viewing as Oliver Ord")).toBeVisible();
  await expect(banner(page).getByText(REASON)).toBeVisible();
  await expect(banner(page).getByText("read-only")).toBeVisible();
  await expect(page.getByTestId("impersonation-time-left")).toHaveText(/(29|30) minutes left/);
  // The orderer's view: their scope and their dashboard.
  await expect(page.getByTestId("current-scope")).toHaveText("Acme UK Ltd");
  await expect(page.getByRole("heading", { name: "Good to see you, Oliver", level: 1 })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await page.goto("/orders");
  await page.getByRole("table", { name: "Orders" }).getByRole("link", { name: "ORD-1001" }).click();
  await page.getByRole("button", { name: "Submit for approval" }).click();
  await expect(toasts(page).getByText(/This support session is read-only/)).toBeVisible();
  await page.reload();
  await expect(page.getByRole("main").getByText("Draft").first()).toBeVisible();

  // Ending it: back to the console as the account manager.
  await banner(page).getByRole("button", { name: "End" }).click();
  await expect(page).toHaveURL(/\/csp$/);
  await expect(banner(page)).toHaveCount(0);
});

test("with write support access the account manager places and submits an order, and the audit log names both", async ({ page, browser }) => {
  const admin = await newPage(browser, "admin@acme.example");
  await setWriteAccess(admin, true);
  await expectNoSeriousA11yViolations(admin);

  await signIn(page, AM);
  await viewAs(page, "orderer@acme.example");
  await expect(banner(page).getByText("write support access on")).toBeVisible();
  // Under the contract in force (another journey may have activated a new version since the demo's drafts).
  await page.goto("/orders/new");
  await page.getByLabel("Purchase order number").fill("PO-SUPPORT-1");
  await page.locator("#line-0-site").selectOption({ label: "London HQ" });
  await page.locator("#line-0-offering").selectOption({ label: "Business Fibre 1 Gbps" });
  await page.locator("#line-0-qty").fill("1");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  const number = ((await page.getByRole("heading", { level: 1 }).textContent()) ?? "").match(/ORD-\d+/)![0];
  await page.getByRole("button", { name: "Submit for approval" }).click();
  await expect(page.getByRole("main").getByText(/Pending approval|Approved/).first()).toBeVisible();
  await banner(page).getByRole("button", { name: "End" }).click();
  await expect(page).toHaveURL(/\/csp$/);

  await admin.goto("/audit?action=order.submit");
  const row = admin.getByTestId("audit-row").filter({ hasText: number }).first();
  await expect(row.getByText("Alex Morgan")).toBeVisible();
  await expect(row.getByText("on behalf of Oliver Ord")).toBeVisible();

  // The support session is listed with what was done, and leads to those events.
  await admin.goto("/support-access");
  const session = admin.getByTestId("support-session-row").filter({ hasText: "Oliver Ord" }).filter({ hasText: /[1-9]\d* actions?$/ }).first();
  await expect(session.getByText(REASON)).toBeVisible();
  await session.getByRole("link", { name: /actions?$/ }).click();
  await expect(admin.getByTestId("audit-row").filter({ hasText: "order.submit" }).first()).toBeVisible();
  await expectNoSeriousA11yViolations(admin);
  await setWriteAccess(admin, false);
  await admin.context().close();
});

test("approving while impersonating is refused, even with write support access", async ({ page, browser }) => {
  const admin = await newPage(browser, "admin@acme.example");
  await setWriteAccess(admin, true);
  await signIn(page, AM);
  await viewAs(page, "cfo@acme.example");
  await page.goto("/orders");
  await page.getByRole("table", { name: "Orders" }).getByRole("link", { name: "ORD-1003" }).click();
  const form = page.getByRole("form", { name: "Your decision" });
  await form.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(toasts(page).getByText(/never approved or rejected/)).toBeVisible();
  await page.reload();
  await expect(page.getByRole("main").getByText("Pending approval").first()).toBeVisible();
  await banner(page).getByRole("button", { name: "End" }).click();
  await setWriteAccess(admin, false);
  await admin.context().close();
});

test("an account manager cannot view as a user of an enterprise not assigned to it, nor as CSP staff", async ({ page }) => {
  await signIn(page, AM);
  await page.goto("/csp");
  await expect(page.getByRole("link", { name: "Globex Inc" })).toHaveCount(0);
  for (const email of ["admin@globex.example", "csp.admin@csp.example"]) {
    const response = await page.goto(`/csp/impersonate/${user(email)}`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: /not found/i })).toBeVisible();
  }
  await page.goto(`/csp/customers/${demoId("node:globex")}`);
  await expect(page.getByRole("heading", { name: /not found/i })).toBeVisible();
});

test("after the time limit the next request is back in the account manager's own view", async ({ page }) => {
  await signIn(page, AM);
  await viewAs(page, "orderer@acme.example", "15 seconds");
  await expect(page.getByTestId("current-scope")).toHaveText("Acme UK Ltd");
  // The banner reloads the page when the time is up; the server ends the session at that request.
  await expect(banner(page)).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId("current-scope")).toHaveText("Acme Corp");
  await page.goto("/csp");
  await expect(page.getByRole("heading", { name: "Customers", level: 1 })).toBeVisible();
});

test("ending returns to the console; the orderer's own session still works and they are told", async ({ page, browser }) => {
  const orderer = await newPage(browser, "orderer@acme.example");
  await signIn(page, AM);
  await viewAs(page, "orderer@acme.example");
  await banner(page).getByRole("button", { name: "End" }).click();
  await expect(page).toHaveURL(/\/csp$/);
  await expect(page.getByRole("heading", { name: "Customers", level: 1 })).toBeVisible();

  await orderer.goto("/orders");
  await expect(orderer.getByRole("heading", { name: "Orders", level: 1 })).toBeVisible();
  await expect(banner(orderer)).toHaveCount(0);
  const bell = orderer.getByRole("button", { name: /Notifications, \d+ unread/ });
  await bell.click();
  await expect(orderer.getByText("Your account manager viewed Trellis as you").first()).toBeVisible();
  await orderer.goto("/support-access");
  await expect(orderer.getByTestId("support-session-row").filter({ hasText: "Alex Morgan" }).first()).toBeVisible();
  await expectNoSeriousA11yViolations(orderer);
  await orderer.context().close();
});

test("the CSP administrator sees Acme's account managers; an account manager cannot open that page", async ({ page, browser }) => {
  await signIn(page, "csp.admin@csp.example");
  await page.goto(`/csp/customers/${demoId("node:acme")}/account-managers`);
  await expect(page.getByRole("heading", { name: "Account managers of Acme Corp", level: 1 })).toBeVisible();
  await expect(page.getByRole("table", { name: "Account managers" }).getByText("Alex Morgan", { exact: true })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  const am = await newPage(browser, AM);
  const response = await am.goto(`/csp/customers/${demoId("node:acme")}/account-managers`);
  expect(response?.status()).toBe(404);
  await am.context().close();
});

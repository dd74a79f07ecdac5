import type { Page } from "@playwright/test";
import { demoId } from "../lib/demo/ids";
import { expect, expectNoSeriousA11yViolations, signIn, test } from "./fixtures";

/**
 * Delegated administration of people, as uk.admin (enterprise admin of Acme UK Ltd only):
 * the picker and the server both keep it inside its scope, and it cannot change its own roles.
 * These tests leave the demo data as they found it (what they grant, they revoke).
 */
const user = (email: string) => demoId(`user:${email}`);
const node = (key: string) => demoId(`node:${key}`);
const GERMAN = ["Acme Germany GmbH", "Acme Germany Billing", "Berlin Office", "Munich Plant"];

async function assignmentsOf(page: Page, userId: string) {
  const response = await page.request.get(`/api/users/${userId}/assignments`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { assignments: { id: string; role: string; scopeNodeId: string }[] }).assignments;
}

test("uk.admin's users list shows its scope only, and searches and filters on the server", async ({ page }) => {
  await signIn(page, "uk.admin@acme.example");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  await expect(page).toHaveURL(/\/users$/);
  const table = page.getByRole("table", { name: "Users" });
  for (const name of ["April Prover", "Bill Ing", "Fin Ance", "Oliver Ord", "Sita Admin", "Uma Kent"]) {
    await expect(table.getByRole("link", { name, exact: true })).toBeVisible();
  }
  await expect(page.getByText("Dieter Billing")).toHaveCount(0);
  await expect(page.getByText("de.billing@acme.example")).toHaveCount(0);
  // Other journeys (invitations) may have added people under Acme UK before this one runs.
  await expect(page.getByText(/\b\d+ users\b/).first()).toBeVisible();
  await expect(page.getByRole("link", { name: "Invite user" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Import / export" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await page.getByRole("searchbox", { name: "Search" }).fill("PROVER");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/q=PROVER/);
  await expect(table.locator("tbody").getByRole("link")).toHaveText(["April Prover"]);

  await page.goto("/users?role=approver&sort=name&dir=desc");
  await expect(page.getByRole("table", { name: "Users" }).locator("tbody tr")).toHaveCount(2);
  await expect(page.getByRole("table", { name: "Users" }).locator("tbody a")).toHaveText(["Fin Ance", "April Prover"]);

  // The node filter offers nothing of Acme Germany.
  const nodeOptions = await page.getByLabel("Unit under").locator("option").allTextContents();
  expect(nodeOptions.map((o) => o.trim())).toContain("Manchester Branch");
  for (const name of GERMAN) expect(nodeOptions.map((o) => o.trim())).not.toContain(name);
});

test("uk.admin cannot grant anything on Acme Germany: the picker does not offer it, and a forged request is refused", async ({ page }) => {
  await signIn(page, "uk.admin@acme.example");
  const approver = user("approver@acme.example");
  await page.goto(`/users/${approver}`);
  await expect(page.getByRole("heading", { name: "April Prover" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  const picker = page.getByLabel("Node");
  const options = (await picker.locator("option").allTextContents()).map((o) => o.trim());
  expect(options.some((o) => o.startsWith("Manchester Branch"))).toBe(true);
  expect(options.some((o) => o.startsWith("Acme UK Ltd"))).toBe(true);
  for (const name of [...GERMAN, "Acme Corp"]) expect(options.some((o) => o.startsWith(name))).toBe(false);
  const values = await picker.locator("option").evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
  expect(values).not.toContain(node("berlin"));

  // A forged request with a German node id: refused as not found, and nothing changes.
  const before = await assignmentsOf(page, approver);
  for (const key of ["berlin", "acme-de", "acme"]) {
    const forged = await page.request.post(`/api/users/${approver}/assignments`, { data: { role: "orderer", scopeNodeId: node(key) } });
    expect(forged.status(), key).toBe(404);
  }
  // A CSP role on a node in scope: forbidden.
  const csp = await page.request.post(`/api/users/${approver}/assignments`, { data: { role: "csp_admin", scopeNodeId: node("manchester") } });
  expect(csp.status()).toBe(403);
  // A user outside the scope cannot even be named.
  const foreignUser = await page.request.post(`/api/users/${user("de.billing@acme.example")}/assignments`, { data: { role: "orderer", scopeNodeId: node("manchester") } });
  expect(foreignUser.status()).toBe(404);
  expect(await assignmentsOf(page, approver)).toEqual(before);
  await page.reload();
  await expect(page.getByRole("table", { name: "Role assignments" }).locator("tbody tr")).toHaveCount(before.length);

  // Users outside the scope are not found by URL either.
  const foreignPage = await page.goto(`/users/${user("de.billing@acme.example")}`);
  expect(foreignPage?.status()).toBe(404);
  const malformed = await page.goto("/users/not-a-uuid");
  expect(malformed?.status()).toBe(404);
});

test("uk.admin cannot change its own roles: no controls on its own page, and forged requests are refused", async ({ page }) => {
  await signIn(page, "uk.admin@acme.example");
  const self = user("uk.admin@acme.example");
  await page.goto(`/users/${self}`);
  await expect(page.getByRole("heading", { name: /Uma Kent/ })).toBeVisible();
  await expect(page.getByText("You cannot change your own role assignments; another admin can.")).toBeVisible();
  await expect(page.getByRole("table", { name: "Role assignments" }).getByText("Enterprise admin")).toBeVisible();
  await expect(page.getByRole("button", { name: "Grant role" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Revoke/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Deactivate user" })).toHaveCount(0);

  const before = await assignmentsOf(page, self);
  const grant = await page.request.post(`/api/users/${self}/assignments`, { data: { role: "enterprise_admin", scopeNodeId: node("manchester") } });
  expect(grant.status()).toBe(403);
  const revoke = await page.request.delete(`/api/users/${self}/assignments/${before[0]!.id}`);
  expect(revoke.status()).toBe(403);
  expect(await assignmentsOf(page, self)).toEqual(before);
});

test("uk.admin grants orderer on Manchester Branch to April Prover, sees it, then revokes it", async ({ page }) => {
  await signIn(page, "uk.admin@acme.example");
  await page.goto("/users");
  await page.getByRole("table", { name: "Users" }).getByRole("link", { name: "April Prover" }).click();
  await expect(page.getByRole("heading", { name: "April Prover" })).toBeVisible();

  const form = page.getByRole("form", { name: "Grant a role" });
  await form.getByLabel("Role").selectOption({ label: "Orderer" });
  const picker = form.getByLabel("Node");
  const manchester = await picker.locator("option", { hasText: "Manchester Branch" }).getAttribute("value");
  await picker.selectOption(manchester!);
  await form.getByLabel("Monthly spend limit (optional)").fill("1,500.50");
  await form.getByRole("button", { name: "Grant role" }).click();

  await expect(page.getByText("Granted Orderer on Manchester Branch to April Prover")).toBeVisible();
  const table = page.getByRole("table", { name: "Role assignments" });
  const row = table.locator("tbody tr", { hasText: "Manchester Branch" });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Orderer");
  await expect(row).toContainText("£1,500.50");
  await expect(row).toContainText("by Uma Kent");
  await expect(page.getByRole("region", { name: "Recent activity" }).getByText("Granted Orderer on Manchester Branch").first()).toBeVisible();

  await row.getByRole("button", { name: /Revoke/ }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText("April Prover loses the Orderer role on Manchester Branch");
  await expectNoSeriousA11yViolations(page);
  await dialog.getByRole("button", { name: "Revoke role" }).click();
  // The toast says the same words as the audit summary in "Recent activity": look in the toasts.
  await expect(page.getByRole("region", { name: /Notifications/ }).getByText("Revoked Orderer on Manchester Branch")).toBeVisible();
  await expect(table.locator("tbody tr", { hasText: "Manchester Branch" })).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Recent activity" }).getByText("Revoked Orderer on Manchester Branch").first()).toBeVisible();
});

test("a bad amount is explained on the field and nothing is granted", async ({ page }) => {
  await signIn(page, "uk.admin@acme.example");
  const finance = user("finance@acme.example");
  await page.goto(`/users/${finance}`);
  const before = await assignmentsOf(page, finance);
  const form = page.getByRole("form", { name: "Grant a role" });
  await form.getByLabel("Role").selectOption({ label: "Approver" });
  await form.getByLabel("Node").selectOption({ index: 1 });
  await form.getByLabel("Approval limit").fill("100.555");
  await form.getByRole("button", { name: "Grant role" }).click();
  await expect(form.getByText("At most 2 decimal places for GBP")).toBeVisible();
  await expect(form.getByLabel("Approval limit")).toHaveAttribute("aria-invalid", "true");
  await expectNoSeriousA11yViolations(page);
  expect(await assignmentsOf(page, finance)).toEqual(before);
});

test("uk.admin deactivates and reactivates a user, each after a confirmation", async ({ page }) => {
  await signIn(page, "uk.admin@acme.example");
  await page.goto(`/users/${user("billing@acme.example")}`);
  await page.getByRole("button", { name: "Deactivate user" }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText("Deactivate Bill Ing?");
  // Cancelling changes nothing.
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("button", { name: "Deactivate user" })).toBeVisible();

  await page.getByRole("button", { name: "Deactivate user" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Deactivate", exact: true }).click();
  await expect(page.getByText("Bill Ing was deactivated")).toBeVisible();
  await expect(page.getByRole("button", { name: "Reactivate user" })).toBeVisible();
  await page.goto("/users?status=deactivated");
  const deactivated = page.getByRole("table", { name: "Users" }).locator("tbody");
  await expect(deactivated.getByRole("link", { name: "Bill Ing", exact: true })).toBeVisible();
  // Only people who are really deactivated are listed (the demo users other than Bill Ing are active).
  for (const name of ["April Prover", "Fin Ance", "Oliver Ord", "Sita Admin", "Uma Kent"]) {
    await expect(deactivated.getByRole("link", { name, exact: true })).toHaveCount(0);
  }

  await page.getByRole("link", { name: "Bill Ing" }).click();
  await page.getByRole("button", { name: "Reactivate user" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Reactivate", exact: true }).click();
  await expect(page.getByText("Bill Ing was reactivated")).toBeVisible();
  await expect(page.getByRole("button", { name: "Deactivate user" })).toBeVisible();
});

import type { Locator, Page } from "@playwright/test";
import { expect, expectNoSeriousA11yViolations, signIn, test } from "./fixtures";

/**
 * The invitation journey end to end, with the development outbox standing in for a mail server:
 * uk.admin invites a new orderer on Manchester Branch; the invitee follows the link from the mail,
 * chooses a password, lands signed in and sees Manchester Branch and nothing else; uk.admin then
 * deactivates them and their next page load lands on the login page. Uses a fresh invitee each run.
 */
async function chooseNode(select: Locator, name: string) {
  const value = await select.locator("option", { hasText: name }).first().getAttribute("value");
  expect(value, `option ${name}`).toBeTruthy();
  await select.selectOption(value!);
}

async function openMailTo(page: Page, email: string) {
  await page.goto("/outbox");
  await expect(page.getByRole("heading", { name: "Outbox" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.getByRole("row").filter({ hasText: email }).first().getByRole("link").click();
  await expect(page.getByText(`Hello `)).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  return (await page.getByRole("link", { name: "Open invitation link" }).getAttribute("href"))!;
}

test("uk.admin invites an orderer on Manchester Branch; the invitee accepts from the outbox, sees only Manchester; deactivation ends the session", async ({ browser }) => {
  const email = `ivy.invitee.${Date.now()}@acme.example`;
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, "uk.admin@acme.example");

  // Invite.
  await admin.goto("/users/invite");
  await expect(admin.getByRole("heading", { name: "Invite a user" })).toBeVisible();
  await expectNoSeriousA11yViolations(admin);
  await admin.getByLabel("Email").fill(email);
  await admin.getByLabel("Name", { exact: true }).fill("Ivy Invitee");
  await chooseNode(admin.getByLabel("Unit"), "Manchester Branch");
  await admin.getByLabel("Role", { exact: true }).selectOption("orderer");
  const nodePicker = admin.getByLabel("Node", { exact: true });
  for (const foreign of ["Acme Germany", "Berlin", "Munich", "Acme Corp"]) await expect(nodePicker.locator("option", { hasText: foreign })).toHaveCount(0);
  await chooseNode(nodePicker, "Manchester Branch");
  await admin.getByRole("button", { name: "Send invitation" }).click();
  await expect(admin.getByText(`Invitation sent to ${email}`)).toBeVisible({ timeout: 20_000 });
  await expect(admin).toHaveURL(/\/users\/[0-9a-f-]{36}$/);
  await expectNoSeriousA11yViolations(admin); // the new user's page, with its toast
  const userPage = admin.url();

  // The mail is in the outbox, with the link.
  const link = await openMailTo(admin, email);
  expect(link).toMatch(/\/invitations\/[A-Za-z0-9_-]{43}$/);
  await expect(admin.getByText(email).first()).toBeVisible();

  // The invitee, in a browser of their own, follows the link.
  const inviteeContext = await browser.newContext();
  const invitee = await inviteeContext.newPage();
  await invitee.goto(link);
  await expect(invitee.getByRole("heading", { name: "Choose a password" })).toBeVisible();
  await expect(invitee.getByText("Ivy Invitee")).toBeVisible();
  await expect(invitee.getByText(email)).toBeVisible();
  await expectNoSeriousA11yViolations(invitee);
  await invitee.getByLabel("New password").fill("short");
  await invitee.getByLabel("Confirm password").fill("short");
  await invitee.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(invitee).toHaveURL(/\/invitations\//); // the browser refuses fewer than 12 characters
  await invitee.getByLabel("New password").fill("ivy's first passphrase");
  await invitee.getByLabel("Confirm password").fill("ivy's first passphrase");
  await invitee.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(invitee).toHaveURL(/\/dashboard$/, { timeout: 20_000 });
  await expect(invitee.getByRole("button", { name: "User menu" })).toBeVisible();
  await expectNoSeriousA11yViolations(invitee);

  // Manchester Branch and nothing else.
  await invitee.goto("/accounts");
  const main = invitee.getByRole("main");
  await expect(main.getByRole("link", { name: "Manchester Branch" })).toBeVisible();
  for (const other of ["London HQ", "Acme UK Ltd", "Acme UK Billing", "Edinburgh", "Acme Corp", "Germany", "Berlin", "Munich"]) {
    await expect(main.getByText(other)).toHaveCount(0);
  }

  // The link was single-use.
  const again = await inviteeContext.newPage();
  await again.goto(link);
  await expect(again.getByRole("heading", { name: "This invitation link is no longer valid" })).toBeVisible();
  await expect(again.getByLabel("New password")).toHaveCount(0);
  await expectNoSeriousA11yViolations(again);
  await again.close();

  // uk.admin deactivates the new user; their next page load lands on the login page.
  await admin.goto(userPage);
  await expect(admin.getByRole("heading", { name: "Ivy Invitee" })).toBeVisible();
  await admin.getByRole("button", { name: "Deactivate user" }).click();
  await expect(admin.getByRole("alertdialog")).toBeVisible();
  await expectNoSeriousA11yViolations(admin);
  await admin.getByRole("alertdialog").getByRole("button", { name: "Deactivate" }).click();
  await expect(admin.getByText("Ivy Invitee was deactivated")).toBeVisible();

  await invitee.goto("/accounts");
  await expect(invitee).toHaveURL(/\/login/);
  await adminContext.close();
  await inviteeContext.close();
});

test("an unknown or malformed invitation link gets the same clear page", async ({ page }) => {
  for (const token of ["A".repeat(43), "not-a-token"]) {
    const response = await page.goto(`/invitations/${token}`);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("heading", { name: "This invitation link is no longer valid" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Set password and sign in" })).toHaveCount(0);
  }
});

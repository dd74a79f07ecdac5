import { expect, expectNoSeriousA11yViolations, test } from "./fixtures";

/**
 * SCIM provisioning (issue 11): an admin creates a token on /provisioning and sees it once; the
 * identity provider (here Playwright's request client) uses it to create a person, who shows in
 * /users; once the admin revokes the token, the provider is refused.
 */
const SCIM_JSON = "application/scim+json";
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";

test("an enterprise admin connects an identity provider with a token, which provisions a person until it is revoked", async ({ as, request }) => {
  const page = await as("admin@acme.example");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Provisioning" }).click();
  await expect(page).toHaveURL(/\/provisioning$/);
  await expect(page.getByRole("heading", { name: "Provisioning", level: 1 })).toBeVisible();
  await expect(page.getByRole("textbox", { name: "SCIM base URL" })).toHaveValue(/\/api\/scim\/v2$/);
  await expectNoSeriousA11yViolations(page);

  const name = `E2E Okta ${Date.now()}`;
  await page.getByLabel("Token name").fill(name);
  await page.getByRole("button", { name: "Create token" }).click();
  const secret = page.getByRole("textbox", { name: "Secret token" });
  await expect(secret).toHaveValue(/^trellis_scim_[A-Za-z0-9_-]{43}$/);
  const token = await secret.inputValue();
  await expect(page.getByText("it will not be shown again")).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // The identity provider creates a person with it.
  const email = `e2e.scim.${Date.now()}@acme.example`;
  const created = await request.post("/api/scim/v2/Users", {
    headers: { Authorization: `Bearer ${token}`, "Content-Type": SCIM_JSON, Accept: SCIM_JSON },
    data: JSON.stringify({ schemas: [USER], userName: email, name: { givenName: "Sky", familyName: "Provisioned" }, emails: [{ value: email, type: "work", primary: true }], active: true }),
  });
  expect(created.status()).toBe(201);
  expect(created.headers()["content-type"]).toContain(SCIM_JSON);
  expect(created.headers()["location"]).toMatch(/\/api\/scim\/v2\/Users\/[0-9a-f-]{36}$/);
  const person = (await created.json()) as { id: string; userName: string; active: boolean };
  expect(person).toMatchObject({ userName: email, active: true });

  // Shown once: after "Done" and a reload the token itself is nowhere, its row says when it was used.
  await page.getByRole("button", { name: "Done" }).click();
  await page.reload();
  await expect(page.getByRole("textbox", { name: "Secret token" })).toHaveCount(0);
  expect(await page.content()).not.toContain(token);
  const row = page.getByTestId("scim-token-row").filter({ hasText: name });
  await expect(row).toContainText("Active");
  await expect(row).not.toContainText("Never");

  // The admin sees the person in /users.
  await page.goto(`/users?q=${encodeURIComponent(email)}`);
  await expect(page.getByRole("table", { name: "Users" }).getByRole("link", { name: "Sky Provisioned" })).toBeVisible();

  // The audit log names the token as the actor.
  await page.goto(`/audit?q=${encodeURIComponent(name)}`);
  await expect(page.getByTestId("audit-row").filter({ hasText: email }).first()).toContainText(`SCIM token ‘${name}’`);

  // Revoked (after a confirmation), the token is refused with a SCIM error body.
  await page.goto("/provisioning");
  await page.getByRole("button", { name: `Revoke token ${name}` }).click();
  const dialog = page.getByRole("alertdialog", { name: `Revoke the token ‘${name}’?` });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Revoke token" }).click();
  await expect(page.getByTestId("scim-token-row").filter({ hasText: name })).toContainText("Revoked");
  await expectNoSeriousA11yViolations(page);

  const refused = await request.get("/api/scim/v2/Users", { headers: { Authorization: `Bearer ${token}` } });
  expect(refused.status()).toBe(401);
  expect(refused.headers()["www-authenticate"]).toMatch(/^Bearer/);
  expect(await refused.json()).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "401" });
});

test("Acme UK's admin provisions into Acme UK only and does not manage groups", async ({ as }) => {
  const page = await as("uk.admin@acme.example");
  await page.goto("/provisioning");
  await expect(page.getByText("It provisions people into Acme UK Ltd.")).toBeVisible();
  await expect(page.getByText("Groups are enterprise-wide")).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});

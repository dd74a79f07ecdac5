import { expect, expectNoSeriousA11yViolations, signIn, test } from "./fixtures";

/**
 * Bulk import as uk.admin: a file with one bad row is rejected whole with that row's line number
 * and nothing changes; the corrected file imports everyone. Fresh e-mails on every run.
 */
// Checking and importing stream their answer; on a busy 2-core machine they can take a while.
const HEADER = "email,name,unit,role,scope,approval_limit,currency,expires_at";

type Report = { ok: boolean; errors: { line: number | null; message: string }[]; applied?: { users: number } };

test("a CSV with one bad row is rejected whole with its line number; the corrected file imports", async ({ page }) => {
  const stamp = Date.now();
  const emails = ["a", "b", "c"].map((x) => `csv.${x}.${stamp}@acme.example`);
  const rows = (approverLimit: string) => [
    HEADER,
    `${emails[0]},Cass Vee,UK-MAN,orderer,UK-MAN,,,`,
    `${emails[1]},Sam Vee,Acme UK Ltd,approver,Acme UK Ltd,${approverLimit},GBP,`,
    `${emails[2]},Tess Vee,London HQ,billing_viewer,Acme UK Billing,,,`,
  ];
  const bad = rows("").join("\n");
  const good = rows("15000.00").join("\n");

  await signIn(page, "uk.admin@acme.example");
  await page.goto("/users/import");
  await expect(page.getByRole("heading", { name: "Import and export users" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Export users (CSV)" })).toHaveAttribute("href", "/api/users/export");
  await expectNoSeriousA11yViolations(page);

  // Check the bad file: one problem, on line 3; no import is offered.
  const file = page.getByLabel("CSV file");
  await file.setInputFiles({ name: "people.csv", mimeType: "text/csv", buffer: Buffer.from(bad) });
  await page.getByRole("button", { name: "Check file" }).click();
  await expect(page.getByText("Nothing was imported.")).toBeVisible({ timeout: 30_000 });
  const problems = page.getByRole("table", { name: "Problems by line" });
  await expect(problems.locator("tbody tr")).toHaveCount(1);
  await expect(problems.locator("tbody tr").first()).toContainText("Line 3");
  await expect(problems.locator("tbody tr").first()).toContainText("An approver needs an approval limit and its currency.");
  await expect(page.getByRole("button", { name: /^Import \d/ })).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);

  // Sending the bad file straight to apply (as a forged request would) is refused whole too.
  const forged = await page.request.post("/users/import/run?mode=apply", { headers: { "content-type": "text/csv" }, data: bad });
  const lines = (await forged.text()).trim().split("\n").map((l) => JSON.parse(l) as { type: string; report?: Report });
  const report = lines.at(-1)!.report!;
  expect(report.ok).toBe(false);
  expect(report.errors).toEqual([{ line: 3, message: "An approver needs an approval limit and its currency." }]);
  expect(report.applied).toBeUndefined();

  // Nothing changed: none of the three people exists.
  await page.goto(`/users?q=${encodeURIComponent(`.${stamp}@acme.example`)}`);
  await expect(page.getByText("No users match")).toBeVisible();

  // The corrected file: every row valid, then imported.
  await page.goto("/users/import");
  await page.getByLabel("CSV file").setInputFiles({ name: "people.csv", mimeType: "text/csv", buffer: Buffer.from(good) });
  await page.getByRole("button", { name: "Check file" }).click();
  await expect(page.getByText("Every row is valid.")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("table", { name: "Users to import" }).locator("tbody tr")).toHaveCount(3);
  await expectNoSeriousA11yViolations(page);
  await page.getByRole("button", { name: "Import 3 users" }).click();
  await expect(page.getByText("Imported 3 users with 3 role assignments.")).toBeVisible({ timeout: 30_000 });
  await expectNoSeriousA11yViolations(page);

  await page.goto(`/users?q=${encodeURIComponent(`.${stamp}@acme.example`)}`);
  await expect(page.getByText("3 users")).toBeVisible();
  for (const name of ["Cass Vee", "Sam Vee", "Tess Vee"]) await expect(page.getByRole("link", { name, exact: true })).toBeVisible();

  // Their invitations are in the outbox.
  await page.goto("/outbox");
  for (const email of emails) await expect(page.getByRole("row").filter({ hasText: email })).toHaveCount(1);

  // The export has them, and nothing of Acme Germany.
  const exported = await page.request.get("/api/users/export");
  expect(exported.status()).toBe(200);
  expect(exported.headers()["content-type"]).toContain("text/csv");
  const body = await exported.text();
  // A byte-order mark first, so spreadsheets read the file as UTF-8; the import accepts it back.
  expect(body.charCodeAt(0)).toBe(0xfeff);
  const csv = body.slice(1);
  expect(csv.split(/\r?\n/)[0]).toBe("email,name,unit,status,role,scope,approval_limit,spend_limit,currency,expires_at");
  for (const email of emails) expect(csv).toContain(`${email},`);
  expect(csv).toContain(`${emails[1]},Sam Vee,Acme UK Ltd,invited,approver,Acme UK Ltd,15000.00,,GBP,`);
  expect(csv).not.toContain("de.billing@acme.example");
  expect(csv).not.toContain("Germany");
});

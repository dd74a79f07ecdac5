import { readFile } from "node:fs/promises";
import { demoId } from "../lib/demo/ids";
import { expect, expectNoSeriousA11yViolations, signIn, test } from "./fixtures";

test("uk.admin's change shows in the audit log with who, what and when; filters and CSV export work", async ({ page }) => {
  await signIn(page, "uk.admin@acme.example");

  // Make a change under Acme UK: a new contact phone for the Edinburgh site.
  await page.goto(`/sites/${demoId("site:edinburgh")}/edit`);
  const phone = `+44 131 496 ${String(Date.now()).slice(-4)}`;
  const previous = await page.getByLabel("Contact phone").inputValue();
  await page.getByLabel("Contact phone").fill(phone);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Changes to “Edinburgh Data Centre” saved")).toBeVisible();
  await expectNoSeriousA11yViolations(page); // the site page, with its toast

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  const row = page.getByTestId("audit-row").filter({ hasText: "Updated site Edinburgh Data Centre (contact phone)" }).first();
  await expect(row).toBeVisible();
  await expect(row).toContainText("Uma Kent");
  await expect(row).toContainText("site.update");
  await expect(row).toContainText("Success");
  // When: today, in the user's locale (en-GB, e.g. "23 Nov 2026, 14:05").
  const today = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "Europe/London" }).format(new Date());
  await expect(row.locator("time")).toContainText(today);
  // The before/after diff opens on demand.
  await row.getByText("Show changes").click();
  await expect(row.getByRole("table")).toContainText(previous);
  await expect(row.getByRole("table")).toContainText(phone);
  await expectNoSeriousA11yViolations(page);

  // Filter by actor: only Uma Kent's events remain.
  await page.getByLabel("Actor").selectOption({ label: "Uma Kent" });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/actor=/);
  const rows = page.getByTestId("audit-row");
  await expect(rows.first()).toBeVisible();
  for (const text of await rows.allTextContents()) expect(text).toContain("Uma Kent");

  // Export what is filtered as CSV.
  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await readFile((await download.path())!, "utf8");
  expect(csv).toContain("Updated site Edinburgh Data Centre (contact phone)");
  expect(csv).toContain("Uma Kent");
  expect(csv).toContain("site.update");
});

test("filtering by action and outcome narrows the log, and the empty state says so", async ({ page }) => {
  await signIn(page, "uk.admin@acme.example");
  await page.goto("/audit");
  await page.getByLabel("Action").selectOption("site.update");
  await page.getByLabel("Outcome").selectOption({ label: "Denied" });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByText("No events match")).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.getByRole("link", { name: "Clear", exact: true }).click();
  await expect(page.getByTestId("audit-row").first()).toBeVisible();
});

test("globex admin sees none of Acme's events", async ({ page }) => {
  await signIn(page, "admin@globex.example");
  await page.goto("/audit");
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await expect(page.getByText(/Acme|Edinburgh|Uma Kent/)).toHaveCount(0);
});

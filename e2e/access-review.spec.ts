import { readFile } from "node:fs/promises";
import { expect, expectNoSeriousA11yViolations, signIn, test } from "./fixtures";

test("uk.admin reviews the UK people's access in plain words, without German users", async ({ page }) => {
  await signIn(page, "uk.admin@acme.example");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Access review" }).click();
  await expect(page.getByRole("heading", { name: "Access review" })).toBeVisible();

  const table = page.getByRole("table", { name: "People in scope and their access" });
  for (const name of ["Uma Kent", "Oliver Ord", "April Prover", "Fin Ance", "Bill Ing", "Sita Admin"]) {
    await expect(table.getByRole("link", { name, exact: true })).toBeVisible();
  }
  const april = page.getByTestId("review-row").filter({ hasText: "April Prover" });
  await expect(april).toContainText("Can approve orders up to £50,000.00 in GBP for Acme UK Ltd and everything under it");
  const uma = page.getByTestId("review-row").filter({ hasText: "Uma Kent" });
  await expect(uma).toContainText("Can manage users, roles and sites in Acme UK Ltd");
  const sita = page.getByTestId("review-row").filter({ hasText: "Sita Admin" });
  await expect(sita).toContainText("Can manage sites in Manchester Branch");
  await expectNoSeriousA11yViolations(page);

  // Nobody from Germany, the group level or another enterprise.
  for (const name of ["Dieter Billing", "Clara Fo", "Ada Admin", "Glen Globex"]) await expect(page.getByText(name)).toHaveCount(0);
  await expect(page.getByText("Acme Germany")).toHaveCount(0);

  // Uma has just signed in: not dormant. Whoever in scope never signed in (demo accounts date from 2025) is.
  await expect(uma.getByText("Never")).toHaveCount(0);
  await expect(uma.getByText("Dormant")).toHaveCount(0);
  const neverSignedIn = page.getByTestId("review-row").filter({ hasText: "Never" });
  for (const row of await neverSignedIn.all()) await expect(row.getByText("Dormant")).toBeVisible();

  // Export everyone shown as CSV.
  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^access-review-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await readFile((await download.path())!, "utf8");
  expect(csv).toContain("Can approve orders up to £50,000.00 in GBP for Acme UK Ltd and everything under it");
  expect(csv).toContain("Uma Kent");
  expect(csv).not.toContain("Dieter Billing");

  // Flagged only leaves out those with nothing to review.
  await page.getByLabel("Show").selectOption({ label: "Flagged only" });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/flag=any/);
  await expect(table.getByRole("link", { name: "Uma Kent", exact: true })).toHaveCount(0);
  for (const row of await page.getByTestId("review-row").all()) await expect(row.getByRole("list", { name: "Flags" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});

import { expect, expectNoSeriousA11yViolations, signIn, test } from "./fixtures";

/**
 * The bill run from the portal (issue 9): the CSP administrator bills the latest month that has
 * ended for every enterprise, watching it advance; running it again changes nothing; no one else
 * has the page.
 */
test("csp.admin@csp.example runs the latest ended month for every account, then again to no effect", async ({ page }) => {
  await signIn(page, "csp.admin@csp.example");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Bill runs" }).click();
  await expect(page.getByRole("heading", { name: "Bill runs", level: 1 })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  const form = page.getByRole("form", { name: "Run bills" });
  await expect(form.getByLabel("Enterprise")).toHaveValue("all");

  await form.getByRole("button", { name: "Run bills" }).click();
  const progress = page.getByTestId("bill-run-progress");
  await expect(page.getByRole("status")).toContainText(/Done: \d+ bills? issued|Nothing changed/, { timeout: 30_000 });
  await expect(progress).toHaveText(/^(\d+) of \1 billing accounts done/);
  await expect(page.getByRole("progressbar", { name: "Billing accounts done" })).toBeVisible();
  // The status table below counts every account as billed for the month (or with nothing to charge).
  await expect(page.getByRole("table", { name: "Bill run status per enterprise" })).toContainText("Acme Corp");
  await expectNoSeriousA11yViolations(page);

  await form.getByRole("button", { name: "Run bills" }).click();
  await expect(page.getByRole("status")).toContainText("Nothing changed", { timeout: 30_000 });
  await expect(progress).toContainText("0 bills issued");
});

test("the bill run page does not exist for a billing viewer, whatever the URL holds", async ({ page }) => {
  await signIn(page, "billing@acme.example");
  expect((await page.goto("/billing/run"))!.status()).toBe(404);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Bill runs" })).toHaveCount(0);
  for (const path of ["/billing/run?period=%E0%A4%A", "/billing/run?period=2026-13&enterprise=x"]) {
    expect((await page.request.get(path)).status(), path).toBeLessThan(500);
  }
});

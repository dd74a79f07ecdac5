import { readFile } from "node:fs/promises";
import { expect, expectNoSeriousA11yViolations, signIn, test } from "./fixtures";

// Every list runs on one contract and one set of components (lib/list, components/list): these
// journeys walk the shared behaviour once, on lists of different shapes.

test("sorting by a column header: first click in the key's own direction, again flips it, announced with aria-sort", async ({ page }) => {
  await signIn(page, "admin@acme.example");
  await page.goto("/bills");
  const table = page.getByRole("table", { name: "Bills" });
  const period = table.getByRole("columnheader", { name: /Period/ });
  // Latest period first by default.
  await expect(period).toHaveAttribute("aria-sort", "descending");
  const total = table.getByRole("columnheader", { name: /Total/ });
  await expect(total).toHaveAttribute("aria-sort", "none");
  await total.getByRole("link").click();
  await expect(page).toHaveURL(/\/bills\?sort=total$/);
  await expect(table.getByRole("columnheader", { name: /Total/ })).toHaveAttribute("aria-sort", "descending");
  await table.getByRole("columnheader", { name: /Total/ }).getByRole("link").click();
  await expect(page).toHaveURL(/\/bills\?sort=total&dir=asc$/);
  await expect(table.getByRole("columnheader", { name: /Total/ })).toHaveAttribute("aria-sort", "ascending");
  await expectNoSeriousA11yViolations(page);
});

test("filters apply as a GET form that keeps the sort, start at page 1, and clear back to the bare list", async ({ page }) => {
  await signIn(page, "admin@acme.example");
  await page.goto("/sites?sort=city&dir=desc&page=1");
  await page.getByRole("searchbox", { name: "Search" }).fill("london");
  await page.getByRole("button", { name: "Apply" }).click();
  // Empty selects travel as "any" (country=&subAccount=); the sort stays.
  await expect(page).toHaveURL(/\/sites\?q=london&(country=&subAccount=&)?sort=city&dir=desc$/);
  await expect(page.getByRole("table", { name: "Sites" }).locator("tbody tr")).toHaveCount(1);
  await expect(page.getByText("1 site match your filters")).toBeVisible();
  await page.getByRole("link", { name: "Clear", exact: true }).click();
  await expect(page).toHaveURL(/\/sites$/);

  // A search that matches nothing says so and offers to clear it; LIKE's wildcards are literal.
  await page.goto("/sites?q=%25_");
  await expect(page.getByText("No sites match")).toBeVisible();
  await expect(page.getByRole("link", { name: "Clear filters" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});

test("a page past the end of a list says so and leads back to the first page", async ({ page }) => {
  await signIn(page, "admin@acme.example");
  await page.goto("/orders?status=completed&page=40");
  await expect(page.getByText("No orders on this page")).toBeVisible();
  await page.getByRole("link", { name: "Back to the first page" }).click();
  await expect(page).toHaveURL(/\/orders\?status=completed$/);
  await expect(page.getByRole("navigation", { name: "Pagination" })).toContainText(/^1–\d+ of \d+/);
  // Hand-edited nonsense falls back to the defaults rather than an error.
  const res = await page.goto("/orders?page=-4&sort=password&dir=sideways&status=ghost");
  expect(res?.status()).toBe(200);
  await expect(page.getByRole("table", { name: "Orders" })).toBeVisible();
});

test("the users list exports what its filters select, in the import's columns", async ({ page }) => {
  await signIn(page, "uk.admin@acme.example");
  await page.goto("/users");
  await page.getByRole("combobox", { name: "Role" }).selectOption({ label: "Approver" });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/role=approver/);
  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export these as CSV" }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^users-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = (await readFile((await download.path())!, "utf8")).replace(/^\uFEFF/, "");
  const lines = csv.trim().split(/\r?\n/);
  expect(lines[0]).toBe("email,name,unit,status,role,scope,approval_limit,spend_limit,currency,expires_at");
  const emails = new Set(lines.slice(1).map((l) => l.split(",")[0]));
  expect([...emails].sort()).toEqual(["approver@acme.example", "finance@acme.example"]);
});

import { expect, expectNoSeriousA11yViolations, signIn, test } from "./fixtures";

/**
 * The billing overview (issue 9): the enterprise admin sees GBP and EUR side by side, never added,
 * each with its twelve-month chart; a figure leads to the bills behind it; a billing viewer sees
 * only their own account's currency; the page survives whatever the URL holds.
 */
test("admin@acme.example sees the enterprise consolidation with GBP and EUR kept apart, and the twelve-month chart", async ({ page }) => {
  await signIn(page, "admin@acme.example");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Overview" }).click();
  await expect(page.getByRole("heading", { name: "Billing overview", level: 1 })).toBeVisible();
  const gbp = page.getByTestId("currency-GBP");
  const eur = page.getByTestId("currency-EUR");
  await expect(gbp.getByRole("heading", { name: "GBP" })).toBeVisible();
  await expect(eur.getByRole("heading", { name: "EUR" })).toBeVisible();
  // Each currency's figures stay in that currency: no euro in the pound section and the other way round.
  await expect(gbp.getByTestId("total-GBP-billed")).toHaveText(/^£/);
  await expect(eur.getByTestId("total-EUR-billed")).toHaveText(/^€/);
  expect(await gbp.locator("table").allTextContents()).not.toContain("€");
  expect((await eur.locator("table").allTextContents()).join(" ")).not.toContain("£");
  await expect(page.getByText(/Total (GBP|EUR)/)).toHaveCount(2);
  // Twelve bars, one per month, each a link to that month's bills.
  for (const chart of [page.getByTestId("chart-GBP"), page.getByTestId("chart-EUR")]) {
    await expect(chart).toBeVisible();
    await expect(chart.getByRole("link")).toHaveCount(12);
  }
  await expectNoSeriousA11yViolations(page);
  for (const width of [1280, 1024]) {
    await page.setViewportSize({ width, height: 800 });
    const fits = await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
    expect(fits, `the overview scrolls sideways at ${width} px`).toBe(true);
  }
  await page.setViewportSize({ width: 1280, height: 720 });

  // The GBP total leads to exactly the GBP bills of the period.
  const billed = (await gbp.getByTestId("total-GBP-billed").textContent())!.trim();
  await gbp.getByTestId("total-GBP-billed").click();
  await expect(page).toHaveURL(/\/bills\?.*currency=GBP/);
  const rows = page.getByRole("table", { name: "Bills" }).locator("tbody tr");
  await expect(rows.first()).toBeVisible();
  expect(new Set(await rows.locator("td:nth-child(2)").allTextContents())).toEqual(new Set(["Acme UK Billing"]));
  const totals = await rows.locator("td:last-child").allTextContents();
  const sum = totals.reduce((n, t) => n + Math.round(Number(t.replace(/[^0-9.]/g, "")) * 100), 0);
  expect(sum).toBe(Math.round(Number(billed.replace(/[^0-9.]/g, "")) * 100));

  // A bar leads to that month's bills.
  await page.goBack();
  await page.getByTestId("chart-EUR").getByRole("link").last().click();
  await expect(page).toHaveURL(/currency=EUR/);
  expect(new Set(await page.getByRole("table", { name: "Bills" }).locator("tbody td:nth-child(2)").allTextContents())).toEqual(new Set(["Acme Germany Billing"]));
});

test("billing@acme.example sees only Acme UK in the overview, whatever account the URL names", async ({ page }) => {
  await signIn(page, "billing@acme.example");
  await page.goto("/billing");
  await expect(page.getByTestId("currency-GBP")).toBeVisible();
  await expect(page.getByTestId("currency-EUR")).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);
  // The German account's id in the URL is not a way in.
  await page.goto("/billing");
  const options = await page.getByLabel("Account").locator("option").allTextContents();
  expect(options.map((o) => o.trim())).toEqual(["Everything in your scope", "Acme UK Billing"]);
  for (const path of ["/billing?node=not-a-node&from=2026-13&to=x", "/billing?from=2026-10&to=2026-01", "/billing?node=%E0%A4%A"]) {
    const r = await page.request.get(path);
    expect(r.status(), path).toBeLessThan(500);
  }
});

test("a cost centre's figure leads to its bills, which say what they are narrowed to, keep it through other filters and export its lines", async ({ page }) => {
  await signIn(page, "admin@acme.example");
  await page.goto("/billing");
  const table = page.getByRole("table", { name: "Spend by cost centre (GBP)" });
  const first = table.locator("tbody a").first();
  const name = (await first.textContent())!.trim();
  await first.click();
  await expect(page).toHaveURL(/\/bills\?.*subAccount=/);
  const chips = page.getByRole("list", { name: "Also narrowed to" });
  await expect(chips.getByText(`Cost centre ${name}`)).toBeVisible();
  await expect(page.getByLabel("Currency")).toHaveValue("GBP");
  await expectNoSeriousA11yViolations(page);

  // The export holds that cost centre's lines only.
  const href = await page.getByRole("link", { name: /Export these bills/ }).getAttribute("href");
  expect(href).toMatch(/^\/api\/bills\/lines\?.*subAccount=/);
  const csv = await (await page.request.get(href!)).text();
  const rows = csv.trim().split(/\r?\n/).slice(1);
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) expect(row).toContain(name);

  // Another filter keeps the cost centre.
  await page.getByLabel("Status").selectOption("paid");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/status=paid/);
  await expect(page).toHaveURL(/subAccount=/);
  await expect(chips.getByText(`Cost centre ${name}`)).toBeVisible();

  // Removing the chip widens the list again.
  await chips.getByRole("link", { name: `Remove filter: Cost centre ${name}` }).click();
  await expect(page).not.toHaveURL(/subAccount=/);
  await expect(page).toHaveURL(/status=paid/);
  await expect(page.getByRole("list", { name: "Also narrowed to" })).toHaveCount(0);
});

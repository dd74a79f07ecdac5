import { readFile } from "node:fs/promises";
import type { Download, Page } from "@playwright/test";
import { parse } from "csv-parse/sync";
import { PDFParse } from "pdf-parse";
import { expect, expectNoSeriousA11yViolations, signIn, signOut, test } from "./fixtures";

/**
 * Bills (issue 9): a billing viewer reads the bills of their own account only, opens one, checks
 * that its split adds up, downloads its lines and its PDF; another account's viewer cannot open it
 * by URL; a line is disputed and the CSP sees it; the CSP records payments.
 */

async function downloaded(download: Download) {
  return readFile((await download.path())!);
}

async function pdfText(bytes: Buffer) {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

/** Opens the latest bill of the list (newest period first) and answers its URL. */
async function openLatestBill(page: Page) {
  await page.goto("/bills");
  await page.getByRole("table", { name: "Bills" }).locator("tbody").getByRole("link").first().click();
  await expect(page).toHaveURL(/\/bills\/[0-9a-f-]{36}$/);
  return page.url();
}

test("billing@acme.example sees only the Acme UK bills; a bill's split adds up; its CSV and PDF hold the right account and total", async ({ page }) => {
  await signIn(page, "billing@acme.example");
  await page.goto("/bills");
  const rows = page.getByRole("table", { name: "Bills" }).locator("tbody tr");
  await expect(rows.first()).toBeVisible();
  const accounts = await rows.locator("td:nth-child(2)").allTextContents();
  expect(accounts.length).toBeGreaterThanOrEqual(6);
  expect(new Set(accounts)).toEqual(new Set(["Acme UK Billing"]));
  await expectNoSeriousA11yViolations(page);

  await openLatestBill(page);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Acme UK Billing");
  const total = page.getByTestId("bill-total");
  const totalMinor = Number(await total.getAttribute("data-minor"));
  const totalText = (await total.textContent())!.trim();
  // Each split's footer equals the bill's total, to the minor unit and as shown.
  for (const name of ["Split by cost centre", "Split by site", "Split by product"]) {
    const footer = page.getByRole("table", { name }).locator("tfoot [data-split-total]");
    await expect(footer).toHaveAttribute("data-split-total", String(totalMinor));
    await expect(footer).toHaveText(totalText);
  }
  // A cost centre's row narrows the lines to it.
  await page.getByRole("table", { name: "Split by cost centre" }).getByRole("link", { name: "London HQ" }).click();
  await expect(page.getByRole("heading", { name: "Lines for London HQ" })).toBeVisible();
  const costCentres = await page.getByRole("table", { name: "Bill lines" }).locator("tbody td:nth-child(2)").allTextContents();
  expect(new Set(costCentres)).toEqual(new Set(["London HQ"]));
  await expectNoSeriousA11yViolations(page);

  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Lines (CSV)" }).click()]);
  expect(csv.suggestedFilename()).toMatch(/^bill-.*-lines-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = parse(await downloaded(csv), { columns: true, bom: true }) as Record<string, string>[];
  expect(lines.length).toBeGreaterThan(0);
  expect(new Set(lines.map((l) => l["Billing account"]))).toEqual(new Set(["Acme UK Billing"]));
  expect(lines.reduce((n, l) => n + Math.round(Number(l.Total) * 100), 0)).toBe(totalMinor);

  const [pdf] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Bill (PDF)" }).click()]);
  expect(pdf.suggestedFilename()).toMatch(/^bill-.*\.pdf$/);
  const text = await pdfText(await downloaded(pdf));
  expect(text).toContain("Acme UK Billing");
  expect(text).toContain("Acme UK Ltd");
  expect(text).toContain(totalText);
});

test("de.billing@acme.example opening a UK bill by URL, or its CSV or PDF, gets not found", async ({ page }) => {
  await signIn(page, "billing@acme.example");
  const ukBill = await openLatestBill(page);
  await signOut(page);

  await signIn(page, "de.billing@acme.example");
  const response = await page.goto(ukBill);
  expect(response!.status()).toBe(404);
  await expect(page.getByRole("heading", { name: /not found/i })).toBeVisible();
  for (const path of [`${ukBill.replace("/bills/", "/api/bills/")}/lines`, `${ukBill.replace("/bills/", "/api/bills/")}/pdf`]) {
    expect((await page.request.get(path)).status()).toBe(404);
  }
  // Their own bills are there, in euros only.
  await page.goto("/bills");
  const accounts = await page.getByRole("table", { name: "Bills" }).locator("tbody td:nth-child(2)").allTextContents();
  expect(new Set(accounts)).toEqual(new Set(["Acme Germany Billing"]));
  // Poking at the URL never breaks the page.
  for (const path of ["/bills/not-a-bill", "/api/bills/not-a-bill/pdf", "/api/bills/not-a-bill/lines"]) {
    expect((await page.request.get(path)).status(), path).toBe(404);
  }
  // A malformed escape is a bad request, answered before any page runs.
  for (const path of ["/bills/%E0%A4%A", "/api/bills/%E0%A4%A/pdf"]) {
    expect((await page.request.get(path)).status(), path).toBe(400);
  }
  const odd = await page.request.get("/api/bills/lines?from=2026-13&to=%E0%A4%A&account=x");
  expect(odd.status()).toBe(200);
});

test("billing@acme.example disputes a line; the bill shows the disputed amount; the account manager sees the dispute", async ({ page }) => {
  await signIn(page, "billing@acme.example");
  await openLatestBill(page);
  const linesTable = page.getByRole("table", { name: "Bill lines" });
  const row = linesTable.locator("tbody tr", { has: page.getByRole("button", { name: /^Dispute/ }) }).first();
  const description = (await row.locator("td").first().textContent())!.trim();
  await row.getByRole("button", { name: /^Dispute/ }).click();
  const dialog = page.getByRole("dialog", { name: "Dispute a charge" });
  await expect(dialog).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  // A reason is required.
  await dialog.getByRole("button", { name: "Raise dispute" }).click();
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Reason").fill("The firewall was not installed until the 20th.");
  await dialog.getByRole("button", { name: "Raise dispute" }).click();
  await expect(dialog).toBeHidden();
  await expect(linesTable.locator("tbody tr", { hasText: description }).first().getByText("Disputed")).toBeVisible();
  await expect(page.getByTestId("bill-disputed")).toBeVisible();
  await expect(page.getByRole("table", { name: "Disputes on this bill" })).toContainText("The firewall was not installed until the 20th.");
  await signOut(page);

  await signIn(page, "am@csp.example");
  await page.goto("/disputes");
  const disputes = page.getByRole("table", { name: "Disputes" });
  const open = disputes.locator("tbody tr", { hasText: "The firewall was not installed until the 20th." });
  await expect(open).toContainText("Open");
  await expectNoSeriousA11yViolations(page);
  await open.getByRole("button", { name: /^Resolve/ }).click();
  const resolve = page.getByRole("dialog", { name: "Resolve the dispute" });
  await resolve.getByLabel("Note to the customer").fill("Confirmed with the field team; credited on your next bill.");
  await resolve.getByRole("button", { name: "Resolve" }).click();
  await expect(resolve).toBeHidden();
  await expect(open).toContainText("Credited");
  await expect(open.getByRole("button", { name: /^Resolve/ })).toHaveCount(0);
  await signOut(page);

  // The viewer who raised it is told, and sees the outcome on the bill.
  await signIn(page, "billing@acme.example");
  await page.getByRole("button", { name: /Notifications, \d+ unread/ }).click();
  await expect(page.getByRole("link", { name: /Your dispute on INV-ACME-UK-\S+ is accepted/ })).toBeVisible();
});

test("the CSP records a part payment and then the rest; the bill becomes part-paid, then paid", async ({ page }) => {
  await signIn(page, "csp.admin@csp.example");
  await page.goto("/bills?status=overdue");
  await page.getByRole("table", { name: "Bills" }).locator("tbody").getByRole("link").first().click();
  const form = page.getByRole("form", { name: "Record a payment" });
  await expect(form).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  // Nonsense and overpayment are refused with a message, nothing recorded.
  await form.getByLabel(/^Amount/).fill("abc");
  await form.getByRole("button", { name: "Record payment" }).click();
  await expect(form.locator("#payment-amount-error")).toBeVisible();
  await form.getByLabel(/^Amount/).fill("99999999");
  await form.getByRole("button", { name: "Record payment" }).click();
  await expect(form.locator("#payment-amount-error")).toContainText(/still to pay|paid in full/);

  await form.getByLabel(/^Amount/).fill("10.00");
  await form.getByLabel("Reference").fill("BACS 4471");
  await form.getByRole("button", { name: "Record payment" }).click();
  await expect(page.getByText("BACS 4471")).toBeVisible();
  // The form offers what is still to pay; paying it settles the bill.
  await form.getByRole("button", { name: "Record payment" }).click();
  await expect(page.getByTestId("bill-state")).toHaveText("Paid");
  await expect(form).toBeHidden();
});

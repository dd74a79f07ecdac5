import type { Page } from "@playwright/test";
import { expect, expectNoSeriousA11yViolations, signIn, test } from "./fixtures";

/**
 * Contract-first ordering with approvals (issue 8), in a real browser. Prices come from the demo
 * framework contract: a managed firewall is £300.00 once and £250.00 a month (£3,300.00 in its
 * first year); Acme Corp's policy adds a level above £10,000 and another above £100,000.
 */
type Line = { site: string; product: string; quantity: number };

/** Places a draft through the form as the signed-in orderer and submits it; returns the order's path. */
async function placeOrder(page: Page, lines: Line[], po: string) {
  await page.goto("/orders/new");
  await page.getByLabel("Purchase order number").fill(po);
  for (const [i, line] of lines.entries()) {
    if (i > 0) await page.getByRole("button", { name: "Add a line" }).click();
    await page.locator(`#line-${i}-site`).selectOption({ label: line.site });
    await page.locator(`#line-${i}-offering`).selectOption({ label: line.product });
    await page.locator(`#line-${i}-qty`).fill(String(line.quantity));
  }
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  await page.getByRole("button", { name: "Submit for approval" }).click();
  await expect(page.getByRole("main").getByText("Pending approval").first()).toBeVisible();
  return new URL(page.url()).pathname;
}

async function decide(page: Page, path: string, decision: "Approve" | "Reject", comment = "") {
  await page.goto(path);
  const form = page.getByRole("form", { name: "Your decision" });
  if (comment) await form.getByLabel(/Comment/).fill(comment);
  await form.getByRole("button", { name: decision, exact: true }).click();
}

test("orderer orders for London and Manchester above the first threshold; approver approves it from the inbox; the orderer is told", async ({ browser }) => {
  const orderer = await browser.newPage();
  await signIn(orderer, "orderer@acme.example");
  await orderer.goto("/orders/new");
  await expectNoSeriousA11yViolations(orderer);
  const path = await placeOrder(
    orderer,
    [
      { site: "London HQ", product: "Managed Firewall", quantity: 4 },
      { site: "Manchester Branch", product: "Business Fibre 1 Gbps", quantity: 1 },
    ],
    "PO-E2E-1",
  );
  await expect(orderer.getByRole("table", { name: "Order lines" })).toContainText("Manchester Branch");
  await expect(orderer.getByRole("main").getByText(/routed to .*April Prover/)).toBeVisible();
  await expectNoSeriousA11yViolations(orderer);
  // No approve control on one's own order.
  await expect(orderer.getByRole("form", { name: "Your decision" })).toHaveCount(0);

  const approver = await browser.newPage();
  await signIn(approver, "approver@acme.example");
  await approver.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Approvals" }).click();
  const inbox = approver.getByRole("table", { name: "Orders waiting for your decision" });
  const number = (await orderer.getByRole("heading", { level: 1 }).textContent())!.match(/ORD-\d+/)![0];
  await expect(inbox.getByRole("link", { name: number })).toBeVisible();
  await expectNoSeriousA11yViolations(approver);
  await inbox.getByRole("link", { name: number }).click();
  await decide(approver, path, "Approve", "Fine for Q1.");
  await expect(approver.getByRole("main").getByText("Approved by April Prover")).toBeVisible();

  await orderer.reload();
  const main = orderer.getByRole("main");
  await expect(main.getByText("Approved", { exact: true }).first()).toBeVisible();
  await expect(main.getByText("“Fine for Q1.”").first()).toBeVisible();
  const bell = orderer.getByRole("button", { name: /Notifications, \d+ unread/ });
  await expect(bell).toBeVisible();
  await bell.click();
  await expect(orderer.getByRole("link", { name: new RegExp(`${number} was approved`) })).toBeVisible();
  await expectNoSeriousA11yViolations(orderer);
});

test("a forged approval of one's own order is refused and audited", async ({ page, browser }) => {
  await signIn(page, "orderer@acme.example");
  const path = await placeOrder(page, [{ site: "London HQ", product: "Managed Firewall", quantity: 4 }], "PO-E2E-2");
  const id = path.split("/").at(-1)!;
  const forged = await page.request.post(`/api/orders/${id}/decisions`, { data: { level: 1, decision: "approved" } });
  expect([403, 404]).toContain(forged.status());
  await page.reload();
  await expect(page.getByRole("main").getByText("Pending approval").first()).toBeVisible();

  const admin = await browser.newPage();
  await signIn(admin, "admin@acme.example");
  await admin.goto("/audit?outcome=denied");
  await expect(admin.getByRole("table").getByText(/Refused order\.decide/).first()).toBeVisible();
});

test("a 60,000 order skips the 50,000 approver and the CFO decides it; a 150,000 order needs finance and the CFO, one level each", async ({ browser }) => {
  const orderer = await browser.newPage();
  await signIn(orderer, "orderer@acme.example");
  const sixty = await placeOrder(orderer, [{ site: "London HQ", product: "Managed Firewall", quantity: 18 }], "PO-E2E-60K");
  const sixtyNumber = (await orderer.getByRole("heading", { level: 1 }).textContent())!.match(/ORD-\d+/)![0];
  const big = await placeOrder(orderer, [{ site: "London HQ", product: "Managed Firewall", quantity: 46 }], "PO-E2E-150K");

  const approver = await browser.newPage();
  await signIn(approver, "approver@acme.example");
  await approver.goto("/approvals");
  await expect(approver.getByRole("link", { name: sixtyNumber })).toHaveCount(0);
  await approver.goto(sixty);
  await expect(approver.getByRole("form", { name: "Your decision" })).toHaveCount(0);

  const cfo = await browser.newPage();
  await signIn(cfo, "cfo@acme.example");
  await decide(cfo, sixty, "Approve", "Budgeted.");
  await expect(cfo.getByRole("main").getByText("Approved by Clara Fo")).toBeVisible();

  // Two levels, in either order: the CFO first, then finance; the CFO cannot take the second.
  await decide(cfo, big, "Approve");
  await expect(cfo.getByRole("main").getByText("Approved by Clara Fo")).toBeVisible();
  await cfo.reload();
  await expect(cfo.getByRole("form", { name: "Your decision" })).toHaveCount(0);
  const finance = await browser.newPage();
  await signIn(finance, "finance@acme.example");
  await decide(finance, big, "Approve");
  await expect(finance.getByRole("main").getByText("Approved by Fin Ance")).toBeVisible();
  await expect(finance.getByRole("main").getByText("Approved", { exact: true }).first()).toBeVisible();
  await expectNoSeriousA11yViolations(finance);
});

test("with approver away and finance named, finance decides an item of approver's inbox and the timeline names both", async ({ browser }) => {
  const approver = await browser.newPage();
  await signIn(approver, "approver@acme.example");
  await approver.goto("/approvals");
  await approver.getByLabel("Who decides in your place").selectOption({ label: "Fin Ance" });
  await approver.getByRole("button", { name: "Save away period" }).click();
  await expect(approver.getByRole("main").getByText(/Fin Ance decides in your place/).first()).toBeVisible();
  await expectNoSeriousA11yViolations(approver);

  const orderer = await browser.newPage();
  await signIn(orderer, "orderer@acme.example");
  const path = await placeOrder(orderer, [{ site: "Edinburgh Data Centre", product: "Managed Firewall", quantity: 5 }], "PO-E2E-AWAY");
  const number = (await orderer.getByRole("heading", { level: 1 }).textContent())!.match(/ORD-\d+/)![0];

  const finance = await browser.newPage();
  await signIn(finance, "finance@acme.example");
  await finance.goto("/approvals");
  const row = finance.getByRole("row").filter({ has: finance.getByRole("link", { name: number }) });
  await expect(row.getByText("For April Prover")).toBeVisible();
  await decide(finance, path, "Approve", "For April while she is away.");
  await expect(finance.getByRole("main").getByText("Approved by Fin Ance for April Prover")).toBeVisible();
  await expect(finance.getByRole("main").getByText("Fin Ance for April Prover").last()).toBeVisible();

  // Back again: the away period ends, and nothing else is left behind for the other journeys.
  await approver.reload();
  await approver.getByRole("button", { name: "I'm back" }).click();
  await expect(approver.getByRole("button", { name: "I'm back" })).toHaveCount(0);
});

test("a user of Acme Germany opening a UK order gets the not-found page", async ({ browser }) => {
  const orderer = await browser.newPage();
  await signIn(orderer, "orderer@acme.example");
  await orderer.goto("/orders");
  await orderer.getByRole("table", { name: "Orders" }).getByRole("link", { name: "ORD-1003" }).click();
  await expect(orderer).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  const path = new URL(orderer.url()).pathname;

  const german = await browser.newPage();
  await signIn(german, "de.billing@acme.example");
  const response = await german.goto(path);
  expect(response?.status()).toBe(404);
  await expect(german.getByRole("heading", { name: /not found/i })).toBeVisible();
});

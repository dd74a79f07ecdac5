import type { Page, Request } from "@playwright/test";
import { demoId } from "../lib/demo/ids";
import { expect, expectNoSeriousA11yViolations, signIn, test } from "./fixtures";

/**
 * Contracts and the catalog (issue 8). The journeys run in order on one seeded database: the
 * account manager completes the draft amendment (version 3), the CSP administrator activates it
 * (version 2 becomes superseded), replays of that activation change nothing, and customers see
 * the agreements covering them.
 */
const V2 = demoId("contract:acme-framework");
const V3 = demoId("contract:acme-framework:v3");

/** Replays a captured server-action POST with the cookies of `page`'s context; answers the response text. */
async function replay(page: Page, request: Request) {
  const h = request.headers();
  const response = await page.request.post(request.url(), {
    headers: { "next-action": h["next-action"]!, "content-type": h["content-type"]!, accept: "text/x-component", origin: new URL(request.url()).origin, "next-router-state-tree": h["next-router-state-tree"] ?? "" },
    data: request.postData() ?? "",
  });
  expect(response.status()).toBeLessThan(500);
  return response.text();
}

/**
 * At a laptop's width (1280 px) and a tablet's (1024 px, the sidebar still shown) the page does
 * not scroll sideways (`document.documentElement.scrollWidth <= clientWidth`), and no table is
 * wider than its card (no column cut off). Ends at the default viewport again.
 */
async function expectFitsLaptopAndTablet(page: Page) {
  for (const width of [1280, 1024]) {
    await page.setViewportSize({ width, height: 800 });
    const { root, tables } = await page.evaluate(() => ({
      root: { scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth },
      tables: [...document.querySelectorAll("table")].map((t) => ({ name: t.caption?.textContent ?? "a", width: t.parentElement!.scrollWidth, box: t.parentElement!.clientWidth })),
    }));
    expect(root.scrollWidth, `${page.url()} scrolls sideways at ${width} px`).toBeLessThanOrEqual(root.clientWidth);
    for (const t of tables) expect(t.width, `the ${t.name} table is wider than its card at ${width} px`).toBeLessThanOrEqual(t.box);
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

test.describe.configure({ mode: "serial" });

let activation: Request | null = null;

test("the account manager completes its draft amendment with a price item and a volume band, and cannot activate it", async ({ page }) => {
  await signIn(page, "am@csp.example");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Contracts" }).click();
  const table = page.getByRole("table", { name: "Contracts" });
  await expect(table.getByRole("row", { name: /CTR-ACME-2025-001 v3.*Draft/ })).toBeVisible();
  await expect(table.getByRole("row", { name: /CTR-ACME-2025-001 v2.*Active/ })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await table.getByRole("link", { name: "CTR-ACME-2025-001 v3" }).click();
  await expect(page.getByRole("heading", { name: "Acme Corp Framework Agreement" })).toBeVisible();
  await expect(page.getByText("You drafted this version, so you cannot activate it")).toBeVisible();
  await expect(page.getByRole("button", { name: "Activate" })).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);

  await page.getByRole("link", { name: "Edit draft" }).click();
  await expect(page.getByRole("heading", { name: "Edit CTR-ACME-2025-001 version 3" })).toBeVisible();
  await page.getByRole("button", { name: "Add price item" }).click();
  await page.getByLabel("Offering (price item 11)", { exact: true }).selectOption({ label: "SIP Trunk (30 channels) (SIP-TRUNK)" });
  await page.getByLabel("Currency (price item 11)", { exact: true }).selectOption("EUR");
  await page.getByLabel("One-off price (price item 11)", { exact: true }).fill("150");
  await page.getByLabel("Monthly price (price item 11)", { exact: true }).fill("190.00");
  await page.getByLabel("Committed qty (price item 11)", { exact: true }).fill("2");
  await page.getByRole("button", { name: "Add volume band to price item 11" }).click();
  await page.getByLabel("Band from quantity (price item 11, band 1)", { exact: true }).fill("4");
  // A band that does not lower the price is refused on its field, and nothing is saved.
  await page.getByLabel("Band monthly price (price item 11, band 1)", { exact: true }).fill("200.00");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByLabel("Band monthly price (price item 11, band 1)", { exact: true })).toHaveAccessibleDescription("A band's monthly price is lower than the item's own");
  await expectNoSeriousA11yViolations(page);
  await page.getByLabel("Band monthly price (price item 11, band 1)", { exact: true }).fill("175.00");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByText("CTR-ACME-2025-001 version 3 saved")).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/contracts/${V3}$`));
  const prices = page.getByRole("table", { name: "Prices" });
  await expect(prices.getByRole("row", { name: /SIP-TRUNK · EUR/ })).toContainText("from 4: €175.00");
  await expect(page.getByRole("button", { name: "Activate" })).toHaveCount(0);
});

test("the CSP administrator activates it; version 2 is superseded; the drafter's forged activation and a replay change nothing", async ({ page, browser }) => {
  // The drafter, signed in elsewhere, will forge the activation request the administrator sends.
  const amContext = await browser.newContext();
  const am = await amContext.newPage();
  await signIn(am, "am@csp.example");

  await signIn(page, "csp.admin@csp.example");
  await page.goto(`/contracts/${V3}`);
  await expect(page.getByRole("table", { name: "Prices" }).getByRole("row", { name: /SIP-TRUNK · EUR/ })).toBeVisible();
  let forged = "";
  await page.route("**/*", async (route) => {
    const r = route.request();
    if (r.method() === "POST" && r.headers()["next-action"] && !activation) {
      activation = r;
      // Sent first, with the drafter's session, while the version is still a draft: refused.
      forged = await replay(am, r);
    }
    await route.continue();
  });
  await page.getByRole("button", { name: "Activate" }).click();
  const dialog = page.getByRole("alertdialog", { name: "Activate CTR-ACME-2025-001 version 3?" });
  await expect(dialog).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await dialog.getByRole("button", { name: "Activate" }).click();
  await expect(page.getByText("CTR-ACME-2025-001 version 3 is active")).toBeVisible();
  expect(forged).toContain(`"error":"You drafted this version: another CSP administrator must activate it.","status":403`);
  expect(forged).not.toContain('"ok":true');
  await page.unrouteAll();
  await amContext.close();

  const history = page.getByRole("list", { name: "Version history" });
  await expect(history.getByRole("listitem").filter({ hasText: "Version 3" })).toContainText("Active");
  await expect(history.getByRole("listitem").filter({ hasText: "Version 2" })).toContainText("Superseded");
  await expect(history.getByRole("listitem").filter({ hasText: "Version 1" })).toContainText("Superseded");
  await expect(page.getByRole("button", { name: "Activate" })).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);

  // Replayed by the administrator: changes nothing and says so.
  expect(await replay(page, activation!)).toContain("This version is already active: nothing was changed.");
  await page.goto(`/contracts/${V2}`);
  await expect(page.getByRole("list", { name: "Version history" }).getByRole("listitem").filter({ hasText: "Version 3" })).toContainText("Active");
  await expect(page.getByRole("list", { name: "Version history" }).getByRole("listitem").filter({ hasText: "Version 2" })).toContainText("Superseded");
});

test("the account manager drafts the next amendment from the version in force", async ({ page }) => {
  await signIn(page, "am@csp.example");
  await page.goto(`/contracts/${V3}`);
  await page.getByRole("button", { name: "Draft amendment" }).click();
  await expect(page.getByRole("heading", { name: "Edit CTR-ACME-2025-001 version 4" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.goto(`/contracts/${V3}`);
  await expect(page.getByText("An amendment of this contract is in draft.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Draft amendment" })).toHaveCount(0);
});

test("a customer sees its agreements with negotiated against list prices and consumption against commitments, never a draft", async ({ page }) => {
  await signIn(page, "admin@acme.example");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Contracts" }).click();
  const table = page.getByRole("table", { name: "Contracts" });
  await expect(table.getByRole("row", { name: /CTR-ACME-2025-001 v3.*Active/ })).toBeVisible();
  await expect(table.getByRole("row", { name: /CTR-ACME-2025-001 v2.*Superseded/ })).toBeVisible();
  await expect(table.getByRole("row", { name: /v4/ })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "New contract" })).toHaveCount(0);
  await expectFitsLaptopAndTablet(page);
  await expectNoSeriousA11yViolations(page);

  await table.getByRole("link", { name: "CTR-ACME-2025-001 v3" }).click();
  const mobile = page.getByRole("table", { name: "Prices" }).getByRole("row", { name: /MOBILE-VOICE · GBP/ });
  await expect(mobile).toContainText("£20.00");
  await expect(mobile).toContainText("list £25.00");
  await expect(mobile).toContainText("20 % below list");
  await expect(mobile).toContainText(/\d+ of 150 committed/);
  await expect(page.getByRole("button", { name: /Activate|Draft amendment/ })).toHaveCount(0);
  await expect(page.getByRole("list", { name: "Version history" }).getByText("Version 4")).toHaveCount(0);
  await expectFitsLaptopAndTablet(page);
  await expectNoSeriousA11yViolations(page);

  // The catalog: what its agreements cover, with its prices beside the list prices.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Catalog" }).click();
  const catalog = page.getByRole("table", { name: "Catalog" });
  await expect(catalog.getByRole("row", { name: /Business Fibre 1 Gbps/ })).toContainText("£390.00");
  await expect(catalog.getByText("ISDN30 Primary Rate")).toHaveCount(0);
  await expect(catalog.getByRole("link", { name: /^Edit/ })).toHaveCount(0);
  // Its list and contract prices, long names and all, fit without a sideways scroll.
  await expectFitsLaptopAndTablet(page);
  await expectNoSeriousA11yViolations(page);
  const edit = await page.goto(`/catalog/${demoId("offering:FIREWALL")}/edit`);
  expect(edit?.status()).toBe(404);
});

test("another tenant's admin opening the Acme contract gets the not-found page", async ({ page }) => {
  await signIn(page, "admin@globex.example");
  for (const id of [V2, V3, "not-a-contract"]) {
    const response = await page.goto(`/contracts/${id}`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  }
  await page.goto("/contracts");
  await expect(page.getByRole("table", { name: "Contracts" })).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);
});

test("the CSP administrator edits an offering's list price and validity in the catalog", async ({ page }) => {
  await signIn(page, "csp.admin@csp.example");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Catalog" }).click();
  const catalog = page.getByRole("table", { name: "Catalog" });
  await expect(catalog.getByRole("row", { name: /ISDN30 Primary Rate/ })).toContainText("Withdrawn");
  await expectFitsLaptopAndTablet(page);
  await expectNoSeriousA11yViolations(page);
  await catalog.getByRole("link", { name: "Edit Managed Firewall" }).click();
  await expect(page.getByRole("heading", { name: "Edit Managed Firewall" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.getByLabel("Monthly (GBP)").fill("310.00");
  await page.getByLabel("Valid until (optional)").fill("2029-12-31");
  await page.getByLabel("One-off (EUR)").fill("12.345");
  await page.getByRole("button", { name: "Save offering" }).click();
  await expect(page.getByLabel("One-off (EUR)")).toHaveAccessibleDescription("At most 2 decimal places for EUR");
  await page.getByLabel("One-off (EUR)").fill("460.00");
  await page.getByRole("button", { name: "Save offering" }).click();
  await expect(page.getByText("“Managed Firewall” saved")).toBeVisible();
  const row = page.getByRole("table", { name: "Catalog" }).getByRole("row", { name: /Managed Firewall/ });
  await expect(row).toContainText("£310.00");
  await expect(row).toContainText("31 Dec 2029");
  await expectNoSeriousA11yViolations(page);
});

import type { APIResponse, Response } from "@playwright/test";
import { expect, signIn, test } from "./fixtures";

/** Protective headers on pages, public pages, API routes and static files; no CSP violations. */
function expectStaticHeaders(headers: Record<string, string>) {
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"]).toContain("camera=()");
  expect(headers["permissions-policy"]).toContain("geolocation=()");
}

/** A page's policy: a nonce that is on every script of the page, and no framing. */
async function expectPagePolicy(response: Response | APIResponse | null) {
  expect(response, "response").not.toBeNull();
  const headers = response!.headers();
  expectStaticHeaders(headers);
  const csp = headers["content-security-policy"];
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toContain("unsafe-eval");
  // Plain HTTP here: no HSTS (it is sent only when the browser came over HTTPS).
  expect(headers["strict-transport-security"]).toBeUndefined();
  return csp.match(/'nonce-([^']+)'/)![1];
}

test("a signed-in page has its nonce-based policy, scripts carry the nonce, and the page works under it", async ({ page }) => {
  await signIn(page, "uk.admin@acme.example");
  const response = await page.goto("/users");
  const nonce = await expectPagePolicy(response);
  // Next put this response's nonce on every script tag of the HTML it sent.
  const scripts = (await response!.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  // Hydrated: a client-side control responds.
  await page.getByRole("button", { name: "User menu" }).click();
  await expect(page.getByRole("menuitem", { name: "Sign out" })).toBeVisible();
  // A second request gets a fresh nonce.
  const again = await expectPagePolicy(await page.goto("/users"));
  expect(again).not.toBe(nonce);
});

test("the login and invitation pages have the policy too, and are not redirected", async ({ page }) => {
  const login = await page.goto("/login");
  expect(page.url()).toMatch(/\/login$/);
  await expectPagePolicy(login);
  const invitation = await page.goto(`/invitations/${"A".repeat(43)}`);
  expect(invitation?.status()).toBe(200);
  await expectPagePolicy(invitation);
});

test("API routes get a policy that allows nothing; static files get the common headers and are public", async ({ request }) => {
  const health = await request.get("/api/health");
  expect(health.status()).toBe(200);
  expectStaticHeaders(health.headers());
  expect(health.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");

  const robots = await request.get("/robots.txt", { maxRedirects: 0 });
  expect(robots.status()).toBe(200);
  expectStaticHeaders(robots.headers());
  expect(await robots.text()).toMatch(/^Disallow: \/$/m);

  const icon = await request.get("/icon.svg", { maxRedirects: 0 });
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/svg+xml");
});

test("every page names the icon", async ({ page }) => {
  await page.goto("/login");
  await expect(page.locator('link[rel="icon"]')).toHaveAttribute("href", /\/icon\.svg/);
});

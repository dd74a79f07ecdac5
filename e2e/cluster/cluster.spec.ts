import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Browser, type Page, type Response } from "@playwright/test";
import pg from "pg";
import { demoId } from "../../lib/demo/ids";
import { DEMO_PASSWORD, signIn } from "../fixtures";
import { CLUSTER } from "./cluster-env";

/**
 * Trellis as it runs in production: nginx → 3 instances → PgBouncer (transaction mode) → a primary
 * and a streaming replica, started by `npm run cluster` (global-setup.ts). Each journey checks
 * that what must agree across instances lives in PostgreSQL, not in one process.
 */

const INSTANCE = "x-trellis-instance";

async function sql<T extends Record<string, unknown>>(port: number, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ host: "127.0.0.1", port, user: "postgres", database: "trellis" });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

/** Every instance that answered a document or server-action request of this page from now on. */
function instancesSeen(page: Page): Set<string> {
  const seen = new Set<string>();
  page.on("response", (r: Response) => {
    const type = r.request().resourceType();
    const id = r.headers()[INSTANCE];
    if (id && (type === "document" || type === "fetch")) seen.add(id);
  });
  return seen;
}

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: CLUSTER.url, locale: "en-GB", timezoneId: "UTC" });
  return context.newPage();
}

function logLines(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const file of readdirSync(CLUSTER.logs).filter((f) => /^app-\d+\.log$/.test(f))) {
    for (const line of readFileSync(path.join(CLUSTER.logs, file), "utf8").split("\n")) {
      if (!line.trim()) continue;
      out.push(JSON.parse(line) as Record<string, unknown>);
    }
  }
  return out;
}

const PAGES: [string, string | RegExp][] = [
  ["/dashboard", /^Good to see you/],
  ["/users", "Users"],
  ["/sites", "Sites"],
  ["/orders", "Orders"],
  ["/audit", "Audit log"],
  ["/users", "Users"],
  ["/sites", "Sites"],
  ["/orders", "Orders"],
  ["/dashboard", /^Good to see you/],
];

async function browse(page: Page, pages = PAGES) {
  for (const [url, heading] of pages) {
    const res = await page.goto(url);
    expect(res?.status(), url).toBe(200);
    await expect(page.getByRole("heading", { name: heading, exact: typeof heading === "string", level: 1 })).toBeVisible();
  }
}

test("a signed-in user keeps working while requests land on different instances", async ({ page }) => {
  const seen = instancesSeen(page);
  await signIn(page, "admin@acme.example");
  await browse(page);
  // Round robin over three instances: the one session was honoured by more than one of them.
  expect(seen.size).toBeGreaterThanOrEqual(2);
});

test("health, readiness with the replica's lag, JSON logs with the request id, and traces of requests and queries", async ({ page, request }) => {
  expect(await (await request.get("/api/health")).json()).toEqual({ status: "ok" });
  const ready = await request.get("/api/ready");
  expect(ready.status()).toBe(200);
  const readiness = await ready.json();
  expect(readiness).toMatchObject({ status: "ready", database: "ok", migrations: "current", replica: { status: "ok" } });
  expect(typeof readiness.replica.lagBytes).toBe("number");

  await signIn(page, "admin@acme.example");
  const res = await page.goto("/users");
  const requestId = res!.headers()["x-request-id"]!;
  expect(requestId).toMatch(/^[0-9a-f]{32}$/); // nginx's $request_id, kept by the instance

  // The instance's log line for that request: who asked, from which enterprise, never the query string.
  await expect.poll(() => logLines().find((l) => l.msg === "request" && l.requestId === requestId), { timeout: 10_000 }).toBeTruthy();
  const line = logLines().find((l) => l.msg === "request" && l.requestId === requestId)!;
  expect(line).toMatchObject({ method: "GET", path: "/users", status: 200, userId: demoId("user:admin@acme.example"), enterpriseId: demoId("node:acme") });
  expect(line.instance).toBe(res!.headers()[INSTANCE]);
  // nginx logged the same id.
  expect(readFileSync(path.join(CLUSTER.logs, "nginx-access.log"), "utf8")).toContain(`"request_id":"${requestId}"`);
  // No password or session cookie in any log.
  const everything = readdirSync(CLUSTER.logs).map((f) => readFileSync(path.join(CLUSTER.logs, f), "utf8")).join("\n");
  expect(everything).not.toContain(DEMO_PASSWORD);
  const cookie = (await page.context().cookies()).find((c) => /authjs\.session-token/.test(c.name));
  expect(cookie).toBeTruthy();
  expect(everything).not.toContain(cookie!.value.slice(0, 40));

  // The request's server span and its database query spans reached the OTLP receiver.
  type Span = { traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number; attributes: { key: string; value: Record<string, unknown> }[] };
  const spans = (): Span[] =>
    readFileSync(CLUSTER.spansFile, "utf8")
      .split("\n")
      .filter(Boolean)
      .flatMap((l) => (JSON.parse(l) as { resourceSpans: { scopeSpans: { spans: Span[] }[] }[] }).resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)));
  const attr = (s: Span, key: string) => Object.values(s.attributes.find((a) => a.key === key)?.value ?? {})[0];
  await expect.poll(() => spans().some((s) => attr(s, "trellis.request_id") === requestId), { timeout: 15_000 }).toBe(true);
  const server = spans().find((s) => attr(s, "trellis.request_id") === requestId)!;
  // No exported URL keeps its query (sign-in went through /login?callbackUrl=…), ours or Next's.
  for (const s of spans()) for (const key of ["http.target", "http.url", "url.full"]) expect(String(attr(s, key) ?? "")).not.toContain("?");
  expect(server.name).toBe("GET /users");
  await expect
    .poll(() => spans().filter((s) => s.traceId === server.traceId && /postgres/.test(String(attr(s, "db.system") ?? attr(s, "db.system.name")))).length, { timeout: 15_000 })
    .toBeGreaterThan(0);
});

test("sign-in throttling holds across instances", async ({ browser }) => {
  const EMAIL = "finance@acme.example";
  const page = await newPage(browser);
  // The right password, typed through nginx and sent the moment the fifth wrong one is refused:
  // past the free attempts every attempt waits (1 s, then 2, 4, …), so it must be refused too.
  const right = await page.context().newPage();
  await right.goto(`${CLUSTER.url}/login`);
  await right.getByLabel("Email").fill(EMAIL);
  await right.getByRole("button", { name: "Continue" }).click();
  await right.getByLabel("Password").fill(DEMO_PASSWORD);

  // Five wrong passwords, each sent straight to an instance in turn (1, 2, 3, 1, 2), so that no
  // round-robin coincidence can put them all on one. The header stands in for nginx, which appends
  // the client's address: the counters are the ones a browser behind the proxy meets.
  await page.setExtraHTTPHeaders({ "x-forwarded-for": "127.0.0.1" });
  for (let attempt = 1; attempt <= 5; attempt++) {
    const instance = ((attempt - 1) % CLUSTER.instances) + 1;
    await page.goto(`http://127.0.0.1:${CLUSTER.port + instance}/login`);
    await page.getByLabel("Email").fill(EMAIL);
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByLabel("Password").fill(`wrong-${attempt}`);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/login"),
      page.getByRole("button", { name: "Sign in" }).click(),
    ]);
    expect(response.headers()[INSTANCE]).toBe(`app-${instance}`);
    await expect(page.locator("#sign-in-error")).toContainText("do not match");
  }
  await right.getByRole("button", { name: "Sign in" }).click();
  await expect(right.locator("#sign-in-error")).toContainText("Too many attempts");
  await expect(right).toHaveURL(/\/login/);

  // Three instances, one count per counter, kept in PostgreSQL.
  const counters = await sql<{ key: string; attempts: number }>(CLUSTER.primaryPort, "select key, attempts from login_throttle where key like $1 order by key", [`%${EMAIL}%`]);
  expect(counters).toEqual([
    { key: `account:${EMAIL}`, attempts: 5 },
    { key: `pair:${EMAIL}|127.0.0.1`, attempts: 5 },
  ]);
});

test("a deactivation holds across instances at once", async ({ browser, request }) => {
  const person = await newPage(browser);
  await signIn(person, "billing@acme.example");
  // The person's session cookie, sent as it is on every request below (whatever the browser would do with it).
  const cookie = (await person.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const asPerson = () => request.get("/dashboard", { headers: { cookie }, maxRedirects: 0 });
  expect((await asPerson()).status()).toBe(200);

  const admin = await newPage(browser);
  await signIn(admin, "admin@acme.example");
  await admin.goto(`/users/${demoId("user:billing@acme.example")}`);
  await admin.getByRole("button", { name: "Deactivate user" }).click();
  await admin.getByRole("alertdialog").getByRole("button", { name: "Deactivate" }).click();
  await expect(admin.getByText("Deactivated", { exact: true }).first()).toBeVisible();

  // One request after another, round robin: every instance refuses the session at once.
  const refusedBy = new Set<string>();
  for (let i = 0; i < 6; i++) {
    const res = await asPerson();
    expect(res.status()).toBe(307);
    expect(res.headers().location).toMatch(/\/login/);
    refusedBy.add(res.headers()[INSTANCE]!);
  }
  expect(refusedBy.size).toBeGreaterThanOrEqual(2);
  await person.goto("/orders");
  await expect(person).toHaveURL(/\/login/);
});

test("a list page reads from the replica, and the author of a change still sees it at once", async ({ browser, request }) => {
  const reader = await newPage(browser);
  await signIn(reader, "siteadmin@acme.example");
  const author = await newPage(browser);
  await signIn(author, "admin@acme.example");
  const renamed = "Manchester Branch (Deansgate)";

  // An export reads the replica (no change of the author's yet) and records itself on the primary.
  const exported = await author.request.get("/api/users/export");
  expect(exported.status()).toBe(200);
  expect(await exported.text()).toContain("billing@acme.example");
  const exportAudit = await sql<{ action: string }>(CLUSTER.primaryPort, "select action from audit_events where request_id = $1", [exported.headers()["x-request-id"]]);
  expect(exportAudit.map((a) => a.action)).toEqual(["user.export"]);

  // The replica stops replaying: from now on it shows the data as it was.
  await sql(CLUSTER.replicaPort, "select pg_wal_replay_pause()");
  try {
    await author.goto(`/sites/${demoId("site:manchester")}/edit`);
    await author.getByLabel("Site name").fill(renamed);
    const [save] = await Promise.all([
      author.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/sites/")),
      author.getByRole("button", { name: "Save changes" }).click(),
    ]);
    await expect(author).toHaveURL(new RegExp(`/sites/${demoId("site:manchester")}$`));
    // The audit row carries the request id the instance answered with (and nginx made).
    const requestId = save.headers()["x-request-id"];
    const [audit] = await sql<{ action: string }>(CLUSTER.primaryPort, "select action from audit_events where request_id = $1", [requestId]);
    expect(audit?.action).toMatch(/site/i);

    // The author's list reads the primary (their browser holds the position of their change)…
    await author.goto("/sites");
    await expect(author.getByRole("table", { name: "Sites" }).getByRole("link", { name: renamed })).toBeVisible();
    // …while another user's list reads the paused replica, which has not replayed it yet.
    for (let i = 0; i < 3; i++) {
      await reader.goto("/sites");
      const table = reader.getByRole("table", { name: "Sites" });
      await expect(table.getByRole("link", { name: "Manchester Branch", exact: true })).toBeVisible();
      await expect(table.getByRole("link", { name: renamed })).toHaveCount(0);
    }
    // The site's own page is not a list: it reads the primary for everyone.
    await reader.goto(`/sites/${demoId("site:manchester")}`);
    await expect(reader.getByRole("heading", { name: renamed })).toBeVisible();
    // Readiness shows the replica behind.
    await expect.poll(async () => (await (await request.get("/api/ready")).json()).replica.lagBytes).toBeGreaterThan(0);
  } finally {
    await sql(CLUSTER.replicaPort, "select pg_wal_replay_resume()");
  }
  await expect(async () => {
    await reader.goto("/sites");
    await expect(reader.getByRole("table", { name: "Sites" }).getByRole("link", { name: renamed })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
});

test("an instance killed mid-run and another stopped with SIGTERM: the user notices nothing", async ({ page }) => {
  const seen = instancesSeen(page);
  await signIn(page, "admin@acme.example");
  await browse(page, PAGES.slice(0, 3));

  const pid = (n: number) => Number(readFileSync(path.join(CLUSTER.run, `app-${n}.pid`), "utf8"));
  const accessBefore = readFileSync(path.join(CLUSTER.logs, "nginx-access.log"), "utf8").length;
  process.kill(pid(2), "SIGKILL");
  await browse(page);
  // nginx found app-2 gone and sent those requests on to another instance: a retried request.
  const access = readFileSync(path.join(CLUSTER.logs, "nginx-access.log"), "utf8").slice(accessBefore);
  expect(access).toMatch(/"upstream":"127\.0\.0\.1:\d+, 127\.0\.0\.1:\d+/);

  // SIGTERM: app-3 drains and exits by itself; meanwhile and afterwards app-1 serves everything.
  seen.clear();
  process.kill(pid(3), "SIGTERM");
  await browse(page);
  await expect.poll(() => {
    try {
      process.kill(pid(3), 0);
      return "running";
    } catch {
      return "exited";
    }
  }, { timeout: 20_000 }).toBe("exited");
  const app3 = readFileSync(path.join(CLUSTER.logs, "app-3.log"), "utf8");
  expect(app3).toContain('"msg":"draining"');
  expect(app3).toContain('"msg":"stopped"');
  await browse(page, PAGES.slice(0, 3));
  expect([...seen].every((id) => id === "app-1" || id === "app-3")).toBe(true);
});

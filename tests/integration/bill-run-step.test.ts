import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { bills } from "@/db/schema";
import { billRunOverview, endedMonths, runBillsStepFor } from "@/lib/billing/run-step";
import { demoId } from "@/lib/demo/ids";
import { ForbiddenError, InvalidError, NotFoundError } from "@/lib/errors";
import { resetDemoData } from "../support/db";
import { contextFor } from "../support/principals";

let db: Db;
beforeEach(async () => {
  db = await resetDemoData();
});

const ctx = (email: string) => contextFor(db, email);
const NOW = new Date("2026-12-03T09:00:00Z");

/** Drives the steps as the page does, until every account is done. */
async function runAll(email: string, enterpriseId: string, period: string) {
  const c = await ctx(email);
  let after: string | null = null;
  const sum = { issued: 0, existing: 0, nothing: 0, steps: 0, total: 0 };
  for (;;) {
    const s = await runBillsStepFor(db, c, { enterpriseId, period, after }, NOW);
    Object.assign(sum, { issued: sum.issued + s.issued, existing: sum.existing + s.existing, nothing: sum.nothing + s.nothing, steps: sum.steps + 1, total: s.total });
    if (s.done >= s.total || !s.last) return sum;
    after = s.last;
  }
}

describe("the bill run from the portal", () => {
  it("bills every account of a month step by step, and a second run changes nothing", async () => {
    const first = await runAll("csp.admin@csp.example", "all", "2026-11");
    expect(first).toMatchObject({ issued: 3, existing: 0, total: 3 });
    const overview = await billRunOverview(db, "2026-11");
    expect(overview.map((o) => [o.name, o.accounts, o.billed])).toEqual([
      ["Acme Corp", 2, 2],
      ["Globex Inc", 1, 1],
    ]);
    const count = (await db.select().from(bills)).length;
    expect(await runAll("csp.admin@csp.example", "all", "2026-11")).toMatchObject({ issued: 0, existing: 3 });
    expect((await db.select().from(bills)).length).toBe(count);
  });

  it("runs one enterprise only when asked", async () => {
    expect(await runAll("csp.admin@csp.example", demoId("node:globex"), "2026-11")).toMatchObject({ issued: 1, total: 1 });
    expect(await db.select().from(bills).where(eq(bills.periodStart, "2026-11-01"))).toHaveLength(1);
  });

  it("is the CSP administrator's alone, for a month that has ended, for an enterprise that exists", async () => {
    await expect(runAll("am@csp.example", "all", "2026-11")).rejects.toThrow(ForbiddenError);
    await expect(runAll("billing@acme.example", "all", "2026-11")).rejects.toThrow(ForbiddenError);
    await expect(runAll("orderer@acme.example", "all", "2026-11")).rejects.toThrow(NotFoundError);
    await expect(runAll("csp.admin@csp.example", "all", "2026-12")).rejects.toThrow(InvalidError);
    await expect(runAll("csp.admin@csp.example", demoId("node:acme-uk"), "2026-11")).rejects.toThrow(NotFoundError);
    expect(await db.select().from(bills).where(eq(bills.periodStart, "2026-11-01"))).toHaveLength(0);
  });

  it("offers the twelve months that have ended, latest first", () => {
    expect(endedMonths(NOW)).toEqual(["2026-11", "2026-10", "2026-09", "2026-08", "2026-07", "2026-06", "2026-05", "2026-04", "2026-03", "2026-02", "2026-01", "2025-12"]);
  });
});

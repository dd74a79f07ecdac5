import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { accountNodes, bills } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { ForbiddenError, InvalidError, NotFoundError } from "@/lib/errors";
import type { z } from "zod";
import { parsePeriod, runBillsStep } from "./run";
import type { billRunSchema } from "./schemas";

/** Accounts billed per step: each runs in its own transaction, so a step stays well under a second. */
const STEP = 5;

/**
 * A step of the bill run a person starts: only who may run bills everywhere (the CSP
 * administrator: `create` on bills) runs it for all enterprises; one enterprise needs it there.
 * The month must have ended (runBill says so). Counts what the step did: bills issued, accounts
 * already billed for the month, accounts with nothing to charge.
 */
export async function runBillsStepFor(db: Executor, ctx: Ctx, input: z.output<typeof billRunSchema>, now = new Date()) {
  if (!ctx.ability.can("create", "Bill")) throw ctx.ability.can("read", "Bill") ? new ForbiddenError("Only CSP administrators run bills.") : new NotFoundError();
  if (!parsePeriod(input.period)) throw new InvalidError("Choose a month.", { period: ["Choose a month."] });
  const enterpriseId = input.enterpriseId === "all" ? null : input.enterpriseId;
  if (enterpriseId) {
    const [enterprise] = await db.select({ id: accountNodes.id }).from(accountNodes).where(and(eq(accountNodes.id, enterpriseId), eq(accountNodes.kind, "enterprise")));
    if (!enterprise) throw new NotFoundError();
  }
  const step = await runBillsStep(db, ctx, { enterpriseId, period: input.period, after: input.after ?? null, size: STEP }, now);
  return {
    total: step.total,
    done: step.done,
    last: step.last ?? null,
    issued: step.results.filter((r) => r.created).length,
    existing: step.results.filter((r) => r.reason === "exists").length,
    nothing: step.results.filter((r) => r.reason === "nothing").length,
  };
}

/** The months a bill run offers: the last twelve that have ended, latest first. */
export function endedMonths(now = new Date(), count = 12): string[] {
  return Array.from({ length: count }, (_, i) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1 - i, 1)).toISOString().slice(0, 7));
}

/** What the run page shows before and after: per enterprise, its billing accounts and how many have a bill for the month. */
export async function billRunOverview(db: Executor, period: string) {
  const p = parsePeriod(period);
  const start = p ? p.start.toISOString().slice(0, 10) : "1970-01-01";
  const result = await db.execute(sql`
    select ba.enterprise_id as "enterpriseId", e.name as name, count(*)::int as accounts,
      (count(*) filter (where exists (select 1 from ${bills} b where b.billing_account_id = ba.id and b.period_start = ${start}::date)))::int as billed,
      (select max(b.period_start)::text from ${bills} b where b.enterprise_id = ba.enterprise_id) as latest
    from ${accountNodes} ba join ${accountNodes} e on e.id = ba.enterprise_id
    where ba.kind = 'billing_account'
    group by ba.enterprise_id, e.name
    order by e.name, ba.enterprise_id`);
  return result.rows as { enterpriseId: string; name: string; accounts: number; billed: number; latest: string | null }[];
}

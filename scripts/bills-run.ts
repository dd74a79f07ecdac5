/**
 * `npm run bills:run -- [--period YYYY-MM] [--enterprise <id>]`: the bill run for every billing
 * account (or one enterprise's) for a month that has ended, last month by default. Run it from a
 * scheduler early each month; running a month again changes nothing (each account is billed once,
 * lib/billing/run.ts), and two runs at once write each bill once. Exits non-zero on failure.
 */
import { parseArgs } from "node:util";
import { closeDb, getDb } from "../db/client";
import { parsePeriod, runBillsStep } from "../lib/billing/run";
import { endedMonths } from "../lib/billing/run-step";

const { values } = parseArgs({ options: { period: { type: "string" }, enterprise: { type: "string" } } });
const period = values.period ?? endedMonths()[0]!;
if (!parsePeriod(period)) {
  console.error(`bills:run: "${period}" is not a month (YYYY-MM)`);
  process.exit(2);
}

const db = await getDb();
let after: string | null = null;
const sum = { issued: 0, existing: 0, nothing: 0, lines: 0 };
try {
  for (;;) {
    const step = await runBillsStep(db, null, { enterpriseId: values.enterprise ?? null, period, after, size: 20 });
    for (const r of step.results) {
      if (r.created) sum.issued++;
      else if (r.reason === "exists") sum.existing++;
      else sum.nothing++;
      sum.lines += r.lines;
    }
    console.log(`bills:run ${period}: ${step.done}/${step.total} billing accounts`);
    if (step.done >= step.total || !step.last) break;
    after = step.last;
  }
  console.log(`bills:run ${period}: ${sum.issued} bill${sum.issued === 1 ? "" : "s"} issued (${sum.lines} lines), ${sum.existing} already billed, ${sum.nothing} with nothing to charge`);
} catch (error) {
  console.error(`bills:run ${period} failed:`, error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await closeDb();
}

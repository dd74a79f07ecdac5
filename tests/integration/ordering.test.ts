import { randomUUID } from "node:crypto";
import { and, count, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { approvalDecisions, approvalDelegations, auditEvents, contracts, notifications, orderEvents, orderLines, orders, outboxMessages, roleAssignments, services } from "@/db/schema";
import { defineAbilityFor } from "@/lib/authz/ability";
import { setAway } from "@/lib/approvals/mutations";
import { demoId } from "@/lib/demo/ids";
import { ConflictError, ForbiddenError, InvalidError, NotFoundError } from "@/lib/errors";
import { decideOrder } from "@/lib/orders/decide";
import { escalateDueOrders } from "@/lib/orders/escalate";
import { fulfilOrder } from "@/lib/orders/fulfil";
import { cancelOrder, createOrder, updateOrder } from "@/lib/orders/mutations";
import { createOrderInput, decideInput } from "@/lib/orders/schemas";
import { submitOrder } from "@/lib/orders/submit";
import { resetDemoData } from "../support/db";
import { contextFor } from "../support/principals";

let db: Db;
let contractId: string;
beforeEach(async () => {
  db = await resetDemoData();
  const [active] = await db
    .select({ id: contracts.id })
    .from(contracts)
    .where(and(eq(contracts.enterpriseId, demoId("node:acme")), eq(contracts.status, "active")));
  contractId = active!.id;
});

const node = (key: string) => demoId(`node:${key}`);
const site = (key: string) => demoId(`site:${key}`);
const offering = (code: string) => demoId(`offering:${code}`);
const ctx = (email: string) => contextFor(db, email);
/** A calendar day relative to today (UTC), as a form sends it. */
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const key = () => randomUUID();

type Line = { offering: string; at: string; quantity: number; chargeTo?: string };
function input(lines: Line[], extra: Record<string, unknown> = {}) {
  return createOrderInput.parse({
    contractId,
    purchaseOrderNumber: "PO-1",
    lines: lines.map((l) => ({ offeringId: offering(l.offering), siteId: site(l.at), subAccountId: node(l.chargeTo ?? l.at), quantity: l.quantity })),
    requestKey: key(),
    ...extra,
  });
}

async function order(id: string) {
  const [row] = await db.select().from(orders).where(eq(orders.id, id));
  return row!;
}

/** Creates and submits an order as the orderer; returns its id and what the submission answered. */
async function placed(lines: Line[], by = "orderer@acme.example") {
  const c = await ctx(by);
  const { id } = await createOrder(db, c, input(lines));
  const submitted = await submitOrder(db, c, { orderId: id, rowVersion: (await order(id)).rowVersion, requestKey: key() });
  return { id, submitted };
}

const decide = async (email: string, orderId: string, decision: "approved" | "rejected", comment?: string) =>
  decideOrder(db, await ctx(email), decideInput.parse({ orderId, level: (await db.select().from(approvalDecisions).where(eq(approvalDecisions.orderId, orderId))).length + 1, decision, comment }));

// First-year values under the demo contract: a firewall is 300.00 once plus 250.00 a month = 3,300.00 GBP.
const CFO_NAME = "Clara Fo";
const FIREWALLS_60K = 18; // 59,400.00: one level (over 10,000), above approver's 50,000 limit
const FIREWALLS_150K = 46; // 151,800.00: two levels (over 100,000)

describe("drafting", () => {
  it("prices every line from the contract and hangs the order on the sites' common node", async () => {
    const { id, number } = await createOrder(db, await ctx("orderer@acme.example"), input([
      { offering: "FIBRE-1G", at: "london", quantity: 2 },
      { offering: "FIREWALL", at: "manchester", quantity: 1 },
    ]));
    expect(number).toMatch(/^ORD-\d+$/);
    const o = await order(id);
    expect(o).toMatchObject({ status: "draft", nodeId: node("acme-uk-ba"), billingAccountId: node("acme-uk-ba"), currency: "GBP" });
    const lines = await db.select().from(orderLines).where(eq(orderLines.orderId, id));
    const fibre = lines.find((l) => l.offeringId === offering("FIBRE-1G"))!;
    // Six lines installed under the contract (London, Manchester, Edinburgh, Berlin) plus two: the 5-line band.
    expect(fibre).toMatchObject({ unitRecurringMinor: 36_000, unitOneOffMinor: 0, bandMinQuantity: 5 });
    expect(o.totalMinor).toBe(2 * 12 * 36_000 + 30_000 + 12 * 25_000);
    const [event] = await db.select().from(orderEvents).where(eq(orderEvents.orderId, id));
    expect(event).toMatchObject({ kind: "created" });
  });

  it("chooses the volume band by what is installed under the contract plus this order", async () => {
    const { id } = await createOrder(db, await ctx("orderer@acme.example"), input([{ offering: "FIBRE-1G", at: "london", quantity: 4 }]));
    const [line] = await db.select().from(orderLines).where(eq(orderLines.orderId, id));
    expect(line!.unitRecurringMinor).toBe(33_000); // 6 installed + 4 ordered = 10: the 10-line band
    expect(line!.bandMinQuantity).toBe(10);
    const { id: small } = await createOrder(db, await ctx("orderer@acme.example"), input([{ offering: "SIP-TRUNK", at: "london", quantity: 1 }]));
    const [sip] = await db.select().from(orderLines).where(eq(orderLines.orderId, small));
    expect(sip).toMatchObject({ unitOneOffMinor: 15_000, unitRecurringMinor: 15_000, bandMinQuantity: null }); // no bands: the item's price
  });

  it("refuses what the contract does not cover, sites out of scope, and lines under two billing accounts", async () => {
    const c = await ctx("orderer@acme.example");
    await expect(createOrder(db, c, input([{ offering: "SIP-TRUNK", at: "berlin", quantity: 1 }]))).rejects.toBeInstanceOf(InvalidError);
    const admin = await ctx("admin@acme.example");
    // The admin may read both, but an order is under one billing account (one currency).
    await expect(createOrder(db, admin, input([{ offering: "FIBRE-1G", at: "london", quantity: 1 }, { offering: "FIBRE-1G", at: "berlin", quantity: 1 }]))).rejects.toThrow();
    const sipInEur = createOrder(db, await ctx("cfo@acme.example"), input([{ offering: "SIP-TRUNK", at: "berlin", quantity: 1 }]));
    await expect(sipInEur).rejects.toBeDefined();
    expect((await db.select({ n: count() }).from(orders))[0]!.n).toBe(8);
  });

  it("answers a foreign site or contract as not found, and changes nothing", async () => {
    const globex = await ctx("admin@globex.example");
    await expect(createOrder(db, globex, input([{ offering: "FIBRE-1G", at: "london", quantity: 1 }]))).rejects.toBeInstanceOf(NotFoundError);
    const c = await ctx("orderer@acme.example");
    await expect(createOrder(db, c, input([{ offering: "FIBRE-1G", at: "globex-springfield", quantity: 1 }]))).rejects.toBeInstanceOf(InvalidError);
    expect((await db.select({ n: count() }).from(orders))[0]!.n).toBe(8);
  });

  it("creates one order for a request sent twice", async () => {
    const c = await ctx("orderer@acme.example");
    const same = input([{ offering: "FIBRE-1G", at: "london", quantity: 1 }]);
    const [a, b] = await Promise.all([createOrder(db, c, same), createOrder(db, c, same)]);
    expect(a).toEqual(b);
    expect((await db.select({ n: count() }).from(orders))[0]!.n).toBe(9);
  });

  it("refuses a stale edit instead of overwriting someone's change", async () => {
    const c = await ctx("orderer@acme.example");
    const { id } = await createOrder(db, c, input([{ offering: "FIBRE-1G", at: "london", quantity: 1 }]));
    const { requestKey: _, ...fields } = input([{ offering: "FIBRE-1G", at: "london", quantity: 4 }]);
    const first = await updateOrder(db, c, { ...fields, orderId: id, rowVersion: 1 });
    expect(first.rowVersion).toBe(2);
    await expect(updateOrder(db, c, { ...fields, orderId: id, rowVersion: 1, lines: [{ ...fields.lines[0]!, quantity: 9 }] })).rejects.toBeInstanceOf(ConflictError);
    const [line] = await db.select().from(orderLines).where(eq(orderLines.orderId, id));
    expect(line!.quantity).toBe(4);
  });

  it("lets only the orderer edit their own draft", async () => {
    const { id } = await createOrder(db, await ctx("orderer@acme.example"), input([{ offering: "FIBRE-1G", at: "london", quantity: 1 }]));
    const { requestKey: _, ...fields } = input([{ offering: "FIBRE-1G", at: "london", quantity: 2 }]);
    await expect(updateOrder(db, await ctx("approver@acme.example"), { ...fields, orderId: id, rowVersion: 1 })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(updateOrder(db, await ctx("de.billing@acme.example"), { ...fields, orderId: id, rowVersion: 1 })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("submission and approval routing", () => {
  it("approves an order below every threshold and within the spend limit at once", async () => {
    const { id, submitted } = await placed([{ offering: "FIREWALL", at: "london", quantity: 1 }]);
    expect(submitted).toMatchObject({ status: "approved", levels: 0 });
    expect((await order(id)).status).toBe("approved");
  });

  it("needs a level when the order takes the orderer past their monthly spend limit", async () => {
    // 6 firewalls = 19,800.00 needs one level (over 10,000); then 2 more = 6,600.00: 26,400 > 25,000.
    await placed([{ offering: "FIREWALL", at: "london", quantity: 2 }]); // 6,600.00, approved at once
    await placed([{ offering: "FIREWALL", at: "london", quantity: 2 }]); // 13,200.00 so far
    await placed([{ offering: "FIREWALL", at: "london", quantity: 2 }]); // 19,800.00
    const { submitted } = await placed([{ offering: "FIREWALL", at: "london", quantity: 2 }]); // 26,400.00
    expect(submitted).toMatchObject({ status: "pending_approval", levels: 1, overSpendLimit: true });
  });

  it("a 60,000 order skips the 50,000 approver; the CFO decides it and the orderer hears of it", async () => {
    const { id, submitted } = await placed([{ offering: "FIREWALL", at: "london", quantity: FIREWALLS_60K }]);
    expect(submitted).toMatchObject({ status: "pending_approval", levels: 1 });
    await expect(decide("approver@acme.example", id, "approved")).rejects.toBeInstanceOf(ForbiddenError);
    const denied = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, id), eq(auditEvents.action, "order.approve")));
    expect(denied).toHaveLength(0); // the refusal is audited by the action wrapper (see the e2e journey)
    await decide("cfo@acme.example", id, "approved", "Fine.");
    expect((await order(id)).status).toBe("approved");
    const news = await db.select().from(notifications).where(eq(notifications.userId, demoId("user:orderer@acme.example")));
    expect(news.map((n) => n.kind)).toContain("order.approved");
    expect((await db.select({ n: count() }).from(outboxMessages).where(eq(outboxMessages.to, "orderer@acme.example")))[0]!.n).toBeGreaterThan(0);
  });

  it("a 150,000 order needs two levels by two people, in either order", async () => {
    const { id, submitted } = await placed([{ offering: "FIREWALL", at: "london", quantity: FIREWALLS_150K }]);
    expect(submitted).toMatchObject({ levels: 2 });
    await decide("cfo@acme.example", id, "approved");
    expect((await order(id)).status).toBe("pending_approval");
    await expect(decide("cfo@acme.example", id, "approved")).rejects.toBeInstanceOf(ForbiddenError);
    await decide("finance@acme.example", id, "approved");
    expect((await order(id)).status).toBe("approved");
    const decisions = await db.select().from(approvalDecisions).where(eq(approvalDecisions.orderId, id));
    expect(new Set(decisions.map((d) => d.deciderId)).size).toBe(2);
  });

  it("no one approves their own order; an impersonating account manager never approves", async () => {
    // The CFO also orders for Acme: their own order is never theirs to approve.
    await db.insert(roleAssignments).values({ enterpriseId: demoId("node:acme"), userId: demoId("user:cfo@acme.example"), role: "orderer", scopeNodeId: node("acme") });
    const { id } = await placed([{ offering: "FIREWALL", at: "london", quantity: 4 }], "cfo@acme.example");
    await expect(decide("cfo@acme.example", id, "approved")).rejects.toBeInstanceOf(ForbiddenError);
    const finance = await ctx("finance@acme.example");
    const impersonated = { ...finance.principal, impersonation: { sessionId: "s", byUserId: demoId("user:am@csp.example"), byName: "Alex Morgan", writeAccess: true, expiresAt: new Date(Date.now() + 3_600_000) } };
    await expect(decideOrder(db, { ...finance, principal: impersonated, ability: defineAbilityFor(impersonated) }, { orderId: id, level: 1, decision: "approved" })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await db.select().from(approvalDecisions).where(eq(approvalDecisions.orderId, id))).toHaveLength(0);
  });

  it("a rejection needs a comment and ends the order", async () => {
    const { id } = await placed([{ offering: "FIREWALL", at: "london", quantity: 4 }]);
    expect(decideInput.safeParse({ orderId: id, level: 1, decision: "rejected" }).success).toBe(false);
    await decide("approver@acme.example", id, "rejected", "Not this quarter.");
    expect((await order(id)).status).toBe("rejected");
  });

  it("fifty approvers deciding the same level at once record exactly one decision", async () => {
    const { id } = await placed([{ offering: "FIREWALL", at: "london", quantity: 4 }]);
    const deciders = ["approver@acme.example", "finance@acme.example", "cfo@acme.example"];
    const contexts = await Promise.all(deciders.map((e) => ctx(e)));
    const attempts = Array.from({ length: 50 }, (_, i) => decideOrder(db, contexts[i % contexts.length]!, { orderId: id, level: 1, decision: "approved" }));
    const results = await Promise.allSettled(attempts);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(ConflictError);
    expect(await db.select().from(approvalDecisions).where(eq(approvalDecisions.orderId, id))).toHaveLength(1);
  });

  it("a double submit creates one submission", async () => {
    const c = await ctx("orderer@acme.example");
    const { id } = await createOrder(db, c, input([{ offering: "FIREWALL", at: "london", quantity: 4 }]));
    const same = { orderId: id, rowVersion: 1, requestKey: key() };
    const [a, b] = await Promise.all([submitOrder(db, c, same), submitOrder(db, c, same)]);
    expect({ ...a, delivery: undefined }).toEqual({ ...b, delivery: undefined });
    const submitted = await db.select().from(orderEvents).where(and(eq(orderEvents.orderId, id), eq(orderEvents.kind, "submitted")));
    expect(submitted).toHaveLength(1);
    // A new key for an already submitted order is a conflict, not a second submission.
    await expect(submitOrder(db, c, { ...same, requestKey: key() })).rejects.toBeInstanceOf(ConflictError);
  });
});

describe("delegation and escalation", () => {
  it("a delegate decides for an away approver, and the decision names both", async () => {
    await setAway(db, await ctx("approver@acme.example"), { delegateId: demoId("user:finance@acme.example"), startsOn: day(-1), endsOn: day(30) });
    const { id } = await placed([{ offering: "FIREWALL", at: "london", quantity: 4 }]);
    const financeNews = await db.select().from(notifications).where(eq(notifications.userId, demoId("user:finance@acme.example")));
    expect(financeNews.some((n) => n.body.includes("April Prover is away"))).toBe(true);
    const result = await decide("finance@acme.example", id, "approved");
    expect(result.onBehalfOf).toBe("April Prover");
    const [d] = await db.select().from(approvalDecisions).where(eq(approvalDecisions.orderId, id));
    expect(d).toMatchObject({ deciderId: demoId("user:finance@acme.example"), onBehalfOfId: demoId("user:approver@acme.example") });
    const [event] = await db.select().from(orderEvents).where(and(eq(orderEvents.orderId, id), eq(orderEvents.kind, "approved")));
    expect(event).toMatchObject({ actorId: demoId("user:finance@acme.example"), onBehalfOfId: demoId("user:approver@acme.example") });
  });

  it("refuses oneself or a non-approver as delegate", async () => {
    const c = await ctx("approver@acme.example");
    await expect(setAway(db, c, { delegateId: demoId("user:approver@acme.example"), startsOn: day(0), endsOn: day(30) })).rejects.toBeInstanceOf(InvalidError);
    await expect(setAway(db, c, { delegateId: demoId("user:billing@acme.example"), startsOn: day(0), endsOn: day(30) })).rejects.toBeInstanceOf(InvalidError);
    await expect(setAway(db, await ctx("orderer@acme.example"), { delegateId: null, startsOn: day(0), endsOn: day(30) })).rejects.toBeInstanceOf(Error);
    expect(await db.select().from(approvalDelegations)).toHaveLength(0);
  });

  it("a level waiting past the escalation time goes to the next approvers up the tree, once", async () => {
    const submittedAt = new Date("2026-12-01T09:00:00Z");
    const c = await ctx("orderer@acme.example");
    const { id } = await createOrder(db, c, input([{ offering: "FIREWALL", at: "london", quantity: 4 }]), submittedAt);
    await submitOrder(db, c, { orderId: id, rowVersion: 1, requestKey: key() }, submittedAt);
    const routed = await db.select().from(orderEvents).where(and(eq(orderEvents.orderId, id), eq(orderEvents.kind, "approval_needed")));
    expect(routed[0]!.data).toMatchObject({ routedTo: ["April Prover", "Fin Ance"] }); // Acme UK approvers first
    // The demo's own waiting order escalates too; this test looks at its order alone.
    const escalationsOf = async () => db.select().from(orderEvents).where(and(eq(orderEvents.orderId, id), eq(orderEvents.kind, "escalated")));
    await escalateDueOrders(db, new Date("2026-12-02T09:00:00Z")); // 24 of 48 hours
    expect(await escalationsOf()).toHaveLength(0);
    const later = new Date("2026-12-03T09:00:01Z");
    await Promise.all([escalateDueOrders(db, later), escalateDueOrders(db, later)]);
    const escalated = await escalationsOf();
    expect(escalated).toHaveLength(1);
    expect(escalated[0]!.data).toMatchObject({ tier: 1, routedTo: [CFO_NAME] });
    const cfoNews = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, demoId("user:cfo@acme.example")), eq(notifications.kind, "order.escalated"), eq(notifications.href, `/orders/${id}`)));
    expect(cfoNews).toHaveLength(1);
    // At the top of the tree it stays where it is.
    await escalateDueOrders(db, new Date("2027-01-30T00:00:00Z"));
    expect(await escalationsOf()).toHaveLength(1);
  });
});

describe("cancelling and fulfilment", () => {
  it("the orderer cancels until work starts; the CSP completes, installing the services", async () => {
    const { id } = await placed([{ offering: "FIREWALL", at: "london", quantity: 1 }, { offering: "FIBRE-1G", at: "manchester", quantity: 1 }]);
    await expect(fulfilOrder(db, await ctx("orderer@acme.example"), { orderId: id, step: "start" })).rejects.toBeInstanceOf(ForbiddenError);
    const am = await ctx("am@csp.example");
    await expect(fulfilOrder(db, am, { orderId: id, step: "complete" })).rejects.toBeInstanceOf(ConflictError);
    await fulfilOrder(db, am, { orderId: id, step: "start" });
    await expect(cancelOrder(db, await ctx("orderer@acme.example"), { orderId: id })).rejects.toBeInstanceOf(ConflictError);
    const before = (await db.select({ n: count() }).from(services))[0]!.n;
    await fulfilOrder(db, am, { orderId: id, step: "complete" });
    expect((await db.select({ n: count() }).from(services))[0]!.n).toBe(before + 2);
    expect((await order(id)).status).toBe("completed");
    const [cancelled] = [await placed([{ offering: "FIREWALL", at: "london", quantity: 1 }])];
    await cancelOrder(db, await ctx("orderer@acme.example"), { orderId: cancelled.id, reason: "Ordered by mistake" });
    expect((await order(cancelled.id)).status).toBe("cancelled");
  });
});

import "server-only";
import type { Executor } from "@/db/client";
import { orderEvents } from "@/db/schema";
import type { ORDER_EVENT_LABELS } from "./labels";

export type OrderEventKind = keyof typeof ORDER_EVENT_LABELS;

export type OrderEventInput = {
  enterpriseId: string;
  orderId: string;
  kind: OrderEventKind;
  actorId: string | null;
  onBehalfOfId?: string | null;
  level?: number | null;
  comment?: string | null;
  data?: Record<string, unknown>;
  at?: Date;
};

/**
 * Adds events to orders' timelines, in the caller's transaction (with the change they record).
 * Events recorded together keep their order: each is a millisecond after the one before.
 */
export async function recordOrderEvents(tx: Executor, events: OrderEventInput[]): Promise<void> {
  if (events.length === 0) return;
  const now = Date.now();
  await tx.insert(orderEvents).values(events.map((e, i) => ({ ...e, at: new Date((e.at?.getTime() ?? now) + i) })));
}

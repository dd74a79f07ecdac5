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

/** Adds events to orders' timelines, in the caller's transaction (with the change they record). */
export async function recordOrderEvents(tx: Executor, events: OrderEventInput[]): Promise<void> {
  if (events.length === 0) return;
  await tx.insert(orderEvents).values(events.map((e) => ({ ...e, at: e.at ?? new Date() })));
}

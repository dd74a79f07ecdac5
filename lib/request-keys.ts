import "server-only";
import { and, eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { requestKeys } from "@/db/schema";
import { ConflictError, ForbiddenError } from "@/lib/errors";

/** Who makes the request: a person of an enterprise (the principal, or the person seen as in a support session). */
export type KeyOwner = { userId: string; enterpriseId: string | null };

/**
 * Idempotency for requests that create or submit: call first inside the write transaction. The
 * first request with a key claims it (the row commits with the change, or rolls back with it); a
 * retry with the same key (a double click, a replayed request, a client retrying after a timeout)
 * gets the first one's result instead of doing it again. A concurrent duplicate waits on the key's
 * row until the first commits, then replays it. The key is kept in the requester's enterprise, with
 * the change it guards (ADR 17); CSP staff belong to none and make no request that takes a key.
 */
export async function claimRequestKey<T>(tx: Executor, owner: KeyOwner, key: string, action: string): Promise<{ replay: T } | null> {
  const enterpriseId = owner.enterpriseId;
  if (!enterpriseId) throw new ForbiddenError();
  const [claimed] = await tx.insert(requestKeys).values({ enterpriseId, userId: owner.userId, key, action }).onConflictDoNothing().returning({ key: requestKeys.key });
  if (claimed) return null;
  const [existing] = await tx
    .select({ action: requestKeys.action, result: requestKeys.result })
    .from(requestKeys)
    .where(and(eq(requestKeys.enterpriseId, enterpriseId), eq(requestKeys.userId, owner.userId), eq(requestKeys.key, key)));
  if (!existing || existing.action !== action) throw new ConflictError("This request was already used for something else. Reload the page and try again.");
  return { replay: existing.result as T };
}

/** Stores what the claimed request answered, for its retries. */
export async function recordRequestResult(tx: Executor, owner: KeyOwner, key: string, result: unknown): Promise<void> {
  if (!owner.enterpriseId) throw new ForbiddenError();
  await tx
    .update(requestKeys)
    .set({ result })
    .where(and(eq(requestKeys.enterpriseId, owner.enterpriseId), eq(requestKeys.userId, owner.userId), eq(requestKeys.key, key)));
}

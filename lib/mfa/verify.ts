import "server-only";
import { and, count, eq, isNotNull, isNull, lt } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { mfaRecoveryCodes, userMfa } from "@/db/schema";
import { open } from "@/lib/identity/secret-box";
import { hashRecoveryCode } from "./rules";
import { matchingStep } from "./totp";

export type FactorCheck = { ok: true; step?: number; remainingRecoveryCodes?: number } | { ok: false; reason: "invalid" | "replayed" };

/**
 * Checks a TOTP code against a person's authenticator and spends its step, in one conditional
 * update (`last_used_step < step`): of two requests with the same code, exactly one wins, and no
 * code of that step or an earlier one is accepted afterwards. `pending` checks the authenticator
 * being enrolled instead of the one in use, and switches it on with the same update.
 */
export async function spendTotpCode(tx: Executor, userId: string, code: string, now = new Date(), options: { pending?: boolean } = {}): Promise<FactorCheck> {
  const pending = options.pending === true;
  const [row] = await tx.select({ secretSealed: userMfa.secretSealed, enabledAt: userMfa.enabledAt }).from(userMfa).where(eq(userMfa.userId, userId));
  if (!row || (row.enabledAt === null) !== pending) return { ok: false, reason: "invalid" };
  const step = await matchingStep(open(row.secretSealed, "totp-secret"), code, now);
  if (step === null) return { ok: false, reason: "invalid" };
  const [spent] = await tx
    .update(userMfa)
    .set(pending ? { lastUsedStep: step, enabledAt: now } : { lastUsedStep: step })
    .where(and(eq(userMfa.userId, userId), lt(userMfa.lastUsedStep, step), pending ? isNull(userMfa.enabledAt) : isNotNull(userMfa.enabledAt)))
    .returning({ userId: userMfa.userId });
  return spent ? { ok: true, step } : { ok: false, reason: "replayed" };
}

/** Spends one of a person's recovery codes (single use: `used_at` is set only where it was null). */
export async function spendRecoveryCode(tx: Executor, userId: string, code: string, now = new Date()): Promise<FactorCheck> {
  const hash = hashRecoveryCode(code);
  if (!hash) return { ok: false, reason: "invalid" };
  const [enabled] = await tx.select({ userId: userMfa.userId }).from(userMfa).where(and(eq(userMfa.userId, userId), isNotNull(userMfa.enabledAt)));
  if (!enabled) return { ok: false, reason: "invalid" };
  const [spent] = await tx
    .update(mfaRecoveryCodes)
    .set({ usedAt: now })
    .where(and(eq(mfaRecoveryCodes.userId, userId), eq(mfaRecoveryCodes.codeHash, hash), isNull(mfaRecoveryCodes.usedAt)))
    .returning({ id: mfaRecoveryCodes.id });
  if (!spent) return { ok: false, reason: "invalid" };
  return { ok: true, remainingRecoveryCodes: await unusedRecoveryCodes(tx, userId) };
}

export async function unusedRecoveryCodes(db: Executor, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(mfaRecoveryCodes)
    .where(and(eq(mfaRecoveryCodes.userId, userId), isNull(mfaRecoveryCodes.usedAt)));
  return Number(row?.n ?? 0);
}

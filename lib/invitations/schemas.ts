import { z } from "zod";
import { newPassword } from "@/lib/auth/password-schema";
import { CUSTOMER_ROLES, ROLES, isCustomerRole } from "@/lib/authz/vocabulary";
import { isPlainText, PLAIN_TEXT_MESSAGE } from "@/lib/text";
import { grantShapeProblem } from "@/lib/users/guards";
import { parseMajorAmount } from "@/lib/money";
import { TOKEN_PATTERN } from "./tokens";


const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

/**
 * One initial role assignment as the invite form sends it: amounts in major units of the limit's
 * currency. It becomes the `grantInput` shape (minor units) that checkGrant takes.
 */
export const assignmentInput = z
  .object({
    // Any role parses, so that a forged CSP role reaches the ability and is refused (403) and recorded.
    role: z.enum(ROLES, { message: "Choose a role" }),
    scopeNodeId: z.string().uuid("Choose a node"),
    approvalLimit: optionalText,
    spendLimit: optionalText,
    limitCurrency: optionalText,
    expiresAt: optionalText,
  })
  .transform((a, ctx) => {
    const currency = a.limitCurrency?.toUpperCase();
    if (currency !== undefined && !/^[A-Z]{3}$/.test(currency)) {
      ctx.addIssue({ code: "custom", path: ["limitCurrency"], message: "A three-letter currency code" });
      return z.NEVER;
    }
    const amount = (value: string | undefined, field: string) => {
      if (value === undefined) return null;
      const minor = parseMajorAmount(value, currency ?? "GBP");
      if (minor === null) ctx.addIssue({ code: "custom", path: [field], message: "Enter an amount such as 25000 or 25000.00" });
      return minor;
    };
    const approvalLimitMinor = amount(a.approvalLimit, "approvalLimit");
    const spendLimitMinor = amount(a.spendLimit, "spendLimit");
    let expiresAt: Date | null = null;
    if (a.expiresAt) {
      expiresAt = new Date(a.expiresAt);
      if (Number.isNaN(expiresAt.getTime())) ctx.addIssue({ code: "custom", path: ["expiresAt"], message: "Enter a valid date" });
    }
    return {
      role: a.role,
      scopeNodeId: a.scopeNodeId,
      approvalLimitMinor,
      spendLimitMinor,
      limitCurrency: approvalLimitMinor != null || spendLimitMinor != null ? (currency ?? null) : null,
      expiresAt,
    };
  });
export type AssignmentInput = z.output<typeof assignmentInput>;

export const inviteInput = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address").max(254),
  name: z.string().trim().min(1, "Enter the person's name").max(200).refine(isPlainText, PLAIN_TEXT_MESSAGE),
  unitNodeId: z.string().uuid("Choose the unit the person belongs to"),
  assignments: z.array(assignmentInput).max(20, "At most 20 role assignments at once").default([]),
});
export type InviteInput = z.output<typeof inviteInput>;

export const userIdInput = z.object({ userId: z.string().uuid() });

export const acceptInput = z
  .object({
    token: z.string().regex(TOKEN_PATTERN, "This invitation link is not valid"),
    password: newPassword,
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The two passwords do not match" });

/** A role assignment's shape problem (approver without a limit, …) for form feedback, or null. */
export function assignmentProblem(a: AssignmentInput, now = new Date()): string | null {
  if (!isCustomerRole(a.role)) return "Only customer roles can be granted here.";
  return grantShapeProblem(a, now);
}

export const INVITABLE_ROLES = CUSTOMER_ROLES;

/** What the accept form shows after a submit. */
export type AcceptState = { fieldErrors?: Record<string, string[]>; invalid?: boolean; accepted?: boolean; error?: string };

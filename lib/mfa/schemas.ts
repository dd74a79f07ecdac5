import { z } from "zod";

/** A code from the authenticator app as typed: six digits, spaces or a dash allowed. */
export const codeInput = z.object({
  code: z
    .string()
    .trim()
    .max(16, "Enter the 6-digit code from your app")
    .regex(/^\d{3}[\s-]?\d{3}$/, "Enter the 6-digit code from your app"),
});

export const resetMfaInput = z.object({ userId: z.string().uuid("Not a user") });

export const mfaPolicyInput = z.object({
  enterpriseId: z.string().uuid("Not an enterprise"),
  required: z.boolean(),
});

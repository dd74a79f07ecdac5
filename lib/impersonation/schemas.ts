import { z } from "zod";
import { WRITE_ACCESS_HOURS } from "./rules";

const uuid = z.string().uuid({ message: "Choose a person from the list." });

/** Starting an impersonation: whom, why (required, kept in the audit log), for one of the offered lengths. */
export const startImpersonationSchema = (offered: readonly number[]) => z.object({
  userId: uuid,
  reason: z
    .string()
    .trim()
    .min(10, "Say why, in at least 10 characters: the customer reads it.")
    .max(500, "Keep the reason under 500 characters."),
  minutes: z.coerce.number().refine((m) => offered.includes(m), "Choose one of the lengths offered."),
});
export type StartImpersonationInput = z.infer<ReturnType<typeof startImpersonationSchema>>;

/** The enterprise admin's switches: support access on or off; write access for some hours, or off. */
export const supportAccessSchema = z.discriminatedUnion("change", [
  z.object({ change: z.literal("support"), enabled: z.boolean() }),
  z.object({
    change: z.literal("write"),
    hours: z.coerce
      .number()
      .int()
      .refine((h) => h === 0 || (WRITE_ACCESS_HOURS as readonly number[]).includes(h), "Choose how long write access lasts."),
  }),
]);
export type SupportAccessInput = z.infer<typeof supportAccessSchema>;

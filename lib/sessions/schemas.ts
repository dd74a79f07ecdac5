import { z } from "zod";
import { MAX_PASSWORD_BYTES, MIN_PASSWORD_LENGTH } from "@/lib/invitations/schemas";

export const sessionIdInput = z.object({ sessionId: z.string().uuid("Not a session") });
export const userIdInput = z.object({ userId: z.string().uuid("Not a user") });

export const changePasswordInput = z
  .object({
    current: z.string().min(1, "Enter your current password").max(200),
    password: z
      .string()
      .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters`)
      .refine((p) => new TextEncoder().encode(p).length <= MAX_PASSWORD_BYTES, `Use at most ${MAX_PASSWORD_BYTES} characters`),
    confirm: z.string().max(200),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The two passwords do not match" })
  .refine((v) => v.password !== v.current, { path: ["password"], message: "Choose a password different from the current one" });

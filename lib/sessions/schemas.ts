import { z } from "zod";
import { newPassword } from "@/lib/auth/password-schema";

export const sessionIdInput = z.object({ sessionId: z.string().uuid("Not a session") });
export const userIdInput = z.object({ userId: z.string().uuid("Not a user") });

export const changePasswordInput = z
  .object({
    current: z.string().min(1, "Enter your current password").max(200),
    password: newPassword,
    confirm: z.string().max(200),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The two passwords do not match" })
  .refine((v) => v.password !== v.current, { path: ["password"], message: "Choose a password different from the current one" });

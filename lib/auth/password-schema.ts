import { z } from "zod";
import { MAX_PASSWORD_BYTES, MIN_PASSWORD_LENGTH } from "./password-policy";

/** A new password as the forms take it: long enough, and short enough for bcrypt to read all of it. */
export const newPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters`)
  .refine((p) => new TextEncoder().encode(p).length <= MAX_PASSWORD_BYTES, `Use at most ${MAX_PASSWORD_BYTES} characters`);

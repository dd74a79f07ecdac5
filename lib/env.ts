import { z } from "zod";

/** Environment variables, read and validated in one place. */
const schema = z.object({
  DATABASE_URL: z.string().url().optional(),
  PGLITE_DIR: z.string().optional(),
  AUTH_SECRET: z.string().min(16).optional(),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default("Trellis <no-reply@trellis.example>"),
  APP_URL: z.string().url().optional(),
  LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().int().positive().default(15),
  INVITATION_TTL_HOURS: z.coerce.number().int().positive().default(72),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;
export function env(): Env {
  cached ??= schema.parse(process.env);
  return cached;
}

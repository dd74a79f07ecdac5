import { z } from "zod";

/** Environment variables, read and validated in one place. */
const schema = z.object({
  DATABASE_URL: z.string().url().optional(),
  PGLITE_DIR: z.string().optional(),
  // A streaming replica for lists and exports (lib/replica/route.ts); reads fall back to the primary
  // when it is further behind than this many seconds.
  DATABASE_REPLICA_URL: z.string().url().optional(),
  REPLICA_MAX_LAG_SECONDS: z.coerce.number().positive().default(30),
  AUTH_SECRET: z.string().min(16).optional(),
  // Seals SSO client secrets and TOTP secrets (32 bytes, base64). Unset: derived from AUTH_SECRET.
  IDENTITY_ENCRYPTION_KEY: z
    .string()
    .refine((v) => Buffer.from(v, "base64").length === 32, "IDENTITY_ENCRYPTION_KEY must be 32 bytes in base64")
    .optional(),
  SMTP_URL: z.string().optional(),
  // Resolvers for SSO domain verification (TXT lookups), "host" or "host:port", comma-separated. Unset: the system's.
  DNS_SERVERS: z
    .string()
    .default("")
    .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean)),
  MAIL_FROM: z.string().default("Trellis <no-reply@trellis.example>"),
  APP_URL: z.string().url().optional(),
  // Sign-in throttling: free attempts per key, the window they are counted in, the longest delay.
  LOGIN_FREE_ATTEMPTS: z.coerce.number().int().positive().default(5),
  LOGIN_WINDOW_MINUTES: z.coerce.number().int().positive().default(15),
  LOGIN_MAX_DELAY_SECONDS: z.coerce.number().int().positive().default(900),
  // The client address is read from X-Forwarded-For (its last hop) only behind a trusted proxy.
  TRUST_PROXY: z
    .enum(["true", "false", "1", "0", ""])
    .default("false")
    .transform((v) => v === "true" || v === "1"),
  SESSION_MAX_HOURS: z.coerce.number().positive().default(8),
  SESSION_IDLE_MINUTES: z.coerce.number().positive().default(30),
  INVITATION_TTL_HOURS: z.coerce.number().int().positive().default(72),
  // Support sessions (rule 4): the lengths an account manager may choose, in minutes, none over 60.
  IMPERSONATION_MINUTES: z
    .string()
    .default("15,30,45,60")
    .transform((v) => v.split(",").map((m) => Number(m.trim())))
    .pipe(z.array(z.number().positive().max(60)).min(1)),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;
export function env(): Env {
  cached ??= schema.parse(process.env);
  return cached;
}

import { afterEach, vi } from "vitest";

process.env.TZ = "UTC";
// Without DATABASE_URL, each worker gets its own throwaway in-memory PGlite database.
if (!process.env.DATABASE_URL) process.env.PGLITE_DIR = "memory://";
process.env.AUTH_SECRET ??= "test-only-secret-0123456789abcdef";

// A test that logs an error has found a problem, even if its assertions pass.
const errors: unknown[][] = [];
const original = console.error;
console.error = (...args: unknown[]) => {
  errors.push(args);
  original(...args);
};
afterEach(() => {
  const found = errors.splice(0);
  vi.restoreAllMocks();
  if (found.length) throw new Error(`console.error was called: ${found.map((a) => a.map(String).join(" ")).join("\n")}`);
});

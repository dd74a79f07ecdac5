import path from "node:path";
import { defineConfig } from "vitest/config";

const onPostgres = Boolean(process.env.DATABASE_URL);

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // `server-only` guards against client bundles; in tests we are the server.
      "server-only": path.resolve(import.meta.dirname, "tests/support/server-only.ts"),
    },
  },
  test: {
    environment: "node",
    include: ["lib/**/*.test.ts", "db/**/*.test.ts", "tests/**/*.test.ts"],
    setupFiles: ["tests/support/setup.ts"],
    // Each test file seeds the demo data; on one shared PostgreSQL database files take turns,
    // on PGlite every worker has its own in-memory database.
    fileParallelism: !onPostgres,
    // next-auth imports "next/server" without an extension, which Node's own resolver refuses;
    // inlined, Vite resolves it (tests that call next-auth's handlers and signIn/signOut).
    server: { deps: { inline: ["next-auth"] } },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

import { defineConfig } from "drizzle-kit";

// Migrations are generated from db/schema and committed; they run on PGlite and PostgreSQL alike.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
  strict: true,
});

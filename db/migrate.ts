import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { dbDriver, getDb, migrationsFolder } from "./client";

/** Applies the committed migrations (PGlite migrates itself on open; PostgreSQL needs this). */
export async function migrate(): Promise<void> {
  const db = await getDb();
  if ((await dbDriver()) === "pg") await migratePg(db, { migrationsFolder });
}

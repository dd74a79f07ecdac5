import "server-only";
import { sql } from "drizzle-orm";
import { dbDriver, getDb } from "@/db/client";

/**
 * Whether the database answers. The cause of a failure goes to the server log, never to the
 * caller: a raw driver error can name hosts, users and file paths.
 */
export async function databaseHealth(): Promise<{ ok: boolean; driver?: string; error?: string }> {
  try {
    const db = await getDb();
    await db.execute(sql`select 1`);
    return { ok: true, driver: await dbDriver() };
  } catch (error) {
    console.error("health: database unreachable", error);
    return { ok: false, error: "database unreachable" };
  }
}

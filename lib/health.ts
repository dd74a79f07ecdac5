import "server-only";
import { sql } from "drizzle-orm";
import { dbDriver, getDb } from "@/db/client";

export async function databaseHealth(): Promise<{ ok: boolean; driver?: string; error?: string }> {
  try {
    const db = await getDb();
    await db.execute(sql`select 1`);
    return { ok: true, driver: await dbDriver() };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : "unreachable" };
  }
}

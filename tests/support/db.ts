import { getDb, type Db } from "@/db/client";
import { migrate } from "@/db/migrate";
import { seed } from "@/lib/demo/seed";

/** Migrates and reseeds the demo data; call in beforeAll (or beforeEach when a test changes data). */
export async function resetDemoData(): Promise<Db> {
  await migrate();
  const db = await getDb();
  await seed(db);
  return db;
}

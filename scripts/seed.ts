import { closeDb, dbDriver, getDb } from "../db/client";
import { migrate } from "../db/migrate";
import { seed } from "../lib/demo/seed";

await migrate();
await seed(await getDb());
console.log(`demo data seeded (${await dbDriver()})`);
await closeDb();

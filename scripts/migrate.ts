import { closeDb, dbDriver } from "../db/client";
import { migrate } from "../db/migrate";

await migrate();
console.log(`migrations applied (${await dbDriver()})`);
await closeDb();

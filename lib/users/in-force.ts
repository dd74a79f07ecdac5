import { gt, isNull, or, sql, type SQL } from "drizzle-orm";
import { roleAssignments } from "@/db/schema";

/** A role assignment holds at `at` (the database's now by default): it has no expiry, or expires later. */
export function assignmentInForce(at?: Date): SQL {
  return or(isNull(roleAssignments.expiresAt), gt(roleAssignments.expiresAt, at ?? sql`now()`))!;
}

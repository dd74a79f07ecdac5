import { NextResponse } from "next/server";
import { databaseHealth } from "@/lib/health";

export const dynamic = "force-dynamic";

/** Whether the app and its database are up: 200 when both are, 503 when the database is not. */
export async function GET() {
  const db = await databaseHealth();
  return NextResponse.json({ status: db.ok ? "ok" : "degraded", database: db }, { status: db.ok ? 200 : 503 });
}

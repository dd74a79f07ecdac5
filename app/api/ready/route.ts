import { NextResponse } from "next/server";
import { readiness } from "@/lib/readiness";

export const dynamic = "force-dynamic";

/**
 * Readiness for the load balancer: 200 when this instance can serve (database reachable,
 * migrations current, replica reachable when configured), 503 otherwise — and from the moment a
 * draining instance got SIGTERM (scripts/server.ts answers that itself). Says which check failed,
 * never why.
 */
export async function GET() {
  const r = await readiness();
  const { ready, ...checks } = r;
  return NextResponse.json({ status: ready ? "ready" : "not ready", ...checks }, { status: ready ? 200 : 503, headers: { "cache-control": "no-store" } });
}

import { NextResponse } from "next/server";

export const dynamic = "force-dynamic";

/**
 * Liveness: the process answers. Cheap and dependency-free on purpose — a database outage must not
 * make an orchestrator restart every instance; whether an instance should get traffic is
 * /api/ready's question. Says nothing about the deployment.
 */
export function GET() {
  return NextResponse.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}

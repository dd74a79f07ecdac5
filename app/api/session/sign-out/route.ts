import { NextResponse } from "next/server";
import { signOut } from "@/lib/auth";

/**
 * Ends the session. It lives under /api, outside the middleware, because the middleware refreshes
 * the session cookie on every page request and would write it back after a sign-out there.
 */
export async function POST(req: Request) {
  const origin = req.headers.get("origin");
  const host = req.headers.get("host");
  if (origin && host && new URL(origin).host !== host) return NextResponse.json({ error: "cross-site sign-out refused" }, { status: 403 });
  await signOut({ redirect: false });
  return NextResponse.json({ ok: true });
}

import { NextResponse } from "next/server";
import { signOut } from "@/lib/auth";

/**
 * Ends the session: a same-origin POST from the user menu, answered with a cleared session cookie.
 * A route handler (not a server action) so that it works from any page, outside the middleware.
 */
export async function POST(req: Request) {
  const origin = req.headers.get("origin");
  const host = req.headers.get("host");
  if (origin && host && new URL(origin).host !== host) return NextResponse.json({ error: "cross-site sign-out refused" }, { status: 403 });
  await signOut({ redirect: false });
  return NextResponse.json({ ok: true });
}

import { NextResponse } from "next/server";
import { signOut } from "@/lib/auth";
import { endCurrentSession } from "@/lib/auth/sign-out";
import { isSameOrigin } from "@/lib/http-origin";

/**
 * Ends the session: the row first (so a copied cookie stops working at its next request), then
 * the cookie. A same-origin POST from the user menu; a route handler (not a server action) so that
 * it works from any page, outside the middleware.
 */
export async function POST(req: Request) {
  if (!isSameOrigin(req.headers)) return NextResponse.json({ error: "cross-site sign-out refused" }, { status: 403 });
  await endCurrentSession(req.headers.get("x-request-id"));
  await signOut({ redirect: false });
  return NextResponse.json({ ok: true });
}

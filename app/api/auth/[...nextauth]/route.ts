import { NextResponse, type NextRequest } from "next/server";
import { handlers } from "@/lib/auth";
import { withBoundedBody } from "@/lib/http";

/**
 * next-auth answers a callback URL it cannot use (in the query or its cookie) with a 500 "server
 * configuration" error; it is the client's mistake, so it is a 400 here. Same rule as Auth.js:
 * an absolute http(s) URL or a path.
 */
function badCallbackUrl(req: NextRequest): Response | null {
  const values = [req.nextUrl.searchParams.get("callbackUrl"), ...req.cookies.getAll().filter((c) => c.name.endsWith("authjs.callback-url")).map((c) => c.value)];
  for (const value of values) {
    if (!value) continue;
    let ok = false;
    try {
      ok = /^https?:$/.test(new URL(value, value.startsWith("/") ? req.nextUrl.origin : undefined).protocol);
    } catch {
      ok = false;
    }
    if (!ok) return NextResponse.json({ error: "The callback URL is not valid." }, { status: 400 });
  }
  return null;
}

export async function GET(req: NextRequest) {
  return badCallbackUrl(req) ?? handlers.GET(req);
}

/** Sign-in and sign-out posts are a few form fields: the body is read under the 64 KB limit. */
export async function POST(req: NextRequest) {
  const refused = badCallbackUrl(req);
  if (refused) return refused;
  const bounded = await withBoundedBody(req);
  return "response" in bounded ? bounded.response : handlers.POST(bounded.request);
}

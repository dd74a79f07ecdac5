import "server-only";
import { NextResponse } from "next/server";
import { currentContext, type RequestContext } from "@/lib/auth/principal";
import { DomainError } from "@/lib/errors";

/** Wraps a route handler: requires a signed-in principal and translates domain errors once. */
export function route<P>(handler: (req: Request, ctx: RequestContext, params: P) => Promise<Response>) {
  return async (req: Request, { params }: { params: Promise<P> }) => {
    const context = await currentContext();
    if (!context) return NextResponse.json({ error: "unauthenticated" }, { status: 401 });
    try {
      return await handler(req, context, await params);
    } catch (error) {
      if (error instanceof DomainError) return NextResponse.json({ error: error.message, code: error.code }, { status: error.status });
      console.error("route failed", error);
      return NextResponse.json({ error: "internal error" }, { status: 500 });
    }
  };
}

import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What every log line and trace of one HTTP request carries: the request id (the one the audit log
 * records), and, once the session is loaded, who is asking.
 *
 * No `server-only` import: scripts/server.ts loads this outside Next. It is server code all the same
 * (node:async_hooks does not exist in a browser bundle).
 */
export type RequestContext = {
  requestId: string;
  userId?: string;
  enterpriseId?: string | null;
  /** In a support session: the CSP account manager viewing as `userId`. */
  supportedBy?: string;
  instance?: string;
};

// The server script and Next's bundled server code each load their own copy of this module, so a
// module-level AsyncLocalStorage would be two stores that never see each other. One instance kept
// under a global symbol is what both copies share.
const key = Symbol.for("trellis.requestContext");
type GlobalWithStore = typeof globalThis & { [key]?: AsyncLocalStorage<RequestContext> };

function storage(): AsyncLocalStorage<RequestContext> {
  const g = globalThis as GlobalWithStore;
  g[key] ??= new AsyncLocalStorage<RequestContext>();
  return g[key];
}

/** Runs `fn` (and everything it awaits or schedules) as part of the request `ctx`. */
export function runWithRequest<T>(ctx: RequestContext, fn: () => T): T {
  return storage().run(ctx, fn);
}

/** The request being served, or undefined outside one (jobs, scripts, tests, build). */
export function currentRequest(): RequestContext | undefined {
  return storage().getStore();
}

/**
 * Records the signed-in actor on the current request, once the session has been loaded. It mutates
 * the store in place, so the server's request log line (written when the response ends, from the
 * same object) names the actor too. Outside a request it does nothing.
 */
export function noteActor(userId: string, enterpriseId: string | null | undefined, supportedBy?: string): void {
  const ctx = storage().getStore();
  if (!ctx) return;
  ctx.userId = userId;
  ctx.enterpriseId = enterpriseId ?? null;
  if (supportedBy) ctx.supportedBy = supportedBy;
}

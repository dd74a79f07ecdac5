import type { IncomingMessage, Server, ServerResponse } from "node:http";

/**
 * Graceful shutdown for one instance behind a load balancer. On SIGTERM the instance
 *   1. stops accepting connections (the balancer's next connect is refused, so it picks another
 *      instance; nginx retries an idempotent request there by itself),
 *   2. answers what it already received — requests in flight and ones that arrive on a connection
 *      that was already open — each with `Connection: close`, so no connection is reused after it,
 *   3. closes idle keep-alive connections at once and, after `timeoutMs`, whatever is still open,
 *   4. resolves, so the caller can close the database pool and exit.
 * Kept free of Next so it can be tested against a plain http server.
 */
export type Drain = {
  /** Call first in the request listener: counts the request until its response is done. */
  track(req: IncomingMessage, res: ServerResponse): void;
  /** Whether shutdown has begun (readiness answers 503 from then on). */
  readonly draining: boolean;
  /** Requests being answered now. */
  readonly inFlight: number;
  /** Begins the shutdown; resolves when every request is answered or the timeout has passed. */
  shutdown(timeoutMs: number): Promise<{ timedOut: boolean }>;
};

export function createDrain(server: Server): Drain {
  let inFlight = 0;
  let draining = false;
  const open = new Set<ServerResponse>();
  let idle: (() => void) | null = null;

  const done = () => {
    inFlight -= 1;
    if (draining) server.closeIdleConnections();
    if (inFlight === 0 && idle) idle();
  };

  return {
    track(req, res) {
      inFlight += 1;
      if (draining) res.shouldKeepAlive = false;
      open.add(res);
      let counted = true;
      const finish = () => {
        if (!counted) return;
        counted = false;
        open.delete(res);
        done();
      };
      // "close" covers a client that went away before the response finished.
      res.once("finish", finish);
      res.once("close", finish);
    },
    get draining() {
      return draining;
    },
    get inFlight() {
      return inFlight;
    },
    shutdown(timeoutMs) {
      draining = true;
      // Responses already under way close their connection when done, so nothing is reused after them.
      for (const res of open) res.shouldKeepAlive = false;
      server.close();
      server.closeIdleConnections();
      if (inFlight === 0) return Promise.resolve({ timedOut: false });
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          idle = null;
          server.closeAllConnections();
          resolve({ timedOut: true });
        }, timeoutMs);
        timer.unref();
        idle = () => {
          clearTimeout(timer);
          idle = null;
          resolve({ timedOut: false });
        };
      });
    },
  };
}

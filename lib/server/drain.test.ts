import http, { type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createDrain, type Drain } from "./drain";

/** A real http server whose /slow requests wait until the test lets them go. */
function slowServer(): { server: Server; drain: Drain; port: () => number; release: () => void; arrived: Promise<void> } {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let arrivedResolve!: () => void;
  const arrived = new Promise<void>((r) => (arrivedResolve = r));
  const server = http.createServer((req, res) => {
    drain.track(req, res);
    if (req.url === "/slow") {
      arrivedResolve();
      void released.then(() => res.end("slow done"));
    } else res.end("fast");
  });
  const drain = createDrain(server);
  return { server, drain, port: () => (server.address() as AddressInfo).port, release, arrived };
}

const agent = () => new http.Agent({ keepAlive: true });

function get(port: number, path: string, a?: http.Agent): Promise<{ status: number; body: string; connection?: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path, agent: a ?? false }, (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }));
      })
      .on("error", reject);
  });
}

let open: Server | undefined;
afterEach(() => {
  open?.closeAllConnections();
  open?.close();
  open = undefined;
});

describe("graceful shutdown", () => {
  it("answers a request in flight, refuses new connections, then resolves", async () => {
    const s = slowServer();
    open = s.server;
    await new Promise<void>((r) => s.server.listen(0, "127.0.0.1", r));
    const port = s.port();
    const inFlight = get(port, "/slow");
    await s.arrived;
    expect(s.drain.inFlight).toBe(1);

    const stopped = s.drain.shutdown(5_000);
    expect(s.drain.draining).toBe(true);
    // The listening socket is closed: a new connection is refused (the balancer goes elsewhere).
    await expect(get(port, "/fast")).rejects.toThrow(/ECONNREFUSED/);

    let resolved = false;
    void stopped.then(() => (resolved = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(resolved).toBe(false);

    s.release();
    await expect(inFlight).resolves.toMatchObject({ status: 200, body: "slow done" });
    await expect(stopped).resolves.toEqual({ timedOut: false });
    expect(s.drain.inFlight).toBe(0);
  });

  it("closes idle keep-alive connections and tells a request on an open connection to close it", async () => {
    const s = slowServer();
    open = s.server;
    await new Promise<void>((r) => s.server.listen(0, "127.0.0.1", r));
    const a = agent();
    // Two keep-alive connections: one will be busy, one idle.
    const first = await get(s.port(), "/fast", a);
    expect(first.connection).toBe("keep-alive");
    const slow = get(s.port(), "/slow", a);
    await s.arrived;

    const stopped = s.drain.shutdown(5_000);
    s.release();
    const answered = await slow;
    expect(answered.body).toBe("slow done");
    await expect(stopped).resolves.toEqual({ timedOut: false });
    a.destroy();
  });

  it("gives up waiting after the timeout and closes what is still open", async () => {
    const s = slowServer();
    open = s.server;
    await new Promise<void>((r) => s.server.listen(0, "127.0.0.1", r));
    const hanging = get(s.port(), "/slow").catch((e: Error) => e);
    await s.arrived;
    await expect(s.drain.shutdown(100)).resolves.toEqual({ timedOut: true });
    expect(await hanging).toBeInstanceOf(Error);
  });

  it("resolves at once when nothing is in flight", async () => {
    const s = slowServer();
    open = s.server;
    await new Promise<void>((r) => s.server.listen(0, "127.0.0.1", r));
    await get(s.port(), "/fast");
    await expect(s.drain.shutdown(5_000)).resolves.toEqual({ timedOut: false });
  });
});

/**
 * A real OpenID Connect provider (the `oidc-provider` package) and a real DNS server (`dns2`) on
 * loopback, for the tests of enterprise single sign-on: the integration tests start them in-process,
 * the end-to-end run starts this file as a web server of its own (playwright.config.ts).
 *
 * The provider's development login form accepts any login and password: the login is the e-mail the
 * person signs in as, so a test chooses who it is. Its client accepts any redirect URI under the app's
 * /api/auth/callback/sso-… (connection ids are random). `/wrong/` serves the provider's discovery
 * document under another issuer, for the wrong-issuer case. The DNS server answers TXT questions
 * from records set with POST /__test/txt { name, value }.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import Provider from "oidc-provider";
// dns2 is CommonJS without types.
import dns2 from "dns2";

export const TEST_CLIENT_ID = "trellis-test-client";
export const TEST_CLIENT_SECRET = "test-only-client-secret-0123456789";

export type TestIdentityProvider = { issuer: string; wrongIssuer: string; close: () => Promise<void> };
export type TestDns = { server: string; setTxt: (name: string, value: string) => void; close: () => Promise<void> };

/** A stable subject per e-mail, as a real provider keeps one per person. */
export function subjectFor(email: string): string {
  return `sub-${createHash("sha256").update(email.toLowerCase()).digest("hex").slice(0, 24)}`;
}

function nameOf(email: string): { name: string; given_name: string; family_name: string } {
  const local = email.split("@")[0] ?? email;
  const [given = local, family = "Tester"] = local.split(/[._-]/).map((p) => p.charAt(0).toUpperCase() + p.slice(1));
  return { name: `${given} ${family}`, given_name: given, family_name: family };
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export function startTestDns(port: number): Promise<TestDns> {
  const records = new Map<string, string>();
  const { Packet } = dns2;
  const server = dns2.createServer({
    udp: true,
    handle: (request: { questions: { name: string; type: number }[] }, send: (r: unknown) => void) => {
      const response = Packet.createResponseFromRequest(request);
      const [question] = request.questions;
      const value = question ? records.get(question.name.toLowerCase()) : undefined;
      if (question && value !== undefined && question.type === Packet.TYPE.TXT) {
        response.answers.push({ name: question.name, type: Packet.TYPE.TXT, class: Packet.CLASS.IN, ttl: 1, data: value });
      }
      send(response);
    },
  });
  server.listen({ udp: { port, address: "127.0.0.1" } });
  return server.listening.then(() => ({
    server: `127.0.0.1:${port}`,
    setTxt: (name: string, value: string) => void records.set(name.toLowerCase(), value),
    close: () => server.close(),
  }));
}

export async function startTestIdentityProvider(port: number, appOrigins: string[], dns?: TestDns): Promise<TestIdentityProvider> {
  const issuer = `http://localhost:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: TEST_CLIENT_ID,
        client_secret: TEST_CLIENT_SECRET,
        grant_types: ["authorization_code"],
        response_types: ["code"],
        redirect_uris: appOrigins.map((o) => `${o}/api/auth/callback/sso-registered`),
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    async findAccount(_ctx: unknown, id: string) {
      return {
        accountId: id,
        async claims() {
          return { sub: subjectFor(id), email: id.toLowerCase(), email_verified: true, ...nameOf(id) };
        },
      };
    },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "given_name", "family_name"] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ["test-only-idp-cookie-key-0123456789"] },
    // The development login form and consent come from the package; its logs stay quiet in tests.
    renderError(ctx: { type: string; body: string }, out: { error?: unknown; error_description?: unknown }) {
      ctx.type = "html";
      ctx.body = `<!doctype html><title>Error</title><h1>${String(out.error)}</h1><p>${String(out.error_description ?? "")}</p>`;
    },
  });
  // Connection ids are random: accept any callback of the app's SSO providers.
  const client = provider.Client.prototype as unknown as { redirectUriAllowed: (uri: string) => boolean };
  client.redirectUriAllowed = (uri: string) => appOrigins.some((o) => uri.startsWith(`${o}/api/auth/callback/sso-`));
  const callback = provider.callback();

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", issuer);
    if (url.pathname === "/__test/health") {
      res.writeHead(200).end("ok");
      return;
    }
    if (url.pathname === "/__test/txt" && req.method === "POST" && dns) {
      const { name, value } = JSON.parse(await body(req)) as { name: string; value: string };
      dns.setTxt(name, value);
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === "/wrong/.well-known/openid-configuration") {
      // The real provider's document: it names the real issuer, not /wrong.
      const real = await fetch(`${issuer}/.well-known/openid-configuration`);
      res.writeHead(200, { "content-type": "application/json" }).end(await real.text());
      return;
    }
    callback(req, res);
  });
  await new Promise<void>((resolve) => server.listen(port, resolve));
  return {
    issuer,
    wrongIssuer: `${issuer}/wrong`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// Run as a script: the end-to-end web server (playwright.config.ts).
if (process.argv[1]?.endsWith("identity-provider.ts")) {
  const port = Number(process.env.E2E_IDP_PORT ?? 3199);
  const dnsPort = Number(process.env.E2E_DNS_PORT ?? 3198);
  const apps = (process.env.E2E_APP_ORIGINS ?? "http://localhost:3100").split(",");
  const dns = await startTestDns(dnsPort);
  await startTestIdentityProvider(port, apps, dns);
  console.log(`test identity provider on http://localhost:${port}, DNS on 127.0.0.1:${dnsPort}`);
}

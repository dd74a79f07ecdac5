/**
 * A state-changing request from a browser must come from our own origin: the Origin header, when
 * present, names the same host as the request. A malformed Origin is simply not ours.
 */
export function isSameOrigin(headers: Headers): boolean {
  const origin = headers.get("origin");
  const host = headers.get("host");
  if (!origin || !host) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

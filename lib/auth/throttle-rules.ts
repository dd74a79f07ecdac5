/**
 * Pure rules of sign-in throttling (OWASP ASVS V2.2): which counters an attempt touches and how
 * long each makes the next attempt wait. Growing delays, never a lockout: a stranger who types
 * someone's e-mail wrong a hundred times makes that person wait at most a capped delay, and only
 * on the account counter, whose threshold is higher when the client address is known.
 */
/**
 * Wrong second-factor codes are remembered for a day, not the sign-in window: a million codes must
 * not be guessable at a steady few per quarter hour by someone who has the password.
 */
export const MFA_WINDOW_MINUTES = 24 * 60;

/** `windowMinutes`: how long failures are remembered on this key (the sign-in window when unset). */
export type ThrottleKey = { key: string; threshold: number; maxDelaySeconds: number; windowMinutes?: number };

export type ThrottleSettings = { freeAttempts: number; maxDelaySeconds: number };

/**
 * The counters of one attempt. With a known client address: the (account, address) pair is the
 * tight one (a single guesser), the address alone catches spraying across accounts, the account
 * alone catches a distributed attack at a higher threshold and a shorter cap. Without an address
 * the account counter is all there is, at the tight threshold.
 */
export function throttleKeys(email: string, address: string | null, s: ThrottleSettings, device: string | null = null): ThrottleKey[] {
  const account = email.trim().toLowerCase();
  if (device) {
    // A browser that signed in to this account before (a genuine device cookie) has its own
    // counter and skips the account-wide one a stranger may be holding down.
    const keys = [{ key: `device:${device}`, threshold: s.freeAttempts, maxDelaySeconds: s.maxDelaySeconds }];
    if (address) keys.unshift({ key: `address:${address}`, threshold: s.freeAttempts * 10, maxDelaySeconds: s.maxDelaySeconds });
    return keys;
  }
  if (!address) return [{ key: `account:${account}`, threshold: s.freeAttempts, maxDelaySeconds: s.maxDelaySeconds }];
  return [
    { key: `address:${address}`, threshold: s.freeAttempts * 10, maxDelaySeconds: s.maxDelaySeconds },
    { key: `pair:${account}|${address}`, threshold: s.freeAttempts, maxDelaySeconds: s.maxDelaySeconds },
    { key: `account:${account}`, threshold: s.freeAttempts * 4, maxDelaySeconds: Math.min(60, s.maxDelaySeconds) },
  ];
}

/** Seconds the attempt after the `attempts`-th must wait: none below the threshold, then 1, 2, 4, … up to the cap. */
export function delaySeconds(attempts: number, threshold: number, maxDelaySeconds: number): number {
  if (attempts < threshold) return 0;
  return Math.min(maxDelaySeconds, 2 ** Math.min(30, attempts - threshold));
}

const IPV4 = /^(\d{1,3}\.){3}\d{1,3}$/;
const IPV6 = /^[0-9a-f:.]{2,45}$/i;

/**
 * The client address, from the last X-Forwarded-For hop (the one our own proxy appended) and only
 * when a proxy is trusted; otherwise null, because the header is then whatever the client sent.
 */
export function clientAddress(forwardedFor: string | null, trustProxy: boolean): string | null {
  if (!trustProxy || !forwardedFor) return null;
  const last = forwardedFor.split(",").at(-1)?.trim().toLowerCase() ?? "";
  const bare = last.replace(/^::ffff:(?=\d+\.)/, "");
  if (IPV4.test(bare)) return bare;
  return IPV6.test(bare) ? ipv6Network(bare) : null;
}

/**
 * An IPv6 address counts as its /64 network: one host usually holds a whole /64, so counting
 * single addresses would hand an attacker endless fresh counters.
 */
export function ipv6Network(address: string): string | null {
  if (address.includes(".")) return address;
  const halves = address.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null;
  const groups = [...head, ...Array<string>(missing).fill("0"), ...tail];
  if (groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

/** A user agent kept for the sessions list: printable, bounded. */
export function boundedUserAgent(value: string | null): string | null {
  if (!value) return null;
  const clean = value.replace(/[^\x20-\x7e]/g, "").trim();
  return clean ? clean.slice(0, 300) : null;
}

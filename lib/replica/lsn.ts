/**
 * PostgreSQL write-ahead-log positions ("16/B374D848": two hex halves of a 64-bit offset) and the
 * cookie that carries one. After a change, a user's browser holds the primary's position at
 * commit; a replica that has replayed past it has the change (read-your-writes).
 */
const LSN = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i;

/** The cookie holding the primary's WAL position after this browser's last change. */
export const WROTE_COOKIE = "trellis-wrote";
/** How long the cookie matters: past this, the lag guard alone keeps reads fresh enough. */
export const WROTE_COOKIE_SECONDS = 300;
/**
 * For a change that commits after its response has started (a streamed import): a position no
 * replica reaches, so the author reads the primary for PENDING_WRITE_SECONDS.
 */
export const PENDING_WRITE = "FFFFFFFF/FFFFFFFF";
export const PENDING_WRITE_SECONDS = 120;

/** The position as a number, or null when the text is not a WAL position (a tampered cookie). */
export function parseLsn(text: string | null | undefined): bigint | null {
  const m = text ? LSN.exec(text.trim()) : null;
  if (!m) return null;
  return (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`);
}

export function formatLsn(value: bigint): string {
  return `${(value >> 32n).toString(16).toUpperCase()}/${(value & 0xffffffffn).toString(16).toUpperCase()}`;
}

export type ReplicaState = {
  /** Whether the replica answered at all. */
  reachable: boolean;
  /** Bytes of WAL the primary has written that the replica has not replayed. */
  lagBytes: number | null;
  /** Seconds since the replica last replayed a transaction, when it is behind; 0 when it is not. */
  lagSeconds: number | null;
};

/**
 * Where a lag-tolerant read goes. The replica, unless it is unreachable, further behind than the
 * configured limit, or not yet at the position of this user's own last change.
 */
export function readTarget(state: ReplicaState, maxLagSeconds: number, wrote: bigint | null, replayed: bigint | null): "replica" | "primary" {
  if (!state.reachable) return "primary";
  if (state.lagSeconds !== null && state.lagSeconds > maxLagSeconds) return "primary";
  if (wrote !== null && (replayed === null || replayed < wrote)) return "primary";
  return "replica";
}

import { createHash } from "node:crypto";

/**
 * A UUID derived from a name (SHA-1, shaped as a version-5 UUID): the same name gives the same id
 * on every run. For rows with a natural key (a bill is one per account and month) and for the demo.
 */
export function stableId(name: string): string {
  const h = createHash("sha1").update(name).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

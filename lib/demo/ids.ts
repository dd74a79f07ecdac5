import { createHash } from "node:crypto";

/** A stable UUID for a demo row, from its name: the seed gives the same ids on every run. */
export function demoId(key: string): string {
  const h = createHash("sha1").update(`trellis-demo:${key}`).digest("hex");
  // Shape it as a version-5 style UUID.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

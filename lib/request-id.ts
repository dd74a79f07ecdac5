import { randomUUID } from "node:crypto";

/** A client's x-request-id is kept only when it looks like one (it goes into the audit log). */
const REQUEST_ID = /^[\w.:-]{1,100}$/;

/** The request id to record: the caller's when well formed, a fresh one otherwise. */
export function requestIdFrom(given: string | null | undefined): string {
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}

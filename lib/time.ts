/**
 * Calendar dates typed by a user mean days in the user's time zone. These pure helpers turn such a
 * date into the UTC instant at which that day starts there, so a range filter in SQL compares
 * instants (stored in UTC) exactly as the user meant.
 */

/** Offset of `timeZone` from UTC at instant `at`, in milliseconds (London in summer: +3,600,000). */
export function zoneOffsetMs(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return asUtc - Math.floor(at / 1000) * 1000;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The instant the calendar day `date` (YYYY-MM-DD) begins in `timeZone`; null for a malformed date
 * or one before the year 1000 (JavaScript reads years below 100 as 19xx, and PostgreSQL has no
 * year 0: no one means such a day).
 */
export function startOfDayIn(date: string, timeZone: string): Date | null {
  const m = DATE.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1000) return null;
  const guess = Date.UTC(y, mo - 1, d);
  const check = new Date(guess);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  // Local midnight = UTC midnight minus the offset; re-check once for days a DST change moves the offset.
  let at = guess - zoneOffsetMs(guess, timeZone);
  const again = guess - zoneOffsetMs(at, timeZone);
  if (again !== at) at = again;
  return new Date(at);
}

/** The instant the day after `date` begins in `timeZone`: an exclusive upper bound for "to". */
export function endOfDayIn(date: string, timeZone: string): Date | null {
  const start = startOfDayIn(date, timeZone);
  if (!start) return null;
  const m = DATE.exec(date)!;
  const next = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1));
  return startOfDayIn(next.toISOString().slice(0, 10), timeZone);
}

/** Today's date (YYYY-MM-DD) in `timeZone`. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/**
 * What a new password must be, in one place: the accept-invitation form, the change-password form
 * and their server schemas read it. Constants only (no zod, no bcrypt), so a client component can
 * import them without pulling either into the browser bundle.
 */
export const MIN_PASSWORD_LENGTH = 12;
/** bcrypt looks at the first 72 bytes only; longer passwords would be silently cut. */
export const MAX_PASSWORD_BYTES = 72;
/** bcrypt's work factor for every password hash we write. */
export const BCRYPT_COST = 10;

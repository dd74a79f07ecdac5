/**
 * Typed domain errors, thrown anywhere below the boundary and translated once at it
 * (route handlers and the action wrapper): not found → 404, forbidden → 403, invalid → 400, conflict → 409.
 */
export class DomainError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(message = "Not found") {
    super(message, 404, "not_found");
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = "You are not allowed to do that") {
    super(message, 403, "forbidden");
  }
}

export class InvalidError extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, 400, "invalid", details);
  }
}

export class ConflictError extends DomainError {
  /** `details`: the fields in conflict (a taken address), for the form to show where they are. */
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, 409, "conflict", details);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor() {
    super("Please sign in", 401, "unauthenticated");
  }
}

export class PayloadTooLargeError extends DomainError {
  constructor(message: string) {
    super(message, 413, "payload_too_large");
  }
}

export class UnsupportedMediaTypeError extends DomainError {
  constructor(message: string) {
    super(message, 415, "unsupported_media_type");
  }
}

export class TooManyRequestsError extends DomainError {
  constructor(message: string) {
    super(message, 429, "too_many_requests");
  }
}

/** Whether a database error (as thrown by pg or PGlite, possibly wrapped by drizzle) is a unique violation. */
export function isUniqueViolation(error: unknown): boolean {
  for (let e = error as { code?: string; cause?: unknown } | undefined, i = 0; e && i < 4; e = e.cause as typeof e, i++) {
    if (e.code === "23505") return true;
  }
  return false;
}

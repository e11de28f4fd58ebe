/** The PostgreSQL error behind a driver or drizzle error (drizzle wraps it as `cause`). */
export interface PgError {
  /** SQLSTATE, e.g. 23505 unique_violation, 42501 insufficient_privilege. */
  code: string
  message: string
  constraint?: string
}

export const PG = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
  insufficientPrivilege: '42501',
} as const

/** Finds the PostgreSQL error in an error's cause chain, on every driver; undefined if none. */
export function pgErrorOf(error: unknown): PgError | undefined {
  let current: unknown = error
  for (let depth = 0; current && depth < 5; depth++) {
    const e = current as {
      code?: unknown
      message?: unknown
      constraint?: unknown
      constraint_name?: unknown
      cause?: unknown
    }
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) {
      const constraint = e.constraint ?? e.constraint_name
      return {
        code: e.code,
        message: String(e.message),
        ...(typeof constraint === 'string' ? { constraint } : {}),
      }
    }
    current = e.cause
  }
  return undefined
}

import type { Database } from '@vm-algo/db'
import { lockedFor, recordFailure, resetFailures } from '../../../auth/login.ts'
import type { EdgeConfig } from '../../../config.ts'
import { ApiError } from '../../../errors.ts'
import { totpState, useSecondFactor } from '../../../mfa/credentials.ts'
import { z } from '../../../openapi.ts'

export const CodeSchema = z
  .object({
    code: z.string().trim().min(1, 'Enter the code.').max(32).openapi({
      description: 'A 6-digit code from the authenticator app (or, where accepted, a backup code)',
      example: '123456',
    }),
  })
  .openapi('SecondFactorCode')

export const BackupCodesSchema = z
  .object({
    backupCodes: z.array(z.string()).openapi({
      description: 'Single-use recovery codes. Shown this once: only their hashes are kept.',
      example: ['7KQ2-M9XD-4HTR'],
    }),
  })
  .openapi('BackupCodes')

export type Attempt = { ok: true } | { ok: false; retryAfterS: number }

/**
 * Runs one second-factor check under the account's login backoff: refused while the account is
 * locked, counted as a failure when wrong, resetting the count when right. Returns instead of
 * throwing, so the caller's transaction commits the failure count before the error is raised.
 */
export async function attempt(
  db: Database,
  userId: string,
  check: () => Promise<boolean>,
): Promise<Attempt> {
  const locked = await lockedFor(db, userId)
  if (locked > 0) return { ok: false, retryAfterS: locked }
  if (!(await check())) {
    await recordFailure(db, userId)
    return { ok: false, retryAfterS: 0 }
  }
  await resetFailures(db, userId)
  return { ok: true }
}

/**
 * Checks (and uses up) a code of the user's confirmed second factor — app code or backup code —
 * under the backoff. Null when two-factor is not on.
 */
export async function attemptSecondFactor(
  db: Database,
  config: EdgeConfig,
  userId: string,
  code: string,
): Promise<Attempt | null> {
  if ((await totpState(db, userId)) !== 'confirmed') return null
  return attempt(db, userId, async () => !!(await useSecondFactor(db, config, userId, code)))
}

/** The error for a failed attempt: locked (429 with Retry-After) or a wrong/used code (401). */
export function attemptError(failed: { retryAfterS: number }): ApiError {
  return failed.retryAfterS > 0
    ? new ApiError(
        'account_locked',
        `Too many wrong codes. Try again in ${failed.retryAfterS} seconds.`,
        { headers: { 'retry-after': String(failed.retryAfterS) } },
      )
    : new ApiError('invalid_totp', 'That code is wrong or was already used.')
}

import { type Database, schema } from '@vm-algo/db'
import { asc, eq, sql } from 'drizzle-orm'
import type { EdgeConfig } from '../config.ts'
import {
  hashPassword,
  needsRehash,
  verifyDummyPassword,
  verifyPassword,
} from '../crypto/password.ts'
import { isMfaEnrolled, useSecondFactor } from '../mfa/credentials.ts'
import type { Tier } from '../plans.ts'

const { users, memberships, tenants } = schema

/**
 * Per-account backoff: the first 5 consecutive failures are free, then each one locks the
 * account for twice as long as the last (30 s, 1 min, 2 min … capped at 1 h). A correct login
 * resets it. Per-IP limits live with the rate limiter. Known trade-off: unknown emails have no
 * row to lock, so someone who fails 6 times can tell an existing account by the 429; the per-IP
 * limit makes that slow, and it reveals nothing about the password.
 */
export const LOCKOUT = { freeFailures: 5, baseLockS: 30, maxLockS: 60 * 60 } as const

/** Seconds an account is locked after `failures` consecutive failures (0: not locked). */
export function lockSeconds(failures: number): number {
  if (failures < LOCKOUT.freeFailures) return 0
  return Math.min(LOCKOUT.baseLockS * 2 ** (failures - LOCKOUT.freeFailures), LOCKOUT.maxLockS)
}

export interface Account {
  user: { id: string; email: string; name: string | null; createdAt: Date }
  tenant: { id: string; name: string; slug: string; tier: Tier }
}

export type LoginResult =
  | ({ ok: true; mfa: boolean } & Account)
  | {
      ok: false
      reason:
        | 'invalid_credentials'
        | 'mfa_required'
        | 'invalid_totp'
        | 'disabled'
        | 'no_workspace'
        | 'suspended'
    }
  | { ok: false; reason: 'locked'; retryAfterS: number }

/**
 * Checks email, password and (when enrolled) the second factor. Unknown emails do the same
 * password work as wrong passwords and fail the same way, so neither the answer nor its timing
 * tells whether an account exists. A wrong password or code counts towards the lockout.
 */
export async function authenticate(
  db: Database,
  config: EdgeConfig,
  input: { email: string; password: string; totp?: string | undefined },
  now: number = Date.now(),
): Promise<LoginResult> {
  const [user] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${input.email.trim().toLowerCase()}`)
  if (!user) {
    await verifyDummyPassword(input.password)
    return { ok: false, reason: 'invalid_credentials' }
  }
  if (user.lockedUntil && user.lockedUntil.getTime() > now) {
    return {
      ok: false,
      reason: 'locked',
      retryAfterS: Math.ceil((user.lockedUntil.getTime() - now) / 1000),
    }
  }
  if (!(await verifyPassword(input.password, user.passwordHash))) {
    await recordFailure(db, user.id, now)
    return { ok: false, reason: 'invalid_credentials' }
  }
  if (user.disabledAt) return { ok: false, reason: 'disabled' }

  const enrolled = await isMfaEnrolled(db, user.id)
  if (enrolled && !input.totp) return { ok: false, reason: 'mfa_required' }
  if (enrolled && !(await useSecondFactor(db, config, user.id, input.totp!))) {
    await recordFailure(db, user.id, now)
    return { ok: false, reason: 'invalid_totp' }
  }

  const [home] = await db
    .select({ tenant: tenants })
    .from(memberships)
    .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
    .where(eq(memberships.userId, user.id))
    .orderBy(asc(memberships.createdAt))
    .limit(1)
  if (!home) return { ok: false, reason: 'no_workspace' }
  if (home.tenant.status === 'suspended' && !user.isPlatformAdmin) {
    return { ok: false, reason: 'suspended' }
  }

  await resetFailures(db, user.id)
  if (needsRehash(user.passwordHash)) {
    // Parameters raised since this hash was made: upgrade it now that we know the password.
    const passwordHash = await hashPassword(input.password)
    await db.update(users).set({ passwordHash }).where(eq(users.id, user.id))
  }
  const { id, email, name, createdAt } = user
  const { id: tenantId, name: tenantName, slug, tier } = home.tenant
  return {
    ok: true,
    mfa: enrolled,
    user: { id, email, name, createdAt },
    tenant: { id: tenantId, name: tenantName, slug, tier },
  }
}

/** Clears the failure count after a successful sign-in or second-factor check. */
export async function resetFailures(db: Database, userId: string): Promise<void> {
  await db.update(users).set({ failedLoginCount: 0, lockedUntil: null }).where(eq(users.id, userId))
}

/** Seconds the account stays locked (0: not locked). */
export async function lockedFor(db: Database, userId: string, now: number = Date.now()) {
  const [row] = await db
    .select({ lockedUntil: users.lockedUntil })
    .from(users)
    .where(eq(users.id, userId))
  const until = row?.lockedUntil?.getTime() ?? 0
  return until > now ? Math.ceil((until - now) / 1000) : 0
}

/**
 * Counts one failed password or second-factor attempt and locks the account when the count
 * calls for it. Second-factor failures inside a session count too: a stolen session must not be
 * a way to guess codes at leisure.
 */
export async function recordFailure(
  db: Database,
  userId: string,
  now: number = Date.now(),
): Promise<void> {
  // Incremented in SQL so concurrent failures all count.
  const [row] = await db
    .update(users)
    .set({ failedLoginCount: sql`${users.failedLoginCount} + 1` })
    .where(eq(users.id, userId))
    .returning({ failures: users.failedLoginCount })
  const lockS = lockSeconds(row?.failures ?? 0)
  if (lockS > 0) {
    await db
      .update(users)
      .set({ lockedUntil: new Date(now + lockS * 1000) })
      .where(eq(users.id, userId))
  }
}

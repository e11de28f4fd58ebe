import { type Database, schema } from '@vm-algo/db'
import { and, eq, isNotNull, isNull, lt, or } from 'drizzle-orm'
import type { EdgeConfig } from '../config.ts'
import { secretBoxFor } from '../crypto/secretbox.ts'
import { hashBackupCode, newBackupCodes, normalizeBackupCode } from './backup-codes.ts'
import { matchTotp, newTotpSecret } from './totp.ts'

// A user's second factor as stored: the TOTP seed sealed with ENCRYPTION_KEY, the last accepted
// time step, and hashed backup codes. `db` may be the plain database (login, before a session
// exists) or a `withTenant` transaction carrying the user id (the MFA routes).

const { totpCredentials: totp, backupCodes } = schema
const sealContext = (userId: string) => `totp:${userId}`

/** Where the user's TOTP enrolment stands. */
export async function totpState(
  db: Database,
  userId: string,
): Promise<'none' | 'pending' | 'confirmed'> {
  const [row] = await db
    .select({ confirmedAt: totp.confirmedAt })
    .from(totp)
    .where(eq(totp.userId, userId))
  return !row ? 'none' : row.confirmedAt ? 'confirmed' : 'pending'
}

/** True when the user has a confirmed TOTP credential. */
export const isMfaEnrolled = async (db: Database, userId: string): Promise<boolean> =>
  (await totpState(db, userId)) === 'confirmed'

/**
 * Starts (or restarts) enrolment with a new secret, stored sealed and unconfirmed. Returns the
 * secret, or null when a confirmed credential exists (disable it first).
 */
export async function startTotpEnrolment(
  db: Database,
  config: EdgeConfig,
  userId: string,
): Promise<string | null> {
  const secret = newTotpSecret()
  const secretCiphertext = await secretBoxFor(config).seal(secret, sealContext(userId))
  const written = await db
    .insert(totp)
    .values({ userId, secretCiphertext })
    .onConflictDoUpdate({
      target: totp.userId,
      set: { secretCiphertext, lastUsedStep: null, createdAt: new Date() },
      setWhere: isNull(totp.confirmedAt),
    })
    .returning({ userId: totp.userId })
  return written.length ? secret : null
}

/** Confirms a pending enrolment with its first code; false when there is none or the code is wrong. */
export const confirmTotp = (db: Database, config: EdgeConfig, userId: string, code: string) =>
  consumeTotp(db, config, userId, code, 'pending')

/**
 * Checks a second factor — a TOTP code of the confirmed credential or an unused backup code —
 * and uses it up: the code's time step becomes the last accepted one, a backup code is marked
 * used. Null when it is wrong, replayed or already used.
 */
export async function useSecondFactor(
  db: Database,
  config: EdgeConfig,
  userId: string,
  code: string,
): Promise<'totp' | 'backup' | null> {
  const trimmed = code.trim()
  if (/^\d{6}$/.test(trimmed)) {
    return (await consumeTotp(db, config, userId, trimmed, 'confirmed')) ? 'totp' : null
  }
  const canonical = normalizeBackupCode(trimmed)
  if (!canonical) return null
  const used = await db
    .update(backupCodes)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(backupCodes.userId, userId),
        eq(backupCodes.codeHash, await hashBackupCode(userId, canonical)),
        isNull(backupCodes.usedAt),
      ),
    )
    .returning({ id: backupCodes.id })
  return used.length ? 'backup' : null
}

/** Replaces all of a user's backup codes with new ones; returns them (shown once, stored hashed). */
export async function replaceBackupCodes(db: Database, userId: string): Promise<string[]> {
  const codes = newBackupCodes()
  await db.delete(backupCodes).where(eq(backupCodes.userId, userId))
  const rows = await Promise.all(
    codes.map(async (code) => ({
      userId,
      codeHash: await hashBackupCode(userId, normalizeBackupCode(code)!),
    })),
  )
  await db.insert(backupCodes).values(rows)
  return codes
}

/** Removes the TOTP credential and the backup codes. */
export async function removeSecondFactor(db: Database, userId: string): Promise<void> {
  await db.delete(backupCodes).where(eq(backupCodes.userId, userId))
  await db.delete(totp).where(eq(totp.userId, userId))
}

async function consumeTotp(
  db: Database,
  config: EdgeConfig,
  userId: string,
  code: string,
  state: 'pending' | 'confirmed',
): Promise<boolean> {
  const stateIs = state === 'pending' ? isNull(totp.confirmedAt) : isNotNull(totp.confirmedAt)
  const [row] = await db
    .select()
    .from(totp)
    .where(and(eq(totp.userId, userId), stateIs))
  if (!row) return false
  const secret = await secretBoxFor(config).open(row.secretCiphertext, sealContext(userId))
  const step = await matchTotp(secret, code, row.lastUsedStep)
  if (step === null) return false
  // Conditional on the step, so two requests racing with one code cannot both succeed.
  const updated = await db
    .update(totp)
    .set({ lastUsedStep: step, ...(state === 'pending' ? { confirmedAt: new Date() } : {}) })
    .where(
      and(
        eq(totp.userId, userId),
        stateIs,
        or(isNull(totp.lastUsedStep), lt(totp.lastUsedStep, step)),
      ),
    )
    .returning({ userId: totp.userId })
  return updated.length === 1
}

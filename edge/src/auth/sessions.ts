import { type Database, newId, schema } from '@vm-algo/db'
import { and, eq, isNull } from 'drizzle-orm'
import type { EdgeConfig } from '../config.ts'
import { randomToken, sha256Hex } from '../crypto/hash.ts'
import { issueCsrfToken } from './csrf.ts'
import { issueAccessToken } from './tokens.ts'

const { sessions, refreshTokens, users } = schema

/** What a client holds after sign-up, login or refresh. */
export interface IssuedTokens {
  sessionId: string
  accessToken: string
  refreshToken: string
  csrfToken: string
  /** Access token lifetime in seconds. */
  expiresIn: number
}

export interface SessionStart {
  userId: string
  tenantId: string
  kind: 'browser' | 'api'
  /** The second factor was presented. */
  mfa: boolean
  userAgent: string | null
  ip: string | null
}

/** Creates a session with its first refresh token, and signs the tokens for it. */
export async function startSession(
  db: Database,
  config: EdgeConfig,
  start: SessionStart,
  now: number = Date.now(),
): Promise<IssuedTokens> {
  const sessionId = newId('session')
  const expiresAt = new Date(now + config.REFRESH_TOKEN_TTL_S * 1000)
  await db.insert(sessions).values({ id: sessionId, ...start, expiresAt })
  const refreshToken = randomToken()
  await db.insert(refreshTokens).values({
    tenantId: start.tenantId,
    sessionId,
    tokenHash: await sha256Hex(refreshToken),
    expiresAt,
  })
  return signFor(
    config,
    { sessionId, userId: start.userId, tenantId: start.tenantId },
    refreshToken,
    now,
  )
}

export type RotateResult =
  | { ok: true; tokens: IssuedTokens; userId: string; tenantId: string }
  | { ok: false; reason: 'unknown' | 'expired' | 'revoked' | 'reused' }

/**
 * Trades a refresh token for a new pair (rotation): the presented token is marked used and
 * points at its successor. Presenting a token that was already used means two parties hold it —
 * one of them a thief — so the whole session (the token family) is revoked and both must sign in
 * again. `guard` runs once the session is known and before anything changes (the CSRF binding
 * check for cookie-borne tokens); it may throw.
 */
export async function rotateRefreshToken(
  db: Database,
  config: EdgeConfig,
  presented: string,
  guard: (sessionId: string) => Promise<void> = async () => {},
  now: number = Date.now(),
): Promise<RotateResult> {
  const tokenHash = await sha256Hex(presented)
  return db.transaction(async (tx) => {
    // Row lock: two refreshes racing with one token are served one after the other, and the
    // second one sees the token used.
    const [row] = await tx
      .select({
        id: refreshTokens.id,
        usedAt: refreshTokens.usedAt,
        expiresAt: refreshTokens.expiresAt,
        sessionId: sessions.id,
        userId: sessions.userId,
        tenantId: sessions.tenantId,
        revokedAt: sessions.revokedAt,
        sessionExpiresAt: sessions.expiresAt,
        disabledAt: users.disabledAt,
      })
      .from(refreshTokens)
      .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(refreshTokens.tokenHash, tokenHash))
      .for('update', { of: refreshTokens })
    if (!row) return { ok: false, reason: 'unknown' } as const
    await guard(row.sessionId)
    if (row.revokedAt || row.disabledAt) return { ok: false, reason: 'revoked' } as const
    if (row.usedAt) {
      await revokeSession(tx, row.sessionId, 'refresh_reused', now)
      return { ok: false, reason: 'reused' } as const
    }
    if (row.expiresAt.getTime() <= now || row.sessionExpiresAt.getTime() <= now) {
      return { ok: false, reason: 'expired' } as const
    }
    const refreshToken = randomToken()
    const expiresAt = new Date(now + config.REFRESH_TOKEN_TTL_S * 1000)
    const [next] = await tx
      .insert(refreshTokens)
      .values({
        tenantId: row.tenantId,
        sessionId: row.sessionId,
        tokenHash: await sha256Hex(refreshToken),
        expiresAt,
      })
      .returning({ id: refreshTokens.id })
    await tx
      .update(refreshTokens)
      .set({ usedAt: new Date(now), replacedBy: next!.id })
      .where(eq(refreshTokens.id, row.id))
    // Sliding expiry: a session lives while it is used at least once per refresh lifetime.
    await tx
      .update(sessions)
      .set({ lastUsedAt: new Date(now), expiresAt })
      .where(eq(sessions.id, row.sessionId))
    const ids = { sessionId: row.sessionId, userId: row.userId, tenantId: row.tenantId }
    return {
      ok: true,
      tokens: await signFor(config, ids, refreshToken, now),
      userId: row.userId,
      tenantId: row.tenantId,
    } as const
  })
}

/** The live session a refresh token belongs to, without using the token (for logout). */
export async function sessionOfRefreshToken(
  db: Database,
  presented: string,
): Promise<{ sessionId: string; userId: string; tenantId: string } | null> {
  const [row] = await db
    .select({ sessionId: sessions.id, userId: sessions.userId, tenantId: sessions.tenantId })
    .from(refreshTokens)
    .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
    .where(and(eq(refreshTokens.tokenHash, await sha256Hex(presented)), isNull(sessions.revokedAt)))
  return row ?? null
}

/**
 * Ends a session now: its access tokens stop working at the next request (requireAuth reads the
 * session), its refresh tokens at once. False when it had already ended.
 */
export async function revokeSession(
  db: Database,
  sessionId: string,
  reason: string,
  now: number = Date.now(),
): Promise<boolean> {
  const done = await db
    .update(sessions)
    .set({ revokedAt: new Date(now), revokedReason: reason })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id })
  return done.length === 1
}

async function signFor(
  config: EdgeConfig,
  ids: { sessionId: string; userId: string; tenantId: string },
  refreshToken: string,
  now: number,
): Promise<IssuedTokens> {
  return {
    sessionId: ids.sessionId,
    accessToken: await issueAccessToken(config, ids, now),
    refreshToken,
    csrfToken: await issueCsrfToken(config, ids.sessionId),
    expiresIn: config.ACCESS_TOKEN_TTL_S,
  }
}

import { schema, type Tx } from '@vm-algo/db'
import { and, eq } from 'drizzle-orm'
import type { EdgeConfig } from '../config.ts'
import { SecretBoxError, secretBoxFor } from '../crypto/secretbox.ts'

// A user's Zerodha Kite connection, one row of broker_credentials per user and workspace: the
// API key in clear (it is in every login URL anyway), the API secret and the day's session
// sealed with ENCRYPTION_KEY. The session is sealed as JSON `{ accessToken, kiteUserId }`:
// the table has no column for the Kite user id, and it is the session's, not the key's.
// Every function takes a `withTenant` transaction and names tenant and user in its query.

const { brokerCredentials: bc } = schema
type KiteRow = typeof bc.$inferSelect
// Bound to workspace and user: a sealed value copied onto another row does not open.
const secretContext = (o: Owner) => `kite-secret:${o.tenantId}:${o.userId}`
const sessionContext = (o: Owner) => `kite-session:${o.tenantId}:${o.userId}`

export interface Owner {
  tenantId: string
  userId: string
}

export interface KiteKeys {
  apiKey: string
  apiSecret: string
  staticIp?: string | null | undefined
  algoId?: string | null | undefined
}

const mine = (owner: Owner) =>
  and(eq(bc.tenantId, owner.tenantId), eq(bc.userId, owner.userId), eq(bc.broker, 'kite'))

/** The user's Kite row, or undefined when they never saved a key (or forgot it). */
export async function findKite(tx: Tx, owner: Owner): Promise<KiteRow | undefined> {
  const [row] = await tx.select().from(bc).where(mine(owner))
  return row
}

/**
 * Saves the app's API key and secret (sealed). A new key or secret ends the stored session:
 * it was issued to the old app.
 */
export async function saveKiteKeys(
  tx: Tx,
  config: EdgeConfig,
  owner: Owner,
  keys: KiteKeys,
): Promise<KiteRow> {
  const values = {
    apiKey: keys.apiKey,
    apiSecretCiphertext: await secretBoxFor(config).seal(keys.apiSecret, secretContext(owner)),
    accessTokenCiphertext: null,
    accessTokenExpiresAt: null,
    keyVersion: 1,
    staticIp: keys.staticIp ?? null,
    algoId: keys.algoId ?? null,
    updatedAt: new Date(),
  }
  const [row] = await tx
    .insert(bc)
    .values({ tenantId: owner.tenantId, userId: owner.userId, broker: 'kite', ...values })
    .onConflictDoUpdate({ target: [bc.tenantId, bc.userId, bc.broker], set: values })
    .returning()
  return row!
}

/** The API secret, opened; null when the sealed value does not open (tampered or moved). */
export async function openKiteSecret(config: EdgeConfig, row: KiteRow): Promise<string | null> {
  if (!row.apiSecretCiphertext) return null
  return openOrNull(config, row.apiSecretCiphertext, secretContext(row))
}

/** Stores the day's session, sealed, with the time Kite will end it. */
export async function storeKiteSession(
  tx: Tx,
  config: EdgeConfig,
  owner: Owner,
  session: { accessToken: string; kiteUserId: string; expiresAt: number },
): Promise<void> {
  const sealed = await secretBoxFor(config).seal(
    JSON.stringify({ accessToken: session.accessToken, kiteUserId: session.kiteUserId }),
    sessionContext(owner),
  )
  await tx
    .update(bc)
    .set({
      accessTokenCiphertext: sealed,
      accessTokenExpiresAt: new Date(session.expiresAt),
      updatedAt: new Date(),
    })
    .where(mine(owner))
}

/** Forgets the stored session (Kite ended it), keeping the key and secret. */
export async function endKiteSession(tx: Tx, owner: Owner): Promise<void> {
  await tx
    .update(bc)
    .set({ accessTokenCiphertext: null, accessTokenExpiresAt: null, updatedAt: new Date() })
    .where(mine(owner))
}

/** Deletes the user's Kite row; true when there was one. */
export async function forgetKite(tx: Tx, owner: Owner): Promise<boolean> {
  const deleted = await tx.delete(bc).where(mine(owner)).returning({ id: bc.id })
  return deleted.length > 0
}

/** Where the stored session stands at `now`; `live` carries the opened token. */
export type KiteSessionState =
  | { state: 'none' }
  | { state: 'expired'; expiresAt: Date }
  | { state: 'unreadable' }
  | { state: 'live'; accessToken: string; kiteUserId: string; expiresAt: Date }

/**
 * The stored session: `none`, `expired` once past its 06:00 IST (never used after that, even
 * if Kite would still answer), `unreadable` when the sealed value does not open, else `live`.
 */
export async function kiteSessionOf(
  config: EdgeConfig,
  row: KiteRow,
  now = Date.now(),
): Promise<KiteSessionState> {
  const expiresAt = row.accessTokenExpiresAt
  if (!row.accessTokenCiphertext || !expiresAt) return { state: 'none' }
  if (expiresAt.getTime() <= now) return { state: 'expired', expiresAt }
  const opened = await openOrNull(config, row.accessTokenCiphertext, sessionContext(row))
  const session = parseSession(opened)
  return session ? { state: 'live', ...session, expiresAt } : { state: 'unreadable' }
}

function parseSession(text: string | null): { accessToken: string; kiteUserId: string } | null {
  if (text === null) return null
  try {
    const value = JSON.parse(text) as { accessToken?: unknown; kiteUserId?: unknown }
    return typeof value.accessToken === 'string' && typeof value.kiteUserId === 'string'
      ? { accessToken: value.accessToken, kiteUserId: value.kiteUserId }
      : null
  } catch {
    return null
  }
}

async function openOrNull(config: EdgeConfig, sealed: string, context: string) {
  try {
    return await secretBoxFor(config).open(sealed, context)
  } catch (error) {
    if (error instanceof SecretBoxError) return null
    throw error
  }
}

/**
 * Kite's login page for the user's app.
 *
 * @example kiteLoginUrl(config, 'abc123') // https://kite.zerodha.com/connect/login?v=3&api_key=abc123
 */
export function kiteLoginUrl(config: EdgeConfig, apiKey: string): string {
  const url = new URL('/connect/login', config.KITE_LOGIN_ROOT)
  url.searchParams.set('v', '3')
  url.searchParams.set('api_key', apiKey)
  return url.toString()
}

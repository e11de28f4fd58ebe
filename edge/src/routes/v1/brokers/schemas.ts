import type { Tx } from '@vm-algo/db'
import type { Context } from 'hono'
import { findKite, kiteLoginUrl, kiteSessionOf, type Owner } from '../../../brokers/kite.ts'
import type { EdgeConfig } from '../../../config.ts'
import { ApiError } from '../../../errors.ts'
import { CoreUnavailableError, KiteRefusedError } from '../../../lib/core-client.ts'
import { z } from '../../../openapi.ts'
import type { Env } from '../../../services.ts'

const iso = z.string().openapi({ format: 'date-time' })

export const KiteConnectionSchema = z
  .object({
    status: z.enum(['not_configured', 'logged_out', 'expired', 'live']).openapi({
      description:
        '`not_configured`: no API key saved; `logged_out`: saved, no session; `expired`: the session ended at 06:00 IST (log in again); `live`: a session is in use.',
    }),
    connected: z.boolean().openapi({ description: 'A live Kite session (status `live`)' }),
    apiKey: z.string().nullable().openapi({ description: 'Masked: only its last 4 characters' }),
    loginUrl: z.string().nullable().openapi({ description: 'Kite’s login page for this app' }),
    session: z
      .object({ expiresAt: iso, kiteUserId: z.string() })
      .nullable()
      .openapi({ description: 'The live session; Kite ends every session at 06:00 IST' }),
    expiredAt: iso
      .nullable()
      .openapi({ description: 'When the last session ended (status `expired`)' }),
    staticIp: z.string().nullable(),
    algoId: z.string().nullable(),
  })
  .openapi('KiteConnection')

export type KiteConnection = z.infer<typeof KiteConnectionSchema>

/** `test_api_key` → `••••••••_key`: enough to recognise it, never the whole key. */
export const maskKey = (key: string) => `${'•'.repeat(Math.max(4, key.length - 4))}${key.slice(-4)}`

/** The user's Kite connection as the API shows it: never a secret, token or whole key. */
export async function kiteConnection(
  tx: Tx,
  config: EdgeConfig,
  owner: Owner,
): Promise<KiteConnection> {
  const row = await findKite(tx, owner)
  if (!row?.apiKey) {
    return {
      status: 'not_configured',
      connected: false,
      apiKey: null,
      loginUrl: null,
      session: null,
      expiredAt: null,
      staticIp: null,
      algoId: null,
    }
  }
  const session = await kiteSessionOf(config, row)
  const status =
    session.state === 'live' || session.state === 'expired' ? session.state : 'logged_out'
  return {
    status,
    connected: status === 'live',
    apiKey: maskKey(row.apiKey),
    loginUrl: kiteLoginUrl(config, row.apiKey),
    session:
      session.state === 'live'
        ? { expiresAt: session.expiresAt.toISOString(), kiteUserId: session.kiteUserId }
        : null,
    expiredAt: session.state === 'expired' ? session.expiresAt.toISOString() : null,
    staticIp: row.staticIp,
    algoId: row.algoId,
  }
}

/**
 * Runs a Kite call made through the core, turning its failures into problems: Kite refusing
 * (422 `kite_refused`), a dead session (412 `kite_session_required`), Kite down (502
 * `kite_unavailable`), the core away (503).
 */
export async function throughCore<T>(c: Context<Env>, call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    if (error instanceof KiteRefusedError) {
      if (error.code === 'session_expired') {
        throw new ApiError('kite_session_required', sentence(error.message))
      }
      const upstream = ['rate_limited', 'unreachable', 'kite_error'].includes(error.code)
      throw new ApiError(upstream ? 'kite_unavailable' : 'kite_refused', sentence(error.message))
    }
    if (!(error instanceof CoreUnavailableError)) throw error
    c.get('services').logError(error, c.get('requestId'))
    throw new ApiError(
      'service_unavailable',
      'Kite is reached through the core engine, which is not reachable right now; try again shortly.',
    )
  }
}

/** `your session ended` → `Your session ended.` */
const sentence = (s: string) =>
  `${s.charAt(0).toUpperCase()}${s.slice(1)}${/[.!?]$/.test(s) ? '' : '.'}`

import { pluginManifestSchema } from '@vm-algo/plugins'
import { z } from 'zod'

/** What the core engine reports about itself and its market-data feed. */
export interface CoreHealth {
  status: 'ok' | 'degraded'
  service: 'core'
  version: string
  uptimeS: number
  feed: {
    kind: string
    state: 'running' | 'paused' | 'stopped'
    /** Market time per wall time; 'max' replays as fast as possible. */
    speed: number | 'max'
    symbols: string[]
    events: number
    lastEventAt: number | null
    marketTime: number | null
    stale: boolean
  }
}

export interface CoreClient {
  health(): Promise<CoreHealth>
  /** Compiles plugin source with the core's compiler. Throws CoreUnavailableError. */
  compile(source: string): Promise<CoreCompileResult>
  /** The SDK's ambient declarations for editors. Throws CoreUnavailableError. */
  sdkTypes(): Promise<string>
  /** The instruments the platform has market data for. Throws CoreUnavailableError. */
  instruments(): Promise<CoreInstrument[]>
  /** Checks a CSV of bars for import (format, grid, size). Throws CoreUnavailableError. */
  checkBars(csv: string, timeframe: string): Promise<CoreBarsCheck>
  /**
   * Exchanges the request token of Kite's login redirect for a session. Throws KiteRefusedError
   * (Kite said no, or is down) or CoreUnavailableError.
   */
  kiteSession(input: {
    apiKey: string
    apiSecret: string
    requestToken: string
  }): Promise<CoreKiteSession>
  /**
   * Bars from Kite as a dataset CSV and its import check. Throws KiteRefusedError (e.g.
   * `session_expired`) or CoreUnavailableError.
   */
  kiteHistory(input: {
    apiKey: string
    accessToken: string
    symbol: string
    timeframe: string
    from: string
    to: string
  }): Promise<{ csv: string; check: CoreBarsCheck }>
}

const kiteSessionSchema = z.object({
  accessToken: z.string().min(1),
  kiteUserId: z.string().min(1),
  expiresAt: z.number(),
})

/** A Kite session as the core's token exchange answers it (expiresAt: epoch ms, 06:00 IST). */
export type CoreKiteSession = z.infer<typeof kiteSessionSchema>

const KITE_CODES = [
  'login_refused',
  'session_expired',
  'bad_request',
  'unknown_symbol',
  'rate_limited',
  'unreachable',
  'kite_error',
] as const

/**
 * Kite refused or failed a call the core made for us (core/src/feeds/kite/api-errors.ts):
 * `code` says which, `message` is written for the user and carries no token.
 */
export class KiteRefusedError extends Error {
  override name = 'KiteRefusedError'
  readonly code: (typeof KITE_CODES)[number]
  constructor(code: KiteRefusedError['code'], message: string) {
    super(message)
    this.code = code
  }
}

// The core answers Kite's refusals 422 and its failures 502, as `{ error: 'kite_<code>', message }`.
const kiteFailureSchema = z.object({
  error: z.templateLiteral(['kite_', z.enum(KITE_CODES)]),
  message: z.string().max(500),
})

const barsCheckSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), rows: z.number().int(), first: z.number(), last: z.number() }),
  z.object({ ok: z.literal(false), line: z.number().int(), reason: z.string() }),
])

/** The core's verdict on an imported CSV (core/src/market/import.ts `ImportCheck`). */
export type CoreBarsCheck = z.infer<typeof barsCheckSchema>

const diagnosticSchema = z.object({
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  code: z.string().optional(),
})

// The core's answer is checked like any input: the manifest is stored and trusted later.
const compileResultSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    js: z.string().min(1),
    manifest: pluginManifestSchema,
    sdkVersion: z.string(),
    diagnostics: z.array(diagnosticSchema),
  }),
  z.object({ ok: z.literal(false), diagnostics: z.array(diagnosticSchema).min(1) }),
])

/** A compile as the core answers it (core/src/compiler/types.ts `CompileResult`). */
export type CoreCompileResult = z.infer<typeof compileResultSchema>

const instrumentSchema = z.object({
  symbol: z.string(),
  exchange: z.string(),
  segment: z.string(),
  name: z.string(),
  lotSize: z.number().optional(),
  expiry: z.string().optional(),
})

/** An instrument of the core's market-data catalog. */
export type CoreInstrument = z.infer<typeof instrumentSchema>

/**
 * The core's internal API could not serve a request: not reachable, too slow, busy, not set up
 * (no CORE_INTERNAL_TOKEN, or another one than the core's), or an answer that makes no sense.
 * The edge answers 503; `reason` is for its log.
 */
export class CoreUnavailableError extends Error {
  override name = 'CoreUnavailableError'
  readonly reason: 'unreachable' | 'busy' | 'not_configured' | 'rejected' | 'bad_answer'
  constructor(reason: CoreUnavailableError['reason'], message: string) {
    super(message)
    this.reason = reason
  }
}

/** How the edge reaches the core's internal API. */
export interface CoreInternalOptions {
  /** CORE_INTERNAL_TOKEN; without it the internal calls fail as `not_configured`. */
  token?: string
  /** Deadline of one compile, queueing in the core included; default 30 s. */
  compileTimeoutMs?: number
  /** How long the SDK types and the instruments are reused before asking again; default 5 min. */
  cacheMs?: number
  /** Deadline of a Kite call through the core (Kite paces history at 3 requests/s). */
  kiteTimeoutMs?: number
}

const postJson = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
})

/**
 * Talks to the core over HTTP with a deadline, so a hung core cannot hang the edge. Internal
 * calls carry the shared token; the SDK types and the instrument list are cached for a while
 * (they change only when the core is redeployed).
 */
export function httpCoreClient(
  baseUrl: string,
  timeoutMs = 2000,
  internal: CoreInternalOptions = {},
): CoreClient {
  const cacheMs = internal.cacheMs ?? 5 * 60_000
  const call = async (path: string, init: RequestInit, deadlineMs: number): Promise<Response> => {
    if (!internal.token) {
      throw new CoreUnavailableError('not_configured', 'CORE_INTERNAL_TOKEN is not set on the edge')
    }
    let res: Response
    try {
      res = await fetch(new URL(path, baseUrl), {
        ...init,
        headers: { ...init.headers, authorization: `Bearer ${internal.token}` },
        signal: AbortSignal.timeout(deadlineMs),
      })
    } catch (error) {
      throw new CoreUnavailableError('unreachable', `core ${path}: ${String(error)}`)
    }
    if (res.ok) return res
    if (res.status === 422 || res.status === 502) {
      const kite = kiteFailureSchema.safeParse(await res.json().catch(() => undefined))
      if (kite.success) {
        const code = kite.data.error.slice('kite_'.length) as KiteRefusedError['code']
        throw new KiteRefusedError(code, kite.data.message)
      }
      throw new CoreUnavailableError('bad_answer', `core ${path} answered ${res.status}`)
    }
    await res.body?.cancel()
    const reason =
      res.status === 503 && res.headers.has('retry-after')
        ? 'busy'
        : res.status === 401 || res.status === 503
          ? 'rejected'
          : 'bad_answer'
    throw new CoreUnavailableError(reason, `core ${path} answered ${res.status}`)
  }
  const parsed = async <T>(res: Response, schema: z.ZodType<T>, path: string): Promise<T> => {
    const result = schema.safeParse(await res.json().catch(() => undefined))
    if (!result.success) throw new CoreUnavailableError('bad_answer', `core ${path}: bad answer`)
    return result.data
  }
  const cached = <T>(load: () => Promise<T>): (() => Promise<T>) => {
    let entry: { value: T; at: number } | undefined
    return async () => {
      if (entry && Date.now() - entry.at < cacheMs) return entry.value
      const value = await load()
      entry = { value, at: Date.now() }
      return value
    }
  }

  return {
    async health() {
      const res = await fetch(new URL('/health', baseUrl), {
        signal: AbortSignal.timeout(timeoutMs),
      })
      if (!res.ok && res.status !== 503) throw new Error(`core answered ${res.status}`)
      return (await res.json()) as CoreHealth
    },
    async compile(source) {
      const path = '/internal/compile'
      const res = await call(path, postJson({ source }), internal.compileTimeoutMs ?? 30_000)
      return parsed(res, compileResultSchema, path)
    },
    async checkBars(csv, timeframe) {
      const path = '/internal/bars/check'
      const init = postJson({ csv, timeframe })
      return parsed(
        await call(path, init, internal.compileTimeoutMs ?? 30_000),
        barsCheckSchema,
        path,
      )
    },
    async kiteSession(input) {
      const path = '/internal/kite/session'
      const res = await call(path, postJson(input), internal.kiteTimeoutMs ?? 30_000)
      return parsed(res, kiteSessionSchema, path)
    },
    async kiteHistory(input) {
      const path = '/internal/kite/history'
      const res = await call(path, postJson(input), internal.kiteTimeoutMs ?? 120_000)
      return parsed(res, z.object({ csv: z.string(), check: barsCheckSchema }), path)
    },
    sdkTypes: cached(async () => (await call('/internal/sdk.d.ts', {}, timeoutMs)).text()),
    instruments: cached(async () => {
      const path = '/internal/instruments'
      const res = await call(path, {}, timeoutMs)
      return (await parsed(res, z.object({ instruments: z.array(instrumentSchema) }), path))
        .instruments
    }),
  }
}

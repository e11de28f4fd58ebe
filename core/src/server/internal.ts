import { createHash, timingSafeEqual } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { Hono, type MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { PluginCompiler } from '../compiler/compiler.ts'
import { SDK_DTS_FILE } from '../compiler/sdk-declarations.ts'
import { type CompileResult, DIAGNOSTIC_CODES, MAX_SOURCE_BYTES } from '../compiler/types.ts'
import { listInstruments } from '../market/catalog.ts'
import { checkImportedBars } from '../market/import.ts'
import type { Timeframe } from '../market/types.ts'
import {
  type KiteInternalError,
  type KiteInternalOptions,
  kiteInternalRoutes,
} from './internal-kite.ts'

/** Largest CSV of bars the import check reads (the edge caps uploads lower). */
export const MAX_IMPORT_BYTES = 16 * 1024 * 1024
const TIMEFRAMES: readonly Timeframe[] = ['1m', '5m', '15m', '1d']

export interface InternalApiOptions extends KiteInternalOptions {
  /**
   * The shared secret the edge sends as `Authorization: Bearer …` (CORE_INTERNAL_TOKEN).
   * Unset: every internal route answers 503, naming the setting.
   */
  token: string | undefined
  /** One warm compiler for the process; compiles run one at a time in its child process. */
  compiler: PluginCompiler
  /** Compiles waiting or running at once; more are refused with 503 and Retry-After. Default 8. */
  maxPendingCompiles?: number
}

/** An error of the internal API: `{ error, message }`, never a stack or a path. */
export interface InternalError {
  error:
    | 'unauthorized'
    | 'not_configured'
    | 'bad_request'
    | 'payload_too_large'
    | 'busy'
    | KiteInternalError
  message: string
}

// JSON escapes a byte as at most six characters (\u0000), so a body past this cannot hold a
// source within the cap; it is refused before it is read.
const MAX_BODY_BYTES = MAX_SOURCE_BYTES * 6 + 1024

/**
 * The core's internal API for the edge, under `/internal`:
 *
 * - `POST /internal/compile` `{ source }` → the compiler's `CompileResult` (200 for compile errors
 *   too: they are a result, not a failure). A source over `MAX_SOURCE_BYTES` is answered
 *   at once, without queueing for the compiler.
 * - `GET /internal/sdk.d.ts` → the SDK's ambient declarations for editors (`plugins/sdk.d.ts`).
 * - `GET /internal/instruments` → `{ instruments }`, the market-data catalog.
 * - `POST /internal/bars/check` `{ csv, timeframe }` → `ImportCheck` (market/import.ts): a
 *   user's CSV of bars checked before the edge stores it (200 for a bad file too).
 * - `POST /internal/kite/session` and `POST /internal/kite/history`: Kite's token exchange and
 *   bars from Kite as a checked dataset CSV (internal-kite.ts).
 *
 * Every route needs the shared bearer token, compared in constant time: the core listens on
 * loopback by default, but anything on the host could otherwise compile at will.
 *
 * @example
 * app.route('/', internalRoutes({ token: config.CORE_INTERNAL_TOKEN, compiler }))
 */
export function internalRoutes(options: InternalApiOptions): Hono {
  const maxPending = options.maxPendingCompiles ?? 8
  let pending = 0
  let declarations: { text: string; etag: string } | undefined

  return new Hono()
    .use('/internal/*', requireToken(options.token))
    .post(
      '/internal/compile',
      bodyLimit({
        maxSize: MAX_BODY_BYTES,
        onError: (c) =>
          c.json(
            fail('payload_too_large', `a plugin source is at most ${MAX_SOURCE_BYTES} bytes`),
            413,
          ),
      }),
      async (c) => {
        const body = await c.req.json().catch(() => undefined)
        const source = (body as { source?: unknown } | undefined)?.source
        if (typeof source !== 'string') {
          return c.json(fail('bad_request', 'send a JSON body { "source": string }'), 400)
        }
        const bytes = Buffer.byteLength(source, 'utf8')
        if (bytes > MAX_SOURCE_BYTES) return c.json(tooLarge(bytes), 200)
        if (pending >= maxPending) {
          c.header('retry-after', '1')
          return c.json(fail('busy', 'the compiler is busy; try again in a moment'), 503)
        }
        pending++
        try {
          return c.json(await options.compiler.compile(source), 200)
        } finally {
          pending--
        }
      },
    )
    .get('/internal/sdk.d.ts', (c) => {
      declarations ??= withEtag(readFileSync(SDK_DTS_FILE, 'utf8'))
      c.header('etag', declarations.etag)
      c.header('cache-control', 'no-cache')
      if (c.req.header('if-none-match') === declarations.etag) return c.body(null, 304)
      c.header('content-type', 'application/typescript; charset=utf-8')
      return c.body(declarations.text, 200)
    })
    .get('/internal/instruments', (c) => c.json({ instruments: listInstruments() }, 200))
    .post(
      '/internal/bars/check',
      bodyLimit({
        maxSize: MAX_IMPORT_BYTES * 2,
        onError: (c) => c.json(fail('payload_too_large', 'the CSV is too large'), 413),
      }),
      async (c) => {
        const body = (await c.req.json().catch(() => undefined)) as
          | { csv?: unknown; timeframe?: unknown }
          | undefined
        const timeframe = body?.timeframe as Timeframe
        if (typeof body?.csv !== 'string' || !TIMEFRAMES.includes(timeframe)) {
          return c.json(
            fail(
              'bad_request',
              'send a JSON body { "csv": string, "timeframe": "1m"|"5m"|"15m"|"1d" }',
            ),
            400,
          )
        }
        return c.json(checkImportedBars(body.csv, timeframe), 200)
      },
    )
    .route('/', kiteInternalRoutes(options))
}

function requireToken(token: string | undefined): MiddlewareHandler {
  const expected = token ? digest(token) : undefined
  return async (c, next) => {
    if (!expected) {
      return c.json(
        fail('not_configured', 'the internal API is off: set CORE_INTERNAL_TOKEN on the core'),
        503,
      )
    }
    const given = c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1]
    // Digests have one length, so the comparison takes the same time whatever was sent.
    if (!given || !timingSafeEqual(digest(given), expected)) {
      return c.json(fail('unauthorized', 'a valid internal token is required'), 401)
    }
    await next()
  }
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest()

const fail = (error: InternalError['error'], message: string): InternalError => ({ error, message })

function tooLarge(bytes: number): CompileResult {
  return {
    ok: false,
    diagnostics: [
      {
        severity: 'error',
        message: `source is ${bytes} bytes; plugins may be at most ${MAX_SOURCE_BYTES} bytes`,
        line: 1,
        column: 1,
        code: DIAGNOSTIC_CODES.sourceTooLarge,
      },
    ],
  }
}

function withEtag(text: string): { text: string; etag: string } {
  return { text, etag: `"${createHash('sha256').update(text).digest('base64url').slice(0, 22)}"` }
}

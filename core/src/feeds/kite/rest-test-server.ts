import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import { IST_OFFSET_MS } from '../../market/time.ts'
import type { Bar } from '../../market/types.ts'
import { type KiteTestLoginOptions, kiteError, kiteTestLogin } from './session-test-server.ts'
import {
  KITE_TEST_INSTRUMENTS,
  type KiteTestInstrument,
  kiteInstrumentsCsv,
} from './test-instruments.ts'

export interface KiteRestTestServerOptions
  extends Partial<Omit<KiteTestLoginOptions, 'apiKey' | 'apiSecret'>> {
  apiKey?: string
  /** The app's secret, for the login flow's checksum. */
  apiSecret?: string
  /** An access token accepted without logging in (besides those the login flow issues). */
  accessToken?: string
  /** Candles per instrument token and Kite interval name (`minute`, `day`, …). */
  candles: Record<number, Partial<Record<string, readonly Bar[]>>>
  /** Requests per second before Kite answers 429 (its historical limit is 3). */
  maxPerSecond?: number
  /** The instrument dump (`GET /instruments`); default `KITE_TEST_INSTRUMENTS`. */
  instruments?: readonly KiteTestInstrument[]
}

export interface KiteRestTestServer {
  /** For KiteConnect's `root` option; the login page is `${url}/connect/login`. */
  readonly url: string
  readonly apiKey: string
  readonly apiSecret: string
  /** Each historical request as received: token, interval, from, to (Kite's strings). */
  readonly requests: { token: number; interval: string; from: string; to: string }[]
  /** Each instrument dump served: the exchange asked for, `''` for the whole dump. */
  readonly dumps: string[]
  /** Requests answered 429 for going over the rate. */
  throttled(): number
  /** Ends every session the login flow issued, as 06:00 IST does. */
  expireSessions(): void
  /** Points the login page at another redirect URL (the app's callback). */
  setRedirectUrl(url: string): void
  close(): Promise<void>
}

/** Kite's documented per-request range limits, in days, by interval. */
const MAX_DAYS: Record<string, number> = { minute: 60, '5minute': 100, '15minute': 200, day: 2000 }

const HISTORICAL = /^\/instruments\/historical\/(\d+)\/([a-z0-9]+)$/
const DUMP = /^\/instruments(?:\/([A-Za-z]+))?$/

/**
 * A local server speaking Kite Connect's historical-candles API (`GET /instruments/historical/
 * {token}/{interval}?from&to`, `X-Kite-Version: 3`, `Authorization: token key:access`) from
 * real bundled bars, for the official `kiteconnect` client pointed at it with `root`. Like
 * Kite it answers `{status, data: {candles: [[time "+0530", o, h, l, c, v]]}}`, 403
 * `TokenException` for a bad token, 400 `InputException` for a range over the interval's
 * limit, and 429 past the rate limit. It serves the instrument dump (`GET /instruments`,
 * `/instruments/{exchange}`) as Kite does: CSV, `text/csv`, gzipped when the client accepts
 * it, behind the same checks. It also serves Kite's login page and token exchange
 * (session-test-server.ts), and accepts the access tokens that flow issues.
 */
export async function startKiteRestTestServer(
  o: KiteRestTestServerOptions,
): Promise<KiteRestTestServer> {
  const apiKey = o.apiKey ?? 'test_api_key'
  const apiSecret = o.apiSecret ?? 'test_api_secret'
  const accessToken = o.accessToken ?? 'test_access_token'
  const login = kiteTestLogin({ ...o, apiKey, apiSecret })
  const maxPerSecond = o.maxPerSecond ?? 3
  const requests: KiteRestTestServer['requests'] = []
  const dumps: string[] = []
  const instruments = o.instruments ?? KITE_TEST_INSTRUMENTS
  const recent: number[] = []
  let throttled = 0

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
  }
  const error = kiteError
  const authorised = (header: string | undefined) => {
    const m = /^token ([^:\s]+):(\S+)$/.exec(header ?? '')
    return !!m && m[1] === apiKey && (m[2] === accessToken || login.accepts(m[1], m[2]!))
  }

  const candlesFor = (res: ServerResponse, url: URL, token: number, interval: string) => {
    const now = Date.now()
    while (recent.length > 0 && now - recent[0]! >= 1_000) recent.shift()
    if (recent.length >= maxPerSecond) {
      throttled++
      return error(res, 429, 'NetworkException', 'Too many requests')
    }
    recent.push(now)
    const from = url.searchParams.get('from') ?? ''
    const to = url.searchParams.get('to') ?? ''
    requests.push({ token, interval, from, to })
    const start = parseIst(from)
    const end = parseIst(to)
    if (!Number.isFinite(start) || !Number.isFinite(end) || end < start) {
      return error(res, 400, 'InputException', 'Invalid `from` or `to` date')
    }
    const maxDays = MAX_DAYS[interval]
    if (maxDays === undefined) return error(res, 400, 'InputException', 'invalid interval')
    if (end - start > maxDays * 86_400_000) {
      return error(res, 400, 'InputException', `interval exceeds max limit: ${maxDays} days`)
    }
    const bars = o.candles[token]?.[interval] ?? []
    const candles = bars
      .filter((b) => b.ts >= start && b.ts <= end)
      .map((b) => [kiteTime(b.ts), b.open, b.high, b.low, b.close, b.volume])
    send(res, 200, { status: 'success', data: { candles } })
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (login.handle(req, res, url)) return
    const historical = HISTORICAL.exec(url.pathname)
    const dump = DUMP.exec(url.pathname)
    if (!historical && !dump) return error(res, 404, 'GeneralException', 'Route not found')
    if (req.headers['x-kite-version'] !== '3') {
      return error(res, 400, 'InputException', 'Missing or invalid X-Kite-Version')
    }
    if (!authorised(req.headers.authorization)) {
      return error(res, 403, 'TokenException', 'Incorrect `api_key` or `access_token`.')
    }
    if (historical) return candlesFor(res, url, Number(historical[1]), historical[2]!)
    const exchange = dump?.[1] ?? ''
    dumps.push(exchange)
    const rows = exchange ? instruments.filter((r) => r.exchange === exchange) : instruments
    sendCsv(req, res, kiteInstrumentsCsv(rows))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    apiSecret,
    requests,
    dumps,
    throttled: () => throttled,
    expireSessions: login.expireSessions,
    setRedirectUrl: login.setRedirectUrl,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** Kite's dump is `text/csv` (exactly: `kiteconnect` parses it only then), gzipped on the wire. */
function sendCsv(req: IncomingMessage, res: ServerResponse, csv: string) {
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))
  res.writeHead(200, {
    'content-type': 'text/csv',
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
  })
  res.end(gzip ? gzipSync(csv) : csv)
}

/** `yyyy-mm-dd hh:mm:ss` (IST) → epoch ms. */
function parseIst(text: string): number {
  const m = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)$/.exec(text)
  if (!m) return Number.NaN
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) - IST_OFFSET_MS
}

/** Kite's candle time: `2024-01-02T09:15:00+0530`. */
function kiteTime(ms: number): string {
  return `${new Date(ms + IST_OFFSET_MS).toISOString().slice(0, 19)}+0530`
}

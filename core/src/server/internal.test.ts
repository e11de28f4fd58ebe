import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPluginCompiler } from '../compiler/compiler.ts'
import { MAX_SOURCE_BYTES } from '../compiler/types.ts'
import { type KiteRestTestServer, startKiteRestTestServer } from '../feeds/kite/rest-test-server.ts'
import { logInOnTestPage } from '../feeds/kite/session-test-server.ts'
import { kiteTokenExpiry } from '../feeds/kite/token.ts'
import { loadBars } from '../market/catalog.ts'
import { checkImportedBars } from '../market/import.ts'
import { type InternalApiOptions, internalRoutes } from './internal.ts'

// The core's internal API over real HTTP, with the real compiler (one warm worker per file).

const TOKEN = randomBytes(32).toString('base64url')
const compiler = createPluginCompiler()
const servers: { close(): void }[] = []

async function start(options: Partial<InternalApiOptions> = {}) {
  const app = internalRoutes({ token: TOKEN, compiler, ...options })
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  servers.push(server)
  const { port } = server.address() as AddressInfo
  const url = `http://127.0.0.1:${port}`
  return {
    url,
    compile: (source: unknown, token = TOKEN) =>
      fetch(`${url}/internal/compile`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ source }),
      }),
    get: (path: string, headers: Record<string, string> = {}) =>
      fetch(`${url}${path}`, { headers: { authorization: `Bearer ${TOKEN}`, ...headers } }),
  }
}

const example = readFileSync(
  new URL('../../../plugins/examples/rsi-oversold-scanner.ts', import.meta.url),
  'utf8',
)

let core: Awaited<ReturnType<typeof start>>
beforeAll(async () => {
  await compiler.warm()
  core = await start()
}, 60_000)
afterAll(async () => {
  for (const s of servers) s.close()
  await compiler.close()
})

describe('POST /internal/compile', () => {
  it('compiles a plugin: bundle, manifest, SDK version', async () => {
    const res = await core.compile(example)
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body).toMatchObject({
      ok: true,
      js: expect.stringContaining('__vmAlgoDispatch'),
      manifest: { name: 'RSI oversold', kind: 'scanner', version: '1.0.0' },
      sdkVersion: expect.any(String),
      diagnostics: [],
    })
  })

  it('answers compile errors as a result, pointing at the line and column', async () => {
    const broken = example.replace(
      'const rsi = ctx.indicators.rsi(symbol',
      'const rsi: string = ctx.indicators.rsi(symbol',
    )
    const line = broken.split('\n').findIndex((l) => l.includes('const rsi: string')) + 1
    const res = await core.compile(broken)
    expect(res.status).toBe(200)
    const body = (await res.json()) as { ok: boolean; diagnostics: { line: number }[] }
    expect(body.ok).toBe(false)
    expect(body.diagnostics[0]).toMatchObject({ severity: 'error', line, code: 'TS2322' })
  })

  it('answers a source over the size cap at once, without waiting for the compiler', async () => {
    // No compile may even wait here, so an answer proves the cap is checked first.
    const closed = await start({ maxPendingCompiles: 0 })
    const res = await closed.compile(`// ${'x'.repeat(MAX_SOURCE_BYTES)}`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      ok: false,
      diagnostics: [
        expect.objectContaining({
          code: 'SOURCE_TOO_LARGE',
          line: 1,
          column: 1,
          severity: 'error',
        }),
      ],
    })
    expect((await closed.compile(example)).status).toBe(503)
  })

  it('refuses a body that cannot hold a source within the cap, unread', async () => {
    const res = await core.compile('\u0000'.repeat(MAX_SOURCE_BYTES * 7))
    expect(res.status).toBe(413)
    expect(await res.json()).toMatchObject({ error: 'payload_too_large' })
  })

  it('bounds the compiles waiting at once: the rest are told to retry', async () => {
    const small = await start({ maxPendingCompiles: 1 })
    const answers = await Promise.all([1, 2, 3, 4].map(() => small.compile(example)))
    const statuses = answers.map((r) => r.status)
    expect(statuses).toContain(200)
    expect(statuses).toContain(503)
    const busy = answers.find((r) => r.status === 503)!
    expect(busy.headers.get('retry-after')).toBe('1')
    expect(await busy.json()).toMatchObject({ error: 'busy' })
  })

  it('answers 400 to a body without a source string', async () => {
    for (const source of [undefined, 42, { code: 'x' }]) {
      const res = await core.compile(source)
      expect(res.status).toBe(400)
      expect(await res.json()).toMatchObject({ error: 'bad_request' })
    }
  })
})

describe('GET /internal/sdk.d.ts and /internal/instruments', () => {
  it('serves the SDK declarations for editors, revalidated by ETag', async () => {
    const res = await core.get('/internal/sdk.d.ts')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/typescript/)
    const text = await res.text()
    expect(text).toContain("declare module '@vm-algo/sdk'")
    expect(text).toContain('defineStrategy')
    const etag = res.headers.get('etag')!
    const again = await core.get('/internal/sdk.d.ts', { 'if-none-match': etag })
    expect(again.status).toBe(304)
  })

  it('lists the market-data catalog', async () => {
    const res = await core.get('/internal/instruments')
    const { instruments } = (await res.json()) as { instruments: { symbol: string }[] }
    expect(instruments.map((i) => i.symbol)).toEqual(expect.arrayContaining(['RELIANCE', 'M&M']))
  })
})

describe('POST /internal/kite/session and /internal/kite/history', () => {
  let kite: KiteRestTestServer
  let api: Awaited<ReturnType<typeof start>>
  beforeAll(async () => {
    kite = await startKiteRestTestServer({
      candles: { 256265: { day: await loadBars('NIFTY50', '1d') } },
    })
    api = await start({ kiteApiRoot: kite.url })
  })
  afterAll(() => kite?.close())

  const post = (path: string, body: unknown) =>
    fetch(`${api.url}/internal/kite/${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  const requestToken = async () =>
    (await logInOnTestPage(kite.url, kite.apiKey)).searchParams.get('request_token')!

  it('exchanges a request token, then serves bars as a dataset CSV with its check', async () => {
    const res = await post('session', {
      apiKey: kite.apiKey,
      apiSecret: kite.apiSecret,
      requestToken: await requestToken(),
    })
    expect(res.status).toBe(200)
    const session = (await res.json()) as { accessToken: string; expiresAt: number }
    expect(session).toEqual({
      accessToken: expect.any(String),
      kiteUserId: 'ZT1234',
      expiresAt: kiteTokenExpiry(Date.now()),
    })
    const history = await post('history', {
      apiKey: kite.apiKey,
      accessToken: session.accessToken,
      symbol: 'NIFTY50',
      timeframe: '1d',
      from: '2024-01-01',
      to: '2024-01-31',
    })
    expect(history.status).toBe(200)
    const { csv, check } = (await history.json()) as { csv: string; check: unknown }
    expect(check).toEqual(checkImportedBars(csv, '1d'))
    expect(check).toMatchObject({ ok: true, rows: 22 })
  })

  it('answers Kite’s refusals as 422 with a code and a message for the user', async () => {
    const wrong = await post('session', {
      apiKey: kite.apiKey,
      apiSecret: 'wrong',
      requestToken: await requestToken(),
    })
    expect(wrong.status).toBe(422)
    expect(await wrong.json()).toMatchObject({ error: 'kite_login_refused' })
    const expired = await post('history', {
      apiKey: kite.apiKey,
      accessToken: 'stale',
      symbol: 'NIFTY50',
      timeframe: '1d',
      from: '2024-01-01',
      to: '2024-01-31',
    })
    expect(expired.status).toBe(422)
    expect(await expired.json()).toEqual({
      error: 'kite_session_expired',
      message: 'your Kite session has expired; log in again',
    })
  })

  it('answers 502 when Kite is not reachable, and 400 to a malformed body', async () => {
    const away = await start({ kiteApiRoot: 'http://127.0.0.1:9' })
    const res = await fetch(`${away.url}/internal/kite/session`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ apiKey: 'k', apiSecret: 's', requestToken: 'r' }),
    })
    expect(res.status).toBe(502)
    expect(await res.json()).toMatchObject({ error: 'kite_unreachable' })
    const bad = await post('history', { apiKey: 'k', symbol: 'NIFTY50' })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ error: 'bad_request' })
  })
})

/*
 * The internal API compiles arbitrary code and is reachable by anything on the host: without
 * the shared token nothing answers, a wrong token is refused, and a core started without one
 * keeps the API off rather than open.
 */
describe('internal API: security', () => {
  const routes = [
    (token: string | undefined, url: string) =>
      fetch(`${url}/internal/compile`, {
        method: 'POST',
        headers: token ? { authorization: `Bearer ${token}` } : {},
        body: JSON.stringify({ source: example }),
      }),
    (token: string | undefined, url: string) =>
      fetch(`${url}/internal/sdk.d.ts`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      }),
    (token: string | undefined, url: string) =>
      fetch(`${url}/internal/instruments`, {
        headers: token ? { authorization: token } : {},
      }),
    ...['session', 'history'].map(
      (path) => (token: string | undefined, url: string) =>
        fetch(`${url}/internal/kite/${path}`, {
          method: 'POST',
          headers: token ? { authorization: `Bearer ${token}` } : {},
          body: JSON.stringify({ apiKey: 'k', apiSecret: 's', requestToken: 'r' }),
        }),
    ),
  ]

  it('answers 401 without the token, with a wrong one, or with one of another length', async () => {
    const wrong = TOKEN.slice(0, -1) + (TOKEN.endsWith('A') ? 'B' : 'A')
    for (const route of routes) {
      for (const token of [undefined, wrong, 'short', TOKEN.repeat(2)]) {
        const res = await route(token, core.url)
        expect(res.status).toBe(401)
        expect(await res.json()).toEqual({
          error: 'unauthorized',
          message: 'a valid internal token is required',
        })
      }
    }
  })

  it('keeps the API off when the core has no token configured', async () => {
    const off = await start({ token: undefined })
    for (const route of routes) {
      const res = await route(TOKEN, off.url)
      expect(res.status).toBe(503)
      expect(await res.json()).toMatchObject({ error: 'not_configured' })
    }
  })
})

import { once } from 'node:events'
import { type IncomingMessage, request } from 'node:http'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import type { EdgeHealth } from '../src/lib/health.ts'
import { freePort, type RunningApp, startBuiltApp } from './app-server.ts'
import { launchBrowser } from './browser.ts'
import { type FakeEdge, startFakeEdge } from './fake-edge.ts'

// The built app in front of a stand-in edge: the edge is not this test's subject.
// `npm test` builds the app first; run `npm run build -w @vm-algo/app` before running this alone.

const EDGE_TIME = Date.parse('2026-11-30T04:00:00.000Z')

const healthy: EdgeHealth = {
  status: 'ok',
  service: 'edge',
  version: '0.1.0',
  time: new Date(EDGE_TIME).toISOString(),
  uptimeS: 754,
  checks: {
    database: { status: 'ok', latencyMs: 1.24, driver: 'pglite' },
    core: {
      status: 'ok',
      latencyMs: 3.4,
      feed: {
        kind: 'replay',
        state: 'running',
        speed: 60,
        symbols: ['NIFTY50', 'BANKNIFTY', 'RELIANCE'],
        events: 123456,
        lastEventAt: EDGE_TIME - 2_000,
        marketTime: Date.parse('2026-11-27T04:00:00.000Z'),
      },
    },
  },
}

const degraded: EdgeHealth = {
  ...healthy,
  status: 'degraded',
  checks: {
    database: { status: 'down', latencyMs: 0.8, driver: 'postgres', error: 'connection refused' },
    core: {
      ...healthy.checks.core,
      feed: { ...healthy.checks.core.feed!, lastEventAt: EDGE_TIME - 45_000 },
    },
  },
}

let edge: FakeEdge
let app: RunningApp
let browser: Browser

beforeAll(async () => {
  edge = await startFakeEdge({ status: 200, body: healthy })
  app = await startBuiltApp({ EDGE_URL: edge.url })
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await app?.stop()
  await edge?.close()
})

afterEach(() => edge.setHealth({ status: 200, body: healthy }))

/** A POST through node:http, which (unlike fetch) may send hop-by-hop and expect headers. */
async function rawPost(url: string, body: string, headers: Record<string, string>) {
  const req = request(url, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', ...headers },
  })
  req.on('continue', () => req.end(body))
  const [res] = (await once(req, 'response')) as [IncomingMessage]
  const chunks: Buffer[] = []
  for await (const chunk of res) chunks.push(chunk as Buffer)
  return { status: res.statusCode, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }
}

/**
 * Opens the page and collects what goes wrong in the browser. Waiting for the network to settle
 * lets the client bundle and the lazily loaded route hydrate before anything is asserted.
 */
async function openHome(baseUrl: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()))
  await page.goto(`${baseUrl}/`, { waitUntil: 'networkidle' })
  return { page, errors }
}

const card = (page: Page, title: string) => page.getByRole('region', { name: title, exact: true })
const badge = (page: Page, title: string) => card(page, title).locator('.badge').textContent()
const summary = (page: Page) => page.locator('.summary-text').textContent()

describe('home page', () => {
  test('shows the four services as ok with their details when the edge is healthy', async () => {
    const { page, errors } = await openHome(app.url)
    expect(await page.locator('header').first().textContent()).toContain('vm-algo')
    expect(await summary(page)).toBe('All systems operational')
    for (const title of ['Edge API', 'Database', 'Core engine', 'Market-data feed']) {
      expect(await badge(page, title), title).toBe('OK')
    }
    const database = await card(page, 'Database').textContent()
    expect(database).toContain('PGlite')
    expect(database).toContain('1.2 ms')
    const feed = await card(page, 'Market-data feed').textContent()
    expect(feed).toContain('NIFTY50, BANKNIFTY, RELIANCE')
    expect(feed).toContain('2026-11-27 09:30:00 IST')
    expect(feed).toContain('1,23,456')
    expect(feed).toContain('2 s ago')
    expect(errors).toEqual([])
    await page.close()
  })

  test('shows which service is down when the edge answers 503', async () => {
    edge.setHealth({ status: 503, body: degraded })
    const { page, errors } = await openHome(app.url)
    expect(await summary(page)).toBe('Degraded: Database down, Market-data feed stale')
    expect(await badge(page, 'Edge API')).toBe('OK')
    expect(await card(page, 'Edge API').textContent()).toContain('HTTP 503 · degraded')
    expect(await badge(page, 'Database')).toBe('Down')
    expect(await card(page, 'Database').textContent()).toContain('connection refused')
    expect(await badge(page, 'Core engine')).toBe('OK')
    expect(await badge(page, 'Market-data feed')).toBe('Stale')
    expect(errors).toEqual([])
    await page.close()
  })

  test('refreshes the status in the browser without a reload', async () => {
    const { page, errors } = await openHome(app.url)
    expect(await summary(page)).toBe('All systems operational')
    await page.evaluate(() => Object.assign(window, { sameDocument: true }))
    edge.setHealth({ status: 503, body: degraded })
    await page.getByText('Degraded: Database down').waitFor({ timeout: 8_000 })
    // Updated in place by the 5 s refresh, not by a reload.
    expect(await page.evaluate(() => 'sameDocument' in window)).toBe(true)
    expect(await badge(page, 'Database')).toBe('Down')
    expect(errors).toEqual([])
    await page.close()
  })

  test('says plainly that the edge is unreachable, without a stack trace', async () => {
    const closedPort = await freePort()
    const edgeUrl = `http://127.0.0.1:${closedPort}`
    const lonelyApp = await startBuiltApp({ EDGE_URL: edgeUrl })
    try {
      const { page, errors } = await openHome(lonelyApp.url)
      expect(await summary(page)).toBe(`Edge API unreachable at ${edgeUrl} — is npm start running?`)
      expect(await badge(page, 'Edge API')).toBe('Down')
      expect(await badge(page, 'Database')).toBe('Unknown')
      const text = await page.locator('main').textContent()
      expect(text).not.toMatch(/\n\s+at |TypeError|Error:/)
      expect(errors).toEqual([])
      await page.close()

      const proxied = await fetch(`${lonelyApp.url}/api/v1/health`)
      expect(proxied.status).toBe(502)
      expect(proxied.headers.get('content-type')).toBe('application/problem+json')
      expect(await proxied.json()).toMatchObject({
        type: 'about:blank',
        title: 'Edge API unreachable',
        status: 502,
        code: 'edge_unreachable',
      })
    } finally {
      await lonelyApp.stop()
    }
  })
})

describe('/api proxy', () => {
  test("returns the edge's health document and status as-is", async () => {
    const ok = await fetch(`${app.url}/api/v1/health`)
    expect(ok.status).toBe(200)
    expect(ok.headers.get('content-type')).toBe('application/json')
    expect(await ok.json()).toEqual(healthy)

    edge.setHealth({ status: 503, body: degraded })
    const notOk = await fetch(`${app.url}/api/v1/health`)
    expect(notOk.status).toBe(503)
    expect(await notOk.json()).toEqual(degraded)
  })

  test('forwards method, path, query, headers and body', async () => {
    const response = await fetch(`${app.url}/api/v1/orders?symbol=NIFTY50&qty=75`, {
      method: 'POST',
      headers: { authorization: 'Bearer t0ken', 'content-type': 'application/json' },
      body: JSON.stringify({ side: 'BUY' }),
    })
    expect(response.status).toBe(201)
    expect(response.headers.get('x-edge')).toBe('fake')
    const echo = await response.json()
    expect(echo).toMatchObject({
      method: 'POST',
      url: '/api/v1/orders?symbol=NIFTY50&qty=75',
      body: '{"side":"BUY"}',
      headers: { authorization: 'Bearer t0ken', 'content-type': 'application/json' },
    })
    expect(echo.headers['x-forwarded-host']).toBe(new URL(app.url).host)
  })

  test('drops hop-by-hop headers, including an already answered expect: 100-continue', async () => {
    const echo = await rawPost(`${app.url}/api/v1/orders`, 'hi', {
      connection: 'keep-alive, x-hop',
      'x-hop': 'for the app only',
      expect: '100-continue',
    })
    expect(echo.status).toBe(201)
    expect(echo.body).toMatchObject({ method: 'POST', body: 'hi' })
    expect(Object.keys(echo.body.headers)).not.toContain('x-hop')
    expect(Object.keys(echo.body.headers)).not.toContain('expect')
  })
})

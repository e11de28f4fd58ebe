/**
 * Kite's login flow end to end against the local server: the login page redirects with a
 * request token, the official client's `generateSession` trades it for an access token that
 * the historical API then accepts; a wrong secret, a reused or stale token, or an unknown app
 * are refused with a clear error.
 */
import { KiteConnect } from 'kiteconnect'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadBars } from '../../market/catalog.ts'
import { type KiteRestTestServer, startKiteRestTestServer } from './rest-test-server.ts'
import { exchangeKiteRequestToken } from './session.ts'
import { logInOnTestPage } from './session-test-server.ts'
import { kiteTokenExpiry } from './token.ts'

const NIFTY = 256265
let server: KiteRestTestServer
let clock = Date.parse('2024-03-04T10:00:00+05:30')

beforeAll(async () => {
  const days = await loadBars('NIFTY50', '1d')
  server = await startKiteRestTestServer({
    candles: { [NIFTY]: { day: days } },
    redirectUrl: 'http://localhost:3000/account/broker/kite/callback',
    now: () => clock,
  })
})
afterAll(async () => {
  await server?.close()
})

const exchange = (requestToken: string, apiSecret = server.apiSecret) =>
  exchangeKiteRequestToken({ apiKey: server.apiKey, apiSecret, requestToken, root: server.url })

describe('Kite login and token exchange', () => {
  it('redirects from the login page to the app with a request token', async () => {
    const redirect = await logInOnTestPage(server.url, server.apiKey)
    expect(redirect.origin + redirect.pathname).toBe(
      'http://localhost:3000/account/broker/kite/callback',
    )
    expect(redirect.searchParams.get('status')).toBe('success')
    expect(redirect.searchParams.get('action')).toBe('login')
    expect(redirect.searchParams.get('request_token')).toMatch(/^\w{16,}$/)
  })

  it('shows an error page for an unknown api_key', async () => {
    const res = await fetch(`${server.url}/connect/login?v=3&api_key=nobody`)
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('Invalid')
  })

  it('trades the request token for an access token the historical API accepts, until 06:00 IST', async () => {
    const redirect = await logInOnTestPage(server.url, server.apiKey)
    const session = await exchange(redirect.searchParams.get('request_token')!)
    expect(session.kiteUserId).toBe('ZT1234')
    expect(session.expiresAt).toBe(kiteTokenExpiry(Date.now()))
    const kite = new KiteConnect({
      api_key: server.apiKey,
      access_token: session.accessToken,
      root: server.url,
    })
    const candles = (await kite.getHistoricalData(
      NIFTY,
      'day',
      '2024-01-01 00:00:00',
      '2024-01-31 23:59:59',
    )) as unknown[]
    expect(candles.length).toBeGreaterThan(15)
  })

  it('refuses a wrong secret and a reused request token, clearly', async () => {
    const token = (await logInOnTestPage(server.url, server.apiKey)).searchParams.get(
      'request_token',
    )!
    await expect(exchange(token, 'not-the-secret')).rejects.toMatchObject({
      name: 'KiteApiError',
      code: 'login_refused',
      message: expect.stringContaining('Invalid `checksum`'),
    })
    await exchange(token)
    await expect(exchange(token)).rejects.toMatchObject({
      code: 'login_refused',
      message: expect.stringMatching(/invalid or has expired.*log in with Kite again/),
    })
  })

  it('refuses a request token used after it expired', async () => {
    const token = (await logInOnTestPage(server.url, server.apiKey)).searchParams.get(
      'request_token',
    )!
    clock += 10 * 60_000
    await expect(exchange(token)).rejects.toMatchObject({ code: 'login_refused' })
  })

  it('says Kite is unreachable when nothing answers', async () => {
    await expect(
      exchangeKiteRequestToken({
        apiKey: 'k',
        apiSecret: 's',
        requestToken: 'r',
        root: 'http://127.0.0.1:9',
      }),
    ).rejects.toMatchObject({ code: 'unreachable' })
  })
})

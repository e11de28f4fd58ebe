/**
 * Bars imported from Kite (the local server, real bundled bars, a session from its login
 * flow) come out as the dataset CSV an upload would be, pass the same check, for any NSE
 * equity on Kite's instrument list, and a dead session or an unknown symbol says so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadBars } from '../../market/catalog.ts'
import { parseBarColumns } from '../../market/csv.ts'
import type { Bar } from '../../market/types.ts'
import { fetchKiteBars } from './import.ts'
import { type KiteRestTestServer, startKiteRestTestServer } from './rest-test-server.ts'
import { exchangeKiteRequestToken } from './session.ts'
import { logInOnTestPage } from './session-test-server.ts'

let server: KiteRestTestServer
let days: Bar[]
let itc: Bar[]
let accessToken: string

beforeAll(async () => {
  days = await loadBars('NIFTY50', '1d')
  itc = await loadBars('ITC', '1d')
  // ITC is not among the bundled tokens: its token (424961) is only in Kite's list.
  server = await startKiteRestTestServer({
    candles: { 256265: { day: days }, 424961: { day: itc } },
  })
  const redirect = await logInOnTestPage(server.url, server.apiKey)
  accessToken = (
    await exchangeKiteRequestToken({
      apiKey: server.apiKey,
      apiSecret: server.apiSecret,
      requestToken: redirect.searchParams.get('request_token')!,
      root: server.url,
    })
  ).accessToken
})
afterAll(async () => {
  await server?.close()
})

const inRange = (bars: Bar[], from: string, to: string) =>
  bars.filter(
    (d) =>
      d.ts >= Date.parse(`${from}T00:00:00+05:30`) && d.ts <= Date.parse(`${to}T00:00:00+05:30`),
  )

const request = (over: Partial<Parameters<typeof fetchKiteBars>[0]> = {}) =>
  fetchKiteBars({
    apiKey: server.apiKey,
    accessToken,
    symbol: 'NIFTY50',
    timeframe: '1d',
    from: '2024-01-01',
    to: '2024-03-31',
    root: server.url,
    ...over,
  })

describe('fetchKiteBars', () => {
  it('gives the days in the range as a dataset CSV that passes the import check', async () => {
    const { csv, check } = await request()
    const expected = inRange(days, '2024-01-01', '2024-03-31')
    expect(expected.length).toBeGreaterThan(50)
    expect(check).toEqual({
      ok: true,
      rows: expected.length,
      first: expected[0]!.ts,
      last: expected.at(-1)!.ts,
    })
    expect(csv.startsWith('timestamp,open,high,low,close,volume\n2024-01-01T00:00:00+05:30,')).toBe(
      true,
    )
    expect(Array.from(parseBarColumns(csv).close)).toEqual(expected.map((d) => d.close))
  })

  it('imports any NSE equity on Kite’s list, fetching the list once', async () => {
    const before = server.dumps.length
    // One Kite day: the list is renewed at 08:30 IST (instrument-list.test.ts moves the clock).
    const now = () => Date.parse('2025-11-17T10:00:00+05:30')
    const { csv, check } = await request({ symbol: 'ITC', now })
    const expected = inRange(itc, '2024-01-01', '2024-03-31')
    expect(check).toMatchObject({ ok: true, rows: expected.length, first: expected[0]!.ts })
    expect(Array.from(parseBarColumns(csv).close)).toEqual(expected.map((d) => d.close))
    expect(server.requests.at(-1)).toMatchObject({ token: 424961, interval: 'day' })
    // A second import of the day finds ITC in the list it already has.
    await request({ symbol: 'ITC', from: '2024-04-01', to: '2024-04-30', now })
    expect(server.dumps.length - before).toBe(1)
  })

  it('says when Kite has no bars in the range', async () => {
    const { check } = await request({ from: '1999-01-01', to: '1999-01-31' })
    expect(check).toMatchObject({ ok: false, reason: expect.stringContaining('no 1d bars') })
  })

  it('refuses a symbol not on Kite’s list, and bad dates, before asking Kite for bars', async () => {
    const before = server.requests.length
    await expect(request({ symbol: 'NOPE' })).rejects.toMatchObject({
      code: 'unknown_symbol',
      message: expect.stringContaining('"NOPE" is not an NSE equity or index on Kite'),
    })
    await expect(request({ from: '2024-02-30' })).rejects.toMatchObject({ code: 'bad_request' })
    await expect(request({ from: '2024-03-01', to: '2024-02-01' })).rejects.toMatchObject({
      code: 'bad_request',
    })
    expect(server.requests.length).toBe(before)
  })

  it('says the session has expired once Kite ends it (06:00 IST)', async () => {
    const own = await startKiteRestTestServer({ candles: { 256265: { day: days } } })
    try {
      const redirect = await logInOnTestPage(own.url, own.apiKey)
      const session = await exchangeKiteRequestToken({
        apiKey: own.apiKey,
        apiSecret: own.apiSecret,
        requestToken: redirect.searchParams.get('request_token')!,
        root: own.url,
      })
      own.expireSessions()
      // Whether Kite refuses it for the bars or, first, for its instrument list.
      for (const symbol of ['NIFTY50', 'ITC']) {
        await expect(
          request({ accessToken: session.accessToken, root: own.url, symbol }),
        ).rejects.toMatchObject({
          code: 'session_expired',
          message: 'your Kite session has expired; log in again',
        })
      }
      expect(own.dumps).toEqual([])
    } finally {
      await own.close()
    }
  })

  it('waits out Kite’s 429 and still returns every bar', async () => {
    // 1m bars over 150 days: three requests, closer together than this server's one a second.
    const minutes = await loadBars('NIFTY50', '1m')
    const own = await startKiteRestTestServer({
      candles: { 256265: { minute: minutes } },
      maxPerSecond: 1,
    })
    try {
      const { check } = await request({
        root: own.url,
        accessToken: 'test_access_token',
        timeframe: '1m',
        from: '2024-01-01',
        to: '2024-05-29',
      })
      const expected = minutes.filter(
        (b) =>
          b.ts >= Date.parse('2024-01-01T00:00:00+05:30') &&
          b.ts < Date.parse('2024-05-30T00:00:00+05:30'),
      )
      expect(own.throttled()).toBeGreaterThan(0)
      expect(check).toMatchObject({ ok: true, rows: expected.length })
    } finally {
      await own.close()
    }
  })
})

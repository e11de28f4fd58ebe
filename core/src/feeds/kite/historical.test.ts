/**
 * Kite historical candles through the official `kiteconnect` client, against a local server
 * speaking Kite's REST protocol from real bundled bars: every bar comes back once and in
 * order across Kite's per-request range limits, within its rate limit, and a dead session
 * is a clear error.
 */
import { KiteConnect } from 'kiteconnect'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadBars } from '../../market/catalog.ts'
import { formatBarColumns, parseBarColumns } from '../../market/csv.ts'
import type { Bar } from '../../market/types.ts'
import { fetchKiteHistory, istString } from './historical.ts'
import { type KiteRestTestServer, startKiteRestTestServer } from './rest-test-server.ts'

const NIFTY = 256265
let server: KiteRestTestServer
let minutes: Bar[]
let days: Bar[]

beforeAll(async () => {
  minutes = (await loadBars('NIFTY50', '1m')).slice(0, 40_000)
  days = await loadBars('NIFTY50', '1d')
  server = await startKiteRestTestServer({ candles: { [NIFTY]: { minute: minutes, day: days } } })
})
afterAll(async () => {
  await server?.close()
})

const kite = (accessToken = 'test_access_token') =>
  new KiteConnect({ api_key: 'test_api_key', access_token: accessToken, root: server.url })

describe('fetchKiteHistory', () => {
  it('fetches minutes over several requests (60 days each), every bar once, in order, within 3 requests/s', async () => {
    const from = minutes[0]!.ts
    const to = minutes.at(-1)!.ts
    const before = server.requests.length
    const progress: number[] = []
    const bars = await fetchKiteHistory(kite(), {
      instrumentToken: NIFTY,
      timeframe: '1m',
      from,
      to,
      onProgress: (done, total) => progress.push(done / total),
    })
    const sent = server.requests.slice(before)
    expect(sent.length).toBeGreaterThan(1)
    expect(sent.every((r) => r.interval === 'minute' && r.token === NIFTY)).toBe(true)
    expect(sent[0]!.from).toBe(istString(from))
    expect(server.throttled()).toBe(0)
    expect(progress.at(-1)).toBe(1)
    expect(Array.from(bars.ts)).toEqual(minutes.map((b) => b.ts))
    expect(Array.from(bars.close)).toEqual(minutes.map((b) => b.close))
    // What an import stores reads back as the same bars.
    expect(Array.from(parseBarColumns(formatBarColumns(bars)).open)).toEqual(
      minutes.map((b) => b.open),
    )
  })

  it('fetches daily candles stamped at 00:00 IST, as the bundled daily files are', async () => {
    const bars = await fetchKiteHistory(kite(), {
      instrumentToken: NIFTY,
      timeframe: '1d',
      from: days[0]!.ts,
      to: days.at(-1)!.ts,
    })
    expect(bars.length).toBe(days.length)
    expect(Array.from(bars.ts)).toEqual(days.map((d) => d.ts))
  })

  it('says so when Kite refuses the session (expired at 06:00 IST), and returns nothing', async () => {
    await expect(
      fetchKiteHistory(kite('expired_token'), {
        instrumentToken: NIFTY,
        timeframe: '1d',
        from: days[0]!.ts,
        to: days[10]!.ts,
      }),
    ).rejects.toMatchObject({ message: expect.stringContaining('access_token') })
  })
})

import { newId } from '@vm-algo/db'
import { describe, expect, it } from 'vitest'
import { waitFor } from '../../bus/bus-suite.ts'
import { EntitlementError } from '../../bus/errors.ts'
import { createMemoryBus } from '../../bus/memory-bus.ts'
import type { BarMessage, TickMessage } from '../../bus/types.ts'
import type { FeedClock } from '../../market/clock.ts'
import { resample } from '../../market/resample.ts'
import { createKiteFeed } from './feed.ts'
import { TEST_INSTRUMENTS, TOKENS, testTicks } from './fixtures.ts'
import { startKiteTestServer } from './test-server.ts'

// Candles close on ticks here; a clock that never fires keeps the test independent of time.
const stoppedClock: FeedClock = { now: () => 0, setTimer: () => () => {} }

describe('Kite feed on the bus', () => {
  it("puts a tenant's Kite ticks and candles on its private topics only", async () => {
    const ticks = await testTicks()
    const server = await startKiteTestServer({
      instruments: TEST_INSTRUMENTS,
      ticks,
      ticksPerFrame: 50,
      frameEveryMs: 5,
      heartbeatMs: 100,
    })
    const bus = createMemoryBus()
    const tenantA = newId('tenant')
    const tenantB = newId('tenant')
    const feed = createKiteFeed({
      tenantId: tenantA,
      bus,
      apiKey: 'test_api_key',
      accessToken: () => 'test_access_token',
      url: server.url,
      instruments: [
        { token: TOKENS.TCS25NOVFUT, exchange: 'NFO', symbol: 'TCS25NOVFUT' },
        { token: TOKENS.NIFTY50, exchange: 'NSE', symbol: 'NIFTY50', mode: 'quote' },
      ],
      candles: ['1m', '5m'],
      clock: stoppedClock,
    })
    const seen: TickMessage[] = []
    const bars: BarMessage[] = []
    const asA = bus.forTenant(tenantA)
    asA.subscribe(`tenant.${tenantA}.ticks.>`, (m) => void seen.push(m as TickMessage), {
      policy: 'drop-oldest',
      capacity: 100_000,
    })
    asA.subscribe(`tenant.${tenantA}.bars.>`, (m) => void bars.push(m as BarMessage))
    const leaked: string[] = []
    bus.subscribe('ticks.>', (_m, topic) => void leaked.push(topic))
    bus.subscribe('bars.>', (_m, topic) => void leaked.push(topic))
    expect(() => bus.forTenant(tenantB).subscribe(`tenant.${tenantA}.ticks.>`, () => {})).toThrow(
      EntitlementError,
    )
    try {
      feed.start()
      const minutes = () =>
        bars.filter((b) => b.timeframe === '1m' && b.symbol === 'TCS25NOVFUT').map((b) => b.bar)
      await waitFor(() => minutes().length >= 12, 'a dozen TCS minutes')
      const tcs = seen.filter((m) => m.tick.symbol === 'TCS25NOVFUT')
      expect(tcs[0]).toMatchObject({ exchange: 'NFO' })
      const source = ticks.filter((t) => t.symbol === 'TCS25NOVFUT')
      // Each tick is a bundled one, stamped with the exchange's whole second.
      const stamped = source.map((t) => ({ ...t, ts: Math.floor(t.ts / 1000) * 1000 }))
      for (const m of tcs.slice(0, 20)) expect(stamped).toContainEqual(m.tick)
      const nifty = seen.find((m) => m.tick.symbol === 'NIFTY50')!
      expect(nifty.tick.volume).toBeUndefined() // an index has none
      // 5-minute candles agree with resample() of the published minutes (after the first,
      // which may have begun before the feed joined).
      const fives = bars.filter((b) => b.timeframe === '5m' && b.symbol === 'TCS25NOVFUT')
      const expected = resample(minutes().slice(1), '5m').slice(1) // whole buckets only
      const published = expected.filter((c) => fives.some((f) => f.bar.ts === c.ts))
      expect(published.length).toBeGreaterThan(0)
      for (const candle of published) {
        expect(fives.find((f) => f.bar.ts === candle.ts)!.bar).toEqual(candle)
      }
      expect(leaked).toEqual([])
      expect(feed.status()).toMatchObject({ kind: 'kite', tenantId: tenantA, connected: true })
      expect(feed.status().ticks).toBeGreaterThanOrEqual(seen.length)
      expect(feed.status().unknownTokens).toBe(0)
    } finally {
      await feed.close()
      await bus.close()
      await server.close()
    }
  })
})

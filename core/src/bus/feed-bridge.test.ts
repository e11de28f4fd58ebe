import { newId } from '@vm-algo/db'
import { describe, expect, it } from 'vitest'
import { loadBars, loadTicks } from '../market/catalog.ts'
import { createReplayFeed } from '../market/replay-feed.ts'
import { resample } from '../market/resample.ts'
import type { Bar, Tick } from '../market/types.ts'
import { waitFor } from './bus-suite.ts'
import { connectFeedToBus } from './feed-bridge.ts'
import { createMemoryBus } from './memory-bus.ts'
import type { BusMessage } from './types.ts'

describe('replay feed on the bus', () => {
  it('publishes the replayed 1m bars of several symbols and the candles built from them', async () => {
    const sessions = 375 * 8 // eight sessions each
    const [nifty, bank] = await Promise.all([
      loadBars('NIFTY50', '1m').then((b) => b.slice(0, sessions)),
      loadBars('BANKNIFTY', '1m').then((b) => b.slice(0, sessions)),
    ])
    const bus = createMemoryBus()
    const got = new Map<string, Bar[]>()
    const sub = bus.subscribe(
      'bars.>',
      (m, topic) => {
        if (m.type !== 'bar') return
        const list = got.get(topic) ?? []
        list.push(m.bar)
        got.set(topic, list)
      },
      { policy: 'drop-oldest', capacity: 100_000 },
    )
    const feed = createReplayFeed({
      sources: [
        { symbol: 'NIFTY50', bars: nifty },
        { symbol: 'BANKNIFTY', bars: bank },
      ],
      speed: 'max',
      loop: false,
    })
    const bridge = connectFeedToBus(feed, bus)
    feed.start()
    await waitFor(() => feed.status().state === 'stopped' && sub.stats().queued === 0, 'the replay')
    bridge.stop()
    for (const [symbol, bars] of [
      ['NIFTY50', nifty],
      ['BANKNIFTY', bank],
    ] as const) {
      expect(got.get(`bars.1m.NSE.${symbol}`)).toEqual(bars)
      expect(got.get(`bars.5m.NSE.${symbol}`)).toEqual(resample(bars, '5m'))
      expect(got.get(`bars.15m.NSE.${symbol}`)).toEqual(resample(bars, '15m'))
      // The last session's daily candle is still open when the data ends.
      expect(got.get(`bars.1d.NSE.${symbol}`)).toEqual(resample(bars, '1d').slice(0, -1))
    }
    expect(sub.stats()).toMatchObject({ dropped: 0, coalesced: 0 })
    await bus.close()
  })

  it("puts a tenant's feed on its private topics: ticks, then candles built from them", async () => {
    const ticks: Tick[] = (await loadTicks(['MCX25NOVFUT', 'TRENT25NOVFUT'])).slice(0, 600)
    const tenantId = newId('tenant')
    const bus = createMemoryBus()
    const got: { topic: string; message: BusMessage }[] = []
    const sub = bus
      .forTenant(tenantId)
      .subscribe(`tenant.${tenantId}.>`, (message, topic) => void got.push({ topic, message }), {
        policy: 'drop-oldest',
        capacity: 10_000,
      })
    const shared: string[] = []
    bus.subscribe('ticks.>', (_m, topic) => void shared.push(topic))
    const feed = createReplayFeed({ sources: [{ ticks }], speed: 'max', loop: false })
    connectFeedToBus(feed, bus, { tenantId, timeframes: ['1m'] })
    feed.start()
    await waitFor(() => feed.status().state === 'stopped' && sub.stats().queued === 0, 'the replay')
    const tickTopics = got.filter((g) => g.message.type === 'tick').map((g) => g.topic)
    expect(tickTopics).toEqual(ticks.map((t) => `tenant.${tenantId}.ticks.NSE.${t.symbol}`))
    const minutes = got.filter((g) => g.message.type === 'bar')
    expect(minutes.length).toBeGreaterThan(0)
    expect(minutes[0]!.topic).toMatch(new RegExp(`^tenant\\.${tenantId}\\.bars\\.1m\\.NSE\\.`))
    // A candle is published before the tick of the next minute that closed it.
    const firstBar = got.findIndex((g) => g.message.type === 'bar')
    const before = got[firstBar - 1]!.message as { tick: Tick }
    const after = got.slice(firstBar).find((g) => g.message.type === 'tick')!.message as {
      tick: Tick
    }
    const { bar } = minutes[0]!.message as { bar: Bar }
    expect(before.tick.ts).toBeLessThan(bar.ts + 60_000)
    expect(after.tick.ts).toBeGreaterThanOrEqual(bar.ts + 60_000)
    expect(shared).toEqual([])
    await bus.close()
  })
})

import { describe, expect, it } from 'vitest'
import { createBundledReplay } from './bundled-replay.ts'
import { UnknownSymbolError } from './catalog.ts'
import type { FeedEvent } from './types.ts'

describe('createBundledReplay', () => {
  it('replays a whole file at max speed on the real clock without hogging the loop', async () => {
    const feed = await createBundledReplay({
      symbols: ['NIFTY 50', 'tcs25novfut'],
      speed: 'max',
      loop: false,
    })
    expect(feed.status().symbols).toEqual(['NIFTY50', 'TCS25NOVFUT'])
    const events: FeedEvent[] = []
    feed.subscribe((e) => events.push(e))
    let otherWork = 0
    const ticker = setInterval(() => otherWork++, 1)
    const started = Date.now()
    feed.start()
    while (feed.status().state === 'running') await new Promise((r) => setTimeout(r, 5))
    clearInterval(ticker)
    expect(events).toHaveLength(57_960 + 1_010)
    expect(events[0]).toMatchObject({ type: 'bar', symbol: 'NIFTY50', bar: { open: 21727.75 } })
    expect(events.at(-1)).toMatchObject({ type: 'tick', tick: { symbol: 'TCS25NOVFUT' } })
    expect(otherWork).toBeGreaterThan(0) // timers still ran while the replay was going
    expect(feed.status()).toMatchObject({ state: 'stopped', events: 58_970 })
    expect(feed.status().lastEventAt).toBeGreaterThanOrEqual(started)
  })

  it('refuses unknown symbols and symbols with only daily data', async () => {
    await expect(createBundledReplay({ symbols: ['NIFTY'], speed: 60 })).rejects.toThrow(
      UnknownSymbolError,
    )
    await expect(createBundledReplay({ symbols: ['M&M'], speed: 60 })).rejects.toThrow(
      'replay: no intraday data for M&M (only daily bars)',
    )
  })
})

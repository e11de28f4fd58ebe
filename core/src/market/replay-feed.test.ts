import { beforeAll, describe, expect, it } from 'vitest'
import { loadBars, loadTicks } from './catalog.ts'
import type { FeedClock } from './clock.ts'
import { createReplayFeed } from './replay-feed.ts'
import type { Bar, FeedEvent, ReplayOptions, Tick } from './types.ts'

const ist = (s: string) => Date.parse(`${s}+05:30`)
const T0 = ist('2026-01-05T10:00:00') // wall clock of the fake clock at creation

// A deterministic stand-in for the event loop: time moves only when the test says so.
function fakeClock() {
  let t = T0
  let seq = 0
  const timers = new Map<number, { at: number; fn: () => void }>()
  const due = (until: number) =>
    [...timers].filter(([, x]) => x.at <= until).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0]
  return {
    now: () => t,
    setTimer(fn: () => void, ms: number) {
      const id = seq++
      timers.set(id, { at: t + ms, fn })
      return () => timers.delete(id)
    },
    /** Lets `ms` pass, firing timers in order as they come due (at most `limit` of them). */
    advance(ms: number, limit = 10_000) {
      const end = t + ms
      for (let next = due(end); next && limit-- > 0; next = due(end)) {
        timers.delete(next[0])
        t = Math.max(t, next[1].at)
        next[1].fn()
      }
      t = end
    },
    /** Lets time pass with no timer firing, as when something blocks the event loop. */
    jump: (ms: number) => {
      t += ms
    },
    pending: () => timers.size,
  } satisfies FeedClock & Record<string, unknown>
}

let nifty: Bar[]
let bank: Bar[]
let reliance: Bar[]
let ticks: Tick[]
beforeAll(async () => {
  nifty = (await loadBars('NIFTY50', '1m')).slice(0, 750) // 2024-01-01 and 2024-01-02
  bank = (await loadBars('BANKNIFTY', '1m')).slice(0, 375)
  reliance = (await loadBars('RELIANCE', '1m')).slice(0, 375)
  ticks = (await loadTicks()).slice(0, 100)
})

function setup(options: Partial<ReplayOptions> & Pick<ReplayOptions, 'sources'>) {
  const clock = fakeClock()
  const feed = createReplayFeed({ speed: 60, clock, ...options })
  const events: FeedEvent[] = []
  feed.subscribe((e) => events.push(e))
  return { clock, feed, events }
}
const timeOf = (e: FeedEvent) => (e.type === 'bar' ? e.bar.ts : e.tick.ts)
const label = (e: FeedEvent | undefined) =>
  e?.type === 'bar'
    ? `${e.symbol} ${new Date(e.bar.ts + 19_800_000).toISOString().slice(11, 16)}`
    : e?.type

describe('merging', () => {
  it('interleaves symbols in time order, ties in source order, in batches', () => {
    const sources = [
      { symbol: 'NIFTY50', bars: nifty.slice(0, 375) },
      { symbol: 'BANKNIFTY', bars: bank },
    ]
    const { clock, feed, events } = setup({ sources, speed: 'max', loop: false, batchSize: 100 })
    feed.start()
    clock.advance(0, 1)
    expect(events).toHaveLength(100)
    clock.advance(0)
    expect(events).toHaveLength(750)
    expect(events.slice(0, 3).map(label)).toEqual([
      'NIFTY50 09:15',
      'BANKNIFTY 09:15',
      'NIFTY50 09:16',
    ])
    expect(events[1]).toMatchObject({ type: 'bar', timeframe: '1m', bar: { open: 48203.45 } })
    expect(events.every((e, i) => i === 0 || timeOf(e) >= timeOf(events[i - 1]!))).toBe(true)
    expect(feed.status()).toMatchObject({
      state: 'stopped',
      events: 750,
      marketTime: ist('2024-01-01T15:30:00'),
    })
  })

  it('orders bars and ticks from different years by time', () => {
    const sources = [
      { ticks },
      { symbol: 'NIFTY50', bars: nifty.slice(0, 2) },
      { symbol: 'RELIANCE', bars: reliance },
    ]
    const { clock, feed, events } = setup({ sources, speed: 'max', loop: false })
    feed.start()
    clock.advance(0)
    expect(events.map((e) => (e.type === 'bar' ? e.symbol : e.type))).toEqual([
      ...Array(375).fill('RELIANCE'),
      'NIFTY50',
      'NIFTY50',
      ...Array(100).fill('tick'),
    ])
    expect(events.at(-100)).toEqual({ type: 'tick', tick: ticks[0] })
  })
})

describe('pacing', () => {
  it('releases a bar when its minute ends, one market minute per second at speed 60', () => {
    const { clock, feed, events } = setup({ sources: [{ symbol: 'NIFTY50', bars: nifty }] })
    feed.start()
    clock.advance(0)
    expect(events.map(label)).toEqual(['NIFTY50 09:15'])
    expect(feed.status().marketTime).toBe(ist('2024-01-01T09:16:00'))
    clock.advance(999)
    expect(events).toHaveLength(1)
    clock.advance(1)
    expect(events).toHaveLength(2)
    clock.advance(58_000)
    expect(events).toHaveLength(60)
    expect(feed.status().marketTime).toBe(ist('2024-01-01T10:15:00'))
  })

  it('skips the night and the 2024-03-02 session break instead of waiting', async () => {
    const { clock, feed, events } = setup({ sources: [{ symbol: 'NIFTY50', bars: nifty }] })
    feed.start()
    clock.advance(374_000)
    expect(events.slice(-2).map(label)).toEqual(['NIFTY50 15:29', 'NIFTY50 09:15'])
    expect(feed.status().marketTime).toBe(ist('2024-01-02T09:16:00'))
    const special = (await loadBars('NIFTY50', '1m')).filter(
      (b) => b.ts >= ist('2024-03-02T09:15:00'),
    )
    const s = setup({ sources: [{ symbol: 'NIFTY50', bars: special.slice(0, 50) }] })
    s.feed.start()
    s.clock.advance(44_000)
    expect(s.events.slice(-2).map(label)).toEqual(['NIFTY50 09:59', 'NIFTY50 11:30'])
  })

  it('changes speed on the fly', () => {
    const { clock, feed, events } = setup({ sources: [{ symbol: 'NIFTY50', bars: nifty }] })
    feed.start()
    clock.advance(0)
    feed.setSpeed(600)
    clock.advance(1000)
    expect(events).toHaveLength(11)
    expect(feed.status().speed).toBe(600)
  })
})

describe('control', () => {
  it('pauses and resumes where it stopped, without catching up', () => {
    const { clock, feed, events } = setup({ sources: [{ symbol: 'NIFTY50', bars: nifty }] })
    feed.start()
    clock.advance(10_000)
    expect(events).toHaveLength(11)
    feed.pause()
    clock.advance(60_000)
    expect(events).toHaveLength(11)
    expect(feed.status()).toMatchObject({ state: 'paused', marketTime: ist('2024-01-01T09:26:00') })
    feed.resume()
    clock.advance(999)
    expect(events).toHaveLength(11)
    clock.advance(1)
    expect(events.map(label).at(-1)).toBe('NIFTY50 09:26')
  })

  it('stops, leaves no timer behind, and starts again from the beginning', () => {
    const { clock, feed, events } = setup({ sources: [{ symbol: 'NIFTY50', bars: nifty }] })
    feed.start()
    clock.advance(5_000)
    feed.stop()
    expect(clock.pending()).toBe(0)
    clock.advance(60_000)
    expect(events).toHaveLength(6)
    expect(feed.status().state).toBe('stopped')
    feed.start()
    clock.advance(0)
    expect(events.map(label).at(-1)).toBe('NIFTY50 09:15')
  })

  it('loops to the start by default, and stops at the end when told not to', () => {
    const bars = nifty.slice(0, 3)
    const looping = setup({ sources: [{ symbol: 'NIFTY50', bars }], speed: 'max', batchSize: 2 })
    looping.feed.start()
    looping.clock.advance(0, 4)
    expect(looping.events.map((e) => timeOf(e))).toEqual(
      [0, 1, 2, 0, 1, 2, 0, 1].map((i) => bars[i]!.ts),
    )
    expect(looping.feed.status()).toMatchObject({ state: 'running', loops: 2, events: 8 })
    const once = setup({ sources: [{ symbol: 'NIFTY50', bars }], loop: false })
    once.feed.start()
    once.clock.advance(10_000)
    expect(once.events).toHaveLength(3)
    expect(once.feed.status()).toMatchObject({ state: 'stopped', loops: 0 })
    expect(once.clock.pending()).toBe(0)
  })

  it('stops mid-batch when a listener stops the feed', () => {
    const { clock, feed, events } = setup({
      sources: [{ symbol: 'NIFTY50', bars: nifty }],
      speed: 'max',
    })
    feed.subscribe(() => events.length === 5 && feed.stop())
    feed.start()
    clock.advance(0)
    expect(events).toHaveLength(5)
  })
})

describe('status for health checks', () => {
  it('reports state, counts, last emission, market time and lag', () => {
    const sources = [
      { symbol: 'NIFTY50', bars: nifty },
      { symbol: 'BANKNIFTY', bars: bank },
    ]
    const { clock, feed } = setup({ sources })
    expect(feed.status()).toEqual({
      state: 'stopped',
      speed: 60,
      symbols: ['NIFTY50', 'BANKNIFTY'],
      events: 0,
      loops: 0,
      errors: 0,
      lastError: null,
      lastEventAt: null,
      marketTime: null,
      lagMs: 0,
    })
    feed.start()
    clock.advance(1_500)
    expect(feed.status()).toMatchObject({
      state: 'running',
      events: 4,
      lastEventAt: T0 + 1_000,
      lagMs: 0,
    })
    clock.jump(5_000) // the next bar was due at T0 + 2000: the feed is now 4.5 s late
    expect(feed.status().lagMs).toBe(4_500)
    clock.advance(0)
    expect(feed.status()).toMatchObject({ events: 14, lastEventAt: T0 + 6_500, lagMs: 0 })
  })

  it('counts listener errors and keeps going', () => {
    const { clock, feed, events } = setup({ sources: [{ symbol: 'NIFTY50', bars: nifty }] })
    feed.subscribe(() => {
      throw new Error('strategy blew up')
    })
    feed.start()
    clock.advance(2_000)
    expect(events).toHaveLength(3)
    expect(feed.status()).toMatchObject({ errors: 3, lastError: 'strategy blew up', speed: 60 })
  })
})

describe('configuration', () => {
  it('rejects bad options when the feed is built', () => {
    const sources = [{ symbol: 'NIFTY50', bars: nifty.slice(0, 3) }]
    expect(() => createReplayFeed({ sources, speed: 0 })).toThrow('speed must be positive')
    expect(() => createReplayFeed({ sources, speed: -60 })).toThrow('speed must be positive')
    expect(() => createReplayFeed({ sources, speed: 60, batchSize: 0 })).toThrow('batchSize')
    expect(() => createReplayFeed({ sources: [], speed: 60 })).toThrow('no events')
    const reversed = [{ symbol: 'NIFTY50', bars: nifty.slice(0, 3).reverse() }]
    expect(() => createReplayFeed({ sources: reversed, speed: 60 })).toThrow(
      'source 0 is not in time order',
    )
    expect(createReplayFeed({ sources, speed: Number.POSITIVE_INFINITY }).status().speed).toBe(
      'max',
    )
  })
})

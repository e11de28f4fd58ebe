import { describe, expect, it } from 'vitest'
import { createReplayFeed, type FeedClock } from '../market/replay-feed.ts'
import type { Bar } from '../market/types.ts'
import { type CoreHealthReport, healthRoutes } from './health.ts'

// A controllable clock: timers fire only when the test advances time.
function manualClock(start: number) {
  let now = start
  let timers: { at: number; fn: () => void }[] = []
  const clock: FeedClock = {
    now: () => now,
    setTimer(fn, ms) {
      const timer = { at: now + Math.max(ms, 0), fn }
      timers.push(timer)
      return () => {
        timers = timers.filter((t) => t !== timer)
      }
    },
  }
  const advance = (ms: number) => {
    now += ms
    for (;;) {
      const due = timers.filter((t) => t.at <= now)
      if (due.length === 0) break
      timers = timers.filter((t) => t.at > now)
      for (const t of due) t.fn()
    }
  }
  return { clock, advance, now: () => now }
}

const minute = (i: number): Bar => {
  const ts = Date.parse('2024-01-01T09:15:00+05:30') + i * 60_000
  return { ts, open: 100 + i, high: 101 + i, low: 99 + i, close: 100.5 + i, volume: 0 }
}

function setup(options: { bars: number; pingFails?: boolean }) {
  const time = manualClock(Date.parse('2026-11-30T04:00:00Z'))
  const bars = Array.from({ length: options.bars }, (_, i) => minute(i))
  const feed = createReplayFeed({
    sources: [{ symbol: 'NIFTY50', bars }],
    speed: 60,
    loop: false,
    clock: time.clock,
  })
  const app = healthRoutes({
    version: 'test',
    startedAt: time.now(),
    staleAfterMs: 10_000,
    feed: { kind: 'replay', status: feed.status },
    pingDatabase: async () => {
      if (options.pingFails) throw new Error('ECONNREFUSED')
      return 1
    },
    now: time.now,
  })
  const get = async () => {
    const res = await app.request('/health')
    return { status: res.status, body: (await res.json()) as CoreHealthReport }
  }
  return { feed, time, get }
}

describe('core GET /health', () => {
  it('is ok while the replay feed delivers bars', async () => {
    const { feed, time, get } = setup({ bars: 30 })
    feed.start()
    time.advance(3_000)
    const { status, body } = await get()
    expect(status).toBe(200)
    expect(body.feed).toMatchObject({
      kind: 'replay',
      state: 'running',
      symbols: ['NIFTY50'],
      stale: false,
    })
    expect(body.feed.events).toBeGreaterThan(0)
    expect(body.feed.marketTime).toBeGreaterThanOrEqual(minute(0).ts)
  })

  it('reports a running feed that went silent as stale, and itself degraded', async () => {
    // A connected feed whose socket stopped delivering: running, last event 15 s ago.
    const now = Date.parse('2026-11-30T04:00:00Z')
    const app = healthRoutes({
      version: 'test',
      startedAt: now - 60_000,
      staleAfterMs: 10_000,
      feed: {
        kind: 'replay',
        status: () => ({
          state: 'running',
          speed: 60,
          symbols: ['NIFTY50'],
          events: 42,
          loops: 0,
          errors: 0,
          lastError: null,
          lastEventAt: now - 15_000,
          marketTime: minute(41).ts,
          lagMs: 0,
        }),
      },
      pingDatabase: async () => 1,
      now: () => now,
    })
    const res = await app.request('/health')
    const body = (await res.json()) as CoreHealthReport
    expect(res.status).toBe(503)
    expect(body.status).toBe('degraded')
    expect(body.feed.stale).toBe(true)
  })

  it('does not call a paused feed stale', async () => {
    const { feed, time, get } = setup({ bars: 30 })
    feed.start()
    time.advance(2_000)
    feed.pause()
    time.advance(60_000)
    const { status, body } = await get()
    expect(body.feed.state).toBe('paused')
    expect(body.feed.stale).toBe(false)
    expect(status).toBe(200)
  })

  it('is degraded when the database does not answer', async () => {
    const { feed, time, get } = setup({ bars: 30, pingFails: true })
    feed.start()
    time.advance(1_000)
    const { status, body } = await get()
    expect(status).toBe(503)
    expect(body.database).toEqual({ status: 'down' })
  })
})

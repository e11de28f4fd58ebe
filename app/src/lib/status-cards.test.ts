import { describe, expect, test } from 'vitest'
import type { EdgeHealth, HealthProbe } from './health.ts'
import {
  FEED_STALE_AFTER_MS,
  formatDuration,
  formatIst,
  overall,
  statusCards,
} from './status-cards.ts'

const time = Date.parse('2026-11-30T04:00:00.000Z')

function answered(health: Partial<EdgeHealth> & Pick<EdgeHealth, 'checks'>): HealthProbe {
  const doc: EdgeHealth = {
    status: 'ok',
    service: 'edge',
    version: '0.1.0',
    time: new Date(time).toISOString(),
    uptimeS: 5,
    ...health,
  }
  return {
    kind: 'answered',
    edgeUrl: 'http://edge',
    httpStatus: 200,
    latencyMs: 2,
    checkedAt: time,
    health: doc,
  }
}

const withFeedEventAt = (lastEventAt: number | null) =>
  answered({
    checks: {
      database: { status: 'ok', latencyMs: 1, driver: 'postgres' },
      core: {
        status: 'ok',
        latencyMs: 1,
        feed: {
          kind: 'replay',
          state: 'running',
          speed: 1,
          symbols: ['NIFTY50'],
          events: 3,
          lastEventAt,
          marketTime: null,
        },
      },
    },
  })

const feedOf = (probe: HealthProbe) => statusCards(probe).find((card) => card.id === 'feed')!

describe('statusCards', () => {
  test('a feed is stale only when its last event is more than 10 s older than the edge clock', () => {
    expect(feedOf(withFeedEventAt(time - FEED_STALE_AFTER_MS)).state).toBe('ok')
    const stale = feedOf(withFeedEventAt(time - FEED_STALE_AFTER_MS - 1))
    expect(stale).toMatchObject({ state: 'degraded', badge: 'Stale' })
    expect(feedOf(withFeedEventAt(null))).toMatchObject({
      state: 'degraded',
      note: 'No events yet',
    })
  })

  test('with core down the feed is unknown, not guessed', () => {
    const probe = answered({
      status: 'degraded',
      checks: {
        database: { status: 'ok', latencyMs: 1, driver: 'pglite' },
        core: { status: 'down', latencyMs: 0, error: 'core not running' },
      },
    })
    const cards = statusCards(probe)
    expect(cards.map((card) => card.state)).toEqual(['ok', 'ok', 'down', 'unknown'])
    expect(overall(cards)).toEqual({
      state: 'down',
      text: 'Degraded: Core engine down, Market-data feed unknown',
    })
  })

  test('an unreachable edge leaves every dependency unknown', () => {
    const probe: HealthProbe = {
      kind: 'unreachable',
      edgeUrl: 'http://edge',
      reason: 'connect ECONNREFUSED',
      checkedAt: time,
    }
    expect(statusCards(probe).map((card) => card.state)).toEqual([
      'down',
      'unknown',
      'unknown',
      'unknown',
    ])
  })
})

test('formatIst prints Indian Standard Time the same on server and browser', () => {
  expect(formatIst(Date.parse('2026-11-27T03:45:00.000Z'))).toBe('2026-11-27 09:15:00 IST')
})

test('formatDuration reads like an operator would say it', () => {
  expect([42_000, 303_000, 7_800_000].map(formatDuration)).toEqual([
    '42 s',
    '5 min 3 s',
    '2 h 10 min',
  ])
})

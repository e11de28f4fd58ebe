import { Hono } from 'hono'
import type { FeedSpeed, FeedStatus } from '../market/replay-feed.ts'

export interface FeedHealth {
  kind: 'replay' | 'none'
  state: FeedStatus['state']
  speed: FeedSpeed
  symbols: string[]
  events: number
  lastEventAt: number | null
  marketTime: number | null
  stale: boolean
}

export interface CoreHealthReport {
  status: 'ok' | 'degraded'
  service: 'core'
  version: string
  uptimeS: number
  feed: FeedHealth
  database: { status: 'ok' | 'down'; latencyMs?: number }
}

export interface HealthSources {
  version: string
  startedAt: number
  staleAfterMs: number
  feed: { kind: 'replay' | 'none'; status(): FeedStatus } | null
  pingDatabase(): Promise<number>
  now?: () => number
}

/**
 * GET /health — the engine and its market-data feed. A running feed that has emitted nothing
 * for `staleAfterMs` is reported stale and the engine degraded (503): a silent dead feed must
 * be loud.
 */
export function healthRoutes(sources: HealthSources) {
  const now = sources.now ?? Date.now
  return new Hono().get('/health', async (c) => {
    const feed = feedHealth(sources, now())
    let database: CoreHealthReport['database']
    try {
      database = { status: 'ok', latencyMs: await sources.pingDatabase() }
    } catch {
      database = { status: 'down' }
    }
    const ok = !feed.stale && database.status === 'ok'
    const report: CoreHealthReport = {
      status: ok ? 'ok' : 'degraded',
      service: 'core',
      version: sources.version,
      uptimeS: Math.round((now() - sources.startedAt) / 1000),
      feed,
      database,
    }
    c.header('cache-control', 'no-store')
    return c.json(report, ok ? 200 : 503)
  })
}

function feedHealth(sources: HealthSources, at: number): FeedHealth {
  if (!sources.feed) {
    return {
      kind: 'none',
      state: 'stopped',
      speed: 0,
      symbols: [],
      events: 0,
      lastEventAt: null,
      marketTime: null,
      stale: false,
    }
  }
  const s = sources.feed.status()
  // Measured from the last event, or from start-up if none came yet.
  const quietFor = at - (s.lastEventAt ?? sources.startedAt)
  return {
    kind: sources.feed.kind,
    state: s.state,
    speed: s.speed,
    symbols: s.symbols,
    events: s.events,
    lastEventAt: s.lastEventAt,
    marketTime: s.marketTime,
    stale: s.state === 'running' && quietFor > sources.staleAfterMs,
  }
}

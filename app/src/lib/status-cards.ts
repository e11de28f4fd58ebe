import type { EdgeHealth, FeedHealth, HealthProbe } from './health.ts'

export type CardState = 'ok' | 'degraded' | 'down' | 'unknown'

export interface StatusCard {
  id: 'edge' | 'database' | 'core' | 'feed'
  title: string
  state: CardState
  /** Replaces the state's word on the badge when a sharper one exists ("Stale"). */
  badge?: string
  latencyMs?: number
  details: { label: string; value: string }[]
  /** A reason in words, shown when the state is not ok. */
  note?: string
}

/** A feed whose last event is older than this (by the edge's clock) is shown as stale. */
export const FEED_STALE_AFTER_MS = 10_000

const IST_OFFSET_MS = 330 * 60_000

/**
 * Epoch ms as Indian Standard Time ("2026-11-30 09:15:00 IST"). Built by hand rather than with
 * Intl so the server and the browser print the same characters and hydration matches.
 */
export function formatIst(epochMs: number): string {
  const iso = new Date(epochMs + IST_OFFSET_MS).toISOString()
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} IST`
}

/** "42 s", "5 min 3 s", "2 h 10 min": durations as an operator reads them. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000))
  if (s < 60) return `${s} s`
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`
}

export const STATE_WORD: Record<CardState, string> = {
  ok: 'OK',
  degraded: 'Degraded',
  down: 'Down',
  unknown: 'Unknown',
}

/** The headline for a probe the edge answered: all clear, or which cards are not. */
export function overall(cards: StatusCard[]): { state: CardState; text: string } {
  const troubled = cards.filter((card) => card.state !== 'ok')
  if (troubled.length === 0) return { state: 'ok', text: 'All systems operational' }
  const list = troubled.map(
    (card) => `${card.title} ${(card.badge ?? STATE_WORD[card.state]).toLowerCase()}`,
  )
  const state = troubled.some((card) => card.state === 'down') ? 'down' : 'degraded'
  return { state, text: `Degraded: ${list.join(', ')}` }
}

/** The four cards of the status page, derived from one probe of the edge. */
export function statusCards(probe: HealthProbe): StatusCard[] {
  if (probe.kind !== 'answered') {
    const reason = probe.kind === 'offline' ? 'App server unreachable' : 'No answer from the edge'
    return [
      { id: 'edge', title: 'Edge API', state: 'down', details: [], note: probe.reason },
      unknownCard('database', 'Database', reason),
      unknownCard('core', 'Core engine', reason),
      unknownCard('feed', 'Market-data feed', reason),
    ]
  }
  const { health } = probe
  const { database, core } = health.checks
  return [
    {
      id: 'edge',
      title: 'Edge API',
      // The edge answered, so it is up; its dependencies have cards of their own. It is marked
      // degraded only when it reports a problem none of those cards explains.
      state:
        health.status === 'degraded' && database.status === 'ok' && core.status === 'ok'
          ? 'degraded'
          : 'ok',
      latencyMs: probe.latencyMs,
      details: [
        { label: 'Version', value: health.version },
        { label: 'Uptime', value: formatDuration(health.uptimeS * 1000) },
        { label: 'Answer', value: `HTTP ${probe.httpStatus} · ${health.status}` },
      ],
    },
    {
      id: 'database',
      title: 'Database',
      state: database.status,
      latencyMs: database.latencyMs,
      details: [{ label: 'Driver', value: database.driver === 'pglite' ? 'PGlite' : 'PostgreSQL' }],
      ...(database.error && { note: database.error }),
    },
    {
      id: 'core',
      title: 'Core engine',
      state: core.status,
      latencyMs: core.latencyMs,
      details: [],
      ...(core.error && { note: core.error }),
    },
    feedCard(health),
  ]
}

function unknownCard(id: StatusCard['id'], title: string, note: string): StatusCard {
  return { id, title, state: 'unknown', details: [], note }
}

function feedCard(health: EdgeHealth): StatusCard {
  const base = { id: 'feed', title: 'Market-data feed' } as const
  const { core } = health.checks
  if (core.status === 'down') return { ...base, state: 'unknown', details: [], note: 'Core down' }
  const feed = core.feed
  if (!feed) return { ...base, state: 'down', details: [], note: 'Core reports no feed' }
  const now = Date.parse(health.time)
  const details = [
    { label: 'Source', value: `${feed.kind} · ${feed.state} · ${feed.speed}×` },
    { label: 'Symbols', value: feed.symbols.length ? feed.symbols.join(', ') : 'none' },
    { label: 'Market time', value: feed.marketTime === null ? '—' : formatIst(feed.marketTime) },
    { label: 'Events', value: feed.events.toLocaleString('en-IN') },
    {
      label: 'Last event',
      value:
        feed.lastEventAt === null ? 'none yet' : `${formatDuration(now - feed.lastEventAt)} ago`,
    },
  ]
  return { ...base, details, ...feedState(feed, now) }
}

function feedState(feed: FeedHealth, now: number): Pick<StatusCard, 'state' | 'badge' | 'note'> {
  if (feed.state === 'stopped') return { state: 'down', note: 'Feed stopped' }
  if (feed.state === 'paused') return { state: 'degraded', note: 'Feed paused' }
  if (feed.lastEventAt === null) return { state: 'degraded', note: 'No events yet' }
  const age = now - feed.lastEventAt
  if (age > FEED_STALE_AFTER_MS) {
    return { state: 'degraded', badge: 'Stale', note: `No events for ${formatDuration(age)}` }
  }
  return { state: 'ok' }
}

import { systemClock } from './clock.ts'
import type {
  FeedEvent,
  FeedListener,
  FeedSpeed,
  FeedState,
  ReplayFeed,
  ReplayOptions,
  ReplaySource,
} from './types.ts'

// The feed's types live in types.ts and clock.ts; importers of this module find them here too.
export type { FeedClock } from './clock.ts'
export type {
  FeedEvent,
  FeedListener,
  FeedSpeed,
  FeedState,
  FeedStatus,
  ReplayFeed,
  ReplayOptions,
  ReplaySource,
} from './types.ts'

const BAR_MS = 60_000

interface Track {
  times: Float64Array
  event(i: number): FeedEvent
}

/**
 * Creates a feed that replays 1-minute bars and ticks, merged in time order, to its
 * listeners at `speed` times real time. A bar is released when its minute has ended
 * (start + 60 s of market time) so a listener never sees a candle before it closes; a tick
 * at its timestamp. Market-time gaps over `maxGapMs` are skipped rather than waited out.
 * Events go out in batches of at most `batchSize` per timer turn, so a replay at 'max' never
 * blocks the event loop for long. The feed is created stopped; call `start()`. `status()`
 * reports state, counts, the last emission's wall time and the lag for health checks.
 *
 * @example
 * const feed = createReplayFeed({ sources: [{ symbol: 'NIFTY50', bars }], speed: 60 })
 * feed.subscribe((e) => e.type === 'bar' && console.log(e.bar.close))
 * feed.start()
 */
export function createReplayFeed(options: ReplayOptions): ReplayFeed {
  const { sources, loop = true, maxGapMs = 15 * BAR_MS, batchSize = 500 } = options
  const clock = options.clock ?? systemClock
  const tracks = sources.map(toTrack)
  if (!tracks.some((t) => t.times.length > 0)) throw new Error('replay: no events to replay')
  if (!(maxGapMs > 0)) throw new Error(`replay: maxGapMs must be positive, got ${maxGapMs}`)
  if (!(Number.isInteger(batchSize) && batchSize > 0)) {
    throw new Error(`replay: batchSize must be a positive integer, got ${batchSize}`)
  }
  const symbols = [...new Set(sources.flatMap(symbolsOf))]
  const listeners = new Set<FeedListener>()
  const cursors = new Int32Array(tracks.length)
  let rate = checkSpeed(options.speed)
  let state: FeedState = 'stopped'
  let cancel: (() => void) | undefined
  let events = 0
  let loops = 0
  let errors = 0
  let lastError: string | null = null
  let lastEventAt: number | null = null
  let market: number | null = null // frozen market time when not running or at 'max'
  let anchorWall = 0 // paced: market time = anchorMarket + (wall - anchorWall) * rate
  let anchorMarket = 0
  let dueAt = 0 // wall time by which the next event should go out
  let generation = 0 // bumped on every state change, so a stale pump turn stops

  const timeOf = (k: number): number => tracks[k]!.times[cursors[k]!]!
  const marketAt = (wall: number): number =>
    Number.isFinite(rate) ? anchorMarket + (wall - anchorWall) * rate : (market ?? 0)
  const anchor = (marketTime: number, wall: number): void => {
    anchorMarket = marketTime
    anchorWall = wall
    market = marketTime
  }

  // Earliest pending event across tracks; ties go to the earlier source, keeping order stable.
  function peek(): number {
    let best = -1
    for (let k = 0; k < tracks.length; k++) {
      if (cursors[k]! < tracks[k]!.times.length && (best < 0 || timeOf(k) < timeOf(best))) best = k
    }
    return best
  }

  function emit(k: number, now: number): void {
    const event = tracks[k]!.event(cursors[k]!)
    market = tracks[k]!.times[cursors[k]!++]!
    events++
    lastEventAt = now
    for (const listener of listeners) {
      try {
        listener(event)
      } catch (error) {
        errors++
        lastError = error instanceof Error ? error.message : String(error)
      }
    }
  }

  // Wall time at which market time `t` is reached under the current anchor (paced only).
  const dueWall = (t: number): number => anchorWall + (t - anchorMarket) / rate

  function pump(): void {
    cancel = undefined
    if (state !== 'running') return
    const now = clock.now()
    const turn = generation
    let next = peek()
    let sent = 0
    for (; sent < batchSize; sent++) {
      if (next < 0) {
        if (!loop) {
          finish()
          return
        }
        cursors.fill(0)
        loops++
        next = peek()
        anchor(timeOf(next), now)
      }
      const t = timeOf(next)
      if (Number.isFinite(rate)) {
        if (t - marketAt(now) > maxGapMs) anchor(t, now)
        if (dueWall(t) > now) break
      }
      emit(next, now)
      // A listener may have paused, stopped or restarted the feed; that call owns it now.
      if (generation !== turn) return
      next = peek()
    }
    let delay = 0
    dueAt = now
    if (Number.isFinite(rate) && next >= 0) {
      const due = dueWall(timeOf(next))
      // Whole milliseconds, so a timer that fires on time always finds its event due.
      if (sent < batchSize) delay = Math.ceil(due - now)
      dueAt = Math.min(due, now + delay)
    }
    cancel = clock.setTimer(pump, delay)
  }

  function finish(): void {
    generation++
    state = 'stopped'
    cursors.fill(0)
  }

  function run(marketTime: number): void {
    generation++
    state = 'running'
    anchor(marketTime, clock.now())
    dueAt = anchorWall
    cancel?.()
    cancel = clock.setTimer(pump, 0)
  }

  return {
    start() {
      if (state === 'stopped') run(timeOf(peek()))
    },
    pause() {
      if (state !== 'running') return
      market = marketAt(clock.now())
      generation++
      state = 'paused'
      cancel?.()
      cancel = undefined
    },
    resume() {
      if (state === 'paused') run(market ?? timeOf(peek()))
    },
    stop() {
      cancel?.()
      cancel = undefined
      finish()
    },
    setSpeed(speed) {
      const current = state === 'running' ? marketAt(clock.now()) : market
      rate = checkSpeed(speed)
      if (state === 'running') run(current ?? timeOf(peek()))
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    status() {
      const now = clock.now()
      const running = state === 'running'
      return {
        state,
        speed: Number.isFinite(rate) ? rate : 'max',
        symbols: [...symbols],
        events,
        loops,
        errors,
        lastError,
        lastEventAt,
        marketTime: running && market !== null ? marketAt(now) : market,
        lagMs: running ? Math.max(0, now - dueAt) : 0,
      }
    },
  }
}

function checkSpeed(speed: FeedSpeed): number {
  if (speed === 'max') return Number.POSITIVE_INFINITY
  if (!(speed > 0)) throw new Error(`replay: speed must be positive or 'max', got ${speed}`)
  return speed
}

function toTrack(source: ReplaySource, index: number): Track {
  const times =
    'bars' in source
      ? Float64Array.from(source.bars, (bar) => bar.ts + BAR_MS)
      : Float64Array.from(source.ticks, (tick) => tick.ts)
  for (let i = 1; i < times.length; i++) {
    if (times[i]! < times[i - 1]!) throw new Error(`replay: source ${index} is not in time order`)
  }
  if ('bars' in source) {
    const { symbol, bars } = source
    return { times, event: (i) => ({ type: 'bar', symbol, timeframe: '1m', bar: bars[i]! }) }
  }
  return { times, event: (i) => ({ type: 'tick', tick: source.ticks[i]! }) }
}

function symbolsOf(source: ReplaySource): string[] {
  return 'bars' in source ? [source.symbol] : source.ticks.map((t) => t.symbol)
}

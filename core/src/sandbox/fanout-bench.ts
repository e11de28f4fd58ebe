/**
 * The measuring hook of `core.tick_fanout`: ticks published on the in-process bus reach many
 * strategy instances, each of which turns a tick into a decision — in a sandbox, or as a plain
 * function for the same-run baseline. For `npm run bench`; tests check its bookkeeping only.
 */
import { createMemoryBus } from '../bus/memory-bus.ts'
import { tickTopic } from '../bus/topics.ts'
import type { Subscription, TickBus, TickMessage } from '../bus/types.ts'
import type { Tick } from '../market/types.ts'

/**
 * One strategy instance: takes a tick and returns how many orders it decided on. A promise
 * keeps the instance busy (its bus queue coalesces per instrument meanwhile); a plain number
 * means it decided in the handler itself.
 */
export type TickDecider = (tick: Tick) => number | Promise<number>

export interface TickFanoutOptions {
  /** Ticks to publish, in order and cycled; their symbols are the instruments. */
  ticks: readonly Tick[]
  /** One per instance; instance `i` subscribes to instrument `i mod instruments`. */
  deciders: readonly TickDecider[]
  /** How long to publish, in wall-clock ms. Default 3,000. */
  durationMs?: number
  /**
   * The feed's pace: frames (one tick of each instrument at most) per second. Absent: one
   * frame per event-loop turn, as fast as the loop turns — which lets the publisher itself
   * take the host's CPU from slow subscribers.
   */
  framesPerSecond?: number
  /** Stop publishing after this many ticks, if that comes first. */
  maxTicks?: number
  /** Longest wait for decisions still in flight once publishing stops. Default 60,000 ms. */
  settleTimeoutMs?: number
}

export interface TickFanoutResult {
  instances: number
  instruments: number
  /** Ticks published, in how many frames, and at what rate. */
  ticks: number
  frames: number
  ticksPerSec: number
  /** Ticks × instances following their instrument: what the bus was asked to deliver. */
  offered: number
  /** Ticks handed to instances; the rest were coalesced (a newer tick of the instrument
   * replaced them while the instance was busy) or dropped (queue full). */
  delivered: number
  coalesced: number
  dropped: number
  /** The fewest ticks any one instance was handed. */
  leastDelivered: number
  /** Deliveries that came back as a decision, those that failed, and orders decided. */
  decisions: number
  errors: number
  /** What the first failure said, when there was one. */
  firstError?: string
  intents: number
  elapsedMs: number
  deliveriesPerSec: number
  /** Deliveries that came back as a decision, per second: what the instances really took. */
  decisionsPerSec: number
  /** From publish to the decision being back in this process (ms), over all decisions. */
  p50Ms: number
  p99Ms: number
  maxMs: number
}

/** A published tick carries its publish time; the in-process bus hands over the same object. */
interface StampedTick extends TickMessage {
  publishedAt: number
}

const EXCHANGE = 'NSE'

/**
 * Publishes `ticks` for `durationMs` in feed-like frames (each instrument at most once per
 * frame, at `framesPerSecond`) to one bus subscription per decider, waits until every
 * delivered tick has its decision, and reports throughput, latency and the bus's counters.
 *
 * @example
 * const r = await measureTickFanout({ ticks: await loadTicks(), deciders, durationMs: 5_000 })
 */
export async function measureTickFanout(options: TickFanoutOptions): Promise<TickFanoutResult> {
  const { deciders } = options
  const frames = framesOf(options.ticks)
  const symbols = [...new Set(options.ticks.map((t) => t.symbol))]
  if (frames.length === 0 || deciders.length === 0) {
    throw new RangeError('tick fan-out needs ticks and at least one decider')
  }
  const bus = createMemoryBus()
  const latency = new LatencyHistogram()
  let decisions = 0
  let errors = 0
  let intents = 0
  let inFlight = 0
  let firstError: string | undefined
  const decided = (t0: number, n: number) => {
    latency.add(performance.now() - t0)
    decisions++
    intents += n
    inFlight--
  }
  const failed = () => {
    errors++
    inFlight--
  }
  const followers = new Map<string, number>()
  const subs: Subscription[] = deciders.map((decide, i) => {
    const symbol = symbols[i % symbols.length]!
    followers.set(symbol, (followers.get(symbol) ?? 0) + 1)
    return bus.subscribe(
      tickTopic(EXCHANGE, symbol),
      (m) => {
        const { tick, publishedAt } = m as StampedTick
        inFlight++
        let r: number | Promise<number>
        try {
          r = decide(tick)
        } catch (e) {
          failed()
          throw e
        }
        if (typeof r === 'number') return decided(publishedAt, r)
        return r.then(
          (n) => decided(publishedAt, n),
          (e: unknown) => {
            failed()
            throw e
          },
        )
      },
      // The bus counts the error; the subscription keeps going.
      {
        policy: 'coalesce',
        onError: (e) => {
          firstError ??= e instanceof Error ? `${e.name}: ${e.message}` : String(e)
        },
      },
    )
  })

  const start = performance.now()
  const feed = await publishFeed(bus, frames, options, (symbol) => followers.get(symbol) ?? 0)
  const settleBy = performance.now() + (options.settleTimeoutMs ?? 60_000)
  while (inFlight > 0 || subs.some((s) => s.stats().queued > 0)) {
    if (performance.now() > settleBy) {
      await bus.close()
      throw new Error(`tick fan-out: ${inFlight} decisions still pending after publishing ended`)
    }
    await nextTurn()
  }
  const elapsedMs = performance.now() - start
  const stats = subs.map((s) => s.stats())
  await bus.close()
  const sum = (key: 'delivered' | 'coalesced' | 'dropped') => stats.reduce((n, s) => n + s[key], 0)
  const delivered = sum('delivered')
  return {
    instances: deciders.length,
    instruments: symbols.length,
    ...feed,
    delivered,
    coalesced: sum('coalesced'),
    dropped: sum('dropped'),
    leastDelivered: Math.min(...stats.map((s) => s.delivered)),
    decisions,
    errors,
    ...(firstError !== undefined ? { firstError } : {}),
    intents,
    elapsedMs,
    deliveriesPerSec: delivered / (elapsedMs / 1000),
    decisionsPerSec: decisions / (elapsedMs / 1000),
    p50Ms: latency.percentile(50),
    p99Ms: latency.percentile(99),
    maxMs: latency.max,
  }
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Frames published in one turn when the pace has fallen behind; past it the pace slips. */
const MAX_CATCH_UP = 8

/**
 * Publishes frames for the run's duration, stamping each tick with its publish time. Between
 * two frames of one turn it lets queued deliveries start, so a tick is coalesced only when
 * its subscriber is really busy.
 */
async function publishFeed(
  bus: TickBus,
  frames: readonly Tick[][],
  options: TickFanoutOptions,
  followers: (symbol: string) => number,
): Promise<{ ticks: number; frames: number; offered: number; ticksPerSec: number }> {
  const maxTicks = options.maxTicks ?? Number.POSITIVE_INFINITY
  const interval = options.framesPerSecond ? 1000 / options.framesPerSecond : 0
  const src = frames.flat()
  // Cycled ticks keep moving forward in time, as a feed's do.
  const span = src.at(-1)!.ts - src[0]!.ts + 1_000
  let ticks = 0
  let offered = 0
  let sent = 0
  const start = performance.now()
  const end = start + (options.durationMs ?? 3_000)
  let nextAt = start
  while (performance.now() < end && ticks < maxTicks) {
    // Every round gives the event loop a turn: replies from sandboxes come in through it.
    const wait = nextAt - performance.now()
    await (wait > 0 ? sleep(wait) : nextTurn())
    const most = interval === 0 ? 1 : MAX_CATCH_UP
    for (let burst = 0; burst < most && nextAt <= performance.now(); burst++) {
      if (burst > 0) await Promise.resolve()
      const cycle = Math.floor(sent / frames.length)
      for (const source of frames[sent % frames.length]!) {
        if (ticks >= maxTicks) break
        const tick = cycle === 0 ? source : { ...source, ts: source.ts + cycle * span }
        const stamped: StampedTick = {
          type: 'tick',
          exchange: EXCHANGE,
          tick,
          publishedAt: performance.now(),
        }
        bus.publish(tickTopic(EXCHANGE, tick.symbol), stamped)
        ticks++
        offered += followers(tick.symbol)
      }
      sent++
      nextAt += interval
    }
    nextAt = Math.max(nextAt, performance.now() - interval)
  }
  const seconds = (performance.now() - start) / 1000
  return { ticks, frames: sent, offered, ticksPerSec: ticks / seconds }
}

/**
 * Splits ticks, in order, into frames in which each instrument appears at most once — what
 * one message of a broker's feed carries. Publishing two ticks of one instrument in the same
 * turn would let even an instant subscriber see only the second.
 */
export function framesOf(ticks: readonly Tick[]): Tick[][] {
  const frames: Tick[][] = []
  let frame: Tick[] = []
  let seen = new Set<string>()
  for (const tick of ticks) {
    if (seen.has(tick.symbol)) {
      frames.push(frame)
      frame = []
      seen = new Set()
    }
    frame.push(tick)
    seen.add(tick.symbol)
  }
  if (frame.length > 0) frames.push(frame)
  return frames
}

/**
 * Latencies in log-spaced buckets 1% wide from 1 µs: millions of plain-function samples
 * cost a fixed 16 KB, and a percentile is exact to within 1%.
 */
class LatencyHistogram {
  static readonly #growth = Math.log(1.01)
  readonly #counts = new Uint32Array(2_048)
  #n = 0
  max = 0

  add(ms: number): void {
    const us = Math.max(1, ms * 1000)
    const i = Math.min(this.#counts.length - 1, Math.ceil(Math.log(us) / LatencyHistogram.#growth))
    this.#counts[i]!++
    this.#n++
    if (ms > this.max) this.max = ms
  }

  /** The bucket's upper edge, in ms; NaN without samples. */
  percentile(p: number): number {
    if (this.#n === 0) return Number.NaN
    const rank = Math.max(1, Math.ceil((p / 100) * this.#n))
    let seen = 0
    for (let i = 0; i < this.#counts.length; i++) {
      seen += this.#counts[i]!
      if (seen >= rank) return Math.min(this.max, 1.01 ** i / 1000)
    }
    return this.max
  }
}

import { loadTicks } from '../market/catalog.ts'
import { createMemoryBus } from './memory-bus.ts'
import { tickTopic } from './topics.ts'
import type { OverflowPolicy, TickMessage } from './types.ts'

export interface FanoutOptions {
  /** Ticks to publish (the bundled ticks, cycled). Default 100,000. */
  ticks?: number
  /** Subscribers on `ticks.NSE.>`. Default 100. */
  subscribers?: number
  /** Default drop-oldest, so every delivery counts; `coalesce` shows the merging path. */
  policy?: OverflowPolicy
  /** Ticks published per event-loop turn (a feed's batch). Default 500. */
  batch?: number
}

export interface FanoutResult {
  ticks: number
  subscribers: number
  /** Handler calls, and how many messages were coalesced or dropped instead. */
  deliveries: number
  coalesced: number
  dropped: number
  elapsedMs: number
  deliveriesPerSec: number
  /** Time spent inside `publish` only, per tick, in microseconds. */
  publishUsPerTick: number
}

/**
 * Measures in-process fan-out: publishes `ticks` real ticks in feed-sized batches to
 * `subscribers` subscribers and waits until every subscriber has been handed everything.
 * For `npm run bench`; tests never time it.
 *
 * @example const r = await benchBusFanout({ ticks: 50_000, subscribers: 1000 })
 */
export async function benchBusFanout(options: FanoutOptions = {}): Promise<FanoutResult> {
  const total = options.ticks ?? 100_000
  const subscribers = options.subscribers ?? 100
  const batch = options.batch ?? 500
  const policy = options.policy ?? 'drop-oldest'
  const source = await loadTicks()
  const messages = source.map((tick): [string, TickMessage] => [
    tickTopic('NSE', tick.symbol),
    { type: 'tick', exchange: 'NSE', tick },
  ])
  const bus = createMemoryBus()
  let handled = 0
  let checksum = 0
  const subs = Array.from({ length: subscribers }, () =>
    bus.subscribe(
      'ticks.NSE.>',
      (m) => {
        handled++
        if (m.type === 'tick') checksum += m.tick.price
      },
      { policy, capacity: Math.max(batch * 8, 1) },
    ),
  )
  const settled = () =>
    subs.every((s) => {
      const st = s.stats()
      return st.queued === 0
    })
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve))
  let publishMs = 0
  const start = performance.now()
  for (let sent = 0; sent < total; ) {
    const t0 = performance.now()
    const end = Math.min(total, sent + batch)
    for (; sent < end; sent++) {
      const [topic, message] = messages[sent % messages.length]!
      bus.publish(topic, message)
    }
    publishMs += performance.now() - t0
    await turn()
  }
  while (!settled()) await turn()
  const elapsedMs = performance.now() - start
  const stats = bus.stats().subscriptions
  await bus.close()
  if (!Number.isFinite(checksum))
    throw new Error('unreachable: keeps the handler from being optimised away')
  return {
    ticks: total,
    subscribers,
    deliveries: handled,
    coalesced: stats.reduce((n, s) => n + s.coalesced, 0),
    dropped: stats.reduce((n, s) => n + s.dropped, 0),
    elapsedMs,
    deliveriesPerSec: handled / (elapsedMs / 1000),
    publishUsPerTick: (publishMs * 1000) / total,
  }
}

import type { Bar, Tick, Timeframe } from '../market/types.ts'

/** A tick of one instrument, on `ticks.<exchange>.<symbol>` (or its tenant copy). */
export interface TickMessage {
  type: 'tick'
  exchange: string
  tick: Tick
}

/** A closed candle, on `bars.<timeframe>.<exchange>.<symbol>` (or its tenant copy). */
export interface BarMessage {
  type: 'bar'
  exchange: string
  symbol: string
  timeframe: Timeframe
  bar: Bar
}

/** What travels on the bus. Plain JSON data: the distributed bus serializes it. */
export type BusMessage = TickMessage | BarMessage

/**
 * Receives one message. Messages are shared between subscribers: treat them as read-only.
 * A returned promise keeps the subscription busy until it settles; meanwhile newer messages
 * wait in the subscription's bounded queue (see OverflowPolicy), never in the publisher.
 */
export type BusHandler = (message: BusMessage, topic: string) => void | Promise<void>

/**
 * What a full or busy subscription does with new messages:
 * - `coalesce`: keep only the latest message per topic (per instrument) — a late reader of
 *   ticks wants the current price, not the backlog. Default for tick patterns.
 * - `drop-oldest`: keep the newest `capacity` messages in order. Default for other patterns
 *   (candles), whose readers want each one.
 */
export type OverflowPolicy = 'coalesce' | 'drop-oldest'

export interface SubscribeOptions {
  /**
   * The tenant this subscriber acts for; only that tenant's `tenant.<id>.…` topics are open
   * to it. Null or absent: shared topics only. Prefer `bus.forTenant(id)` for plugin code.
   */
  tenantId?: string | null
  policy?: OverflowPolicy
  /** Most messages (coalesce: most topics) waiting for this subscriber. Default 1024. */
  capacity?: number
  /**
   * `new` (default): messages published from now on. `last`: first the latest retained
   * message of every matching topic (a late joiner sees current prices and the last candle
   * at once), then new ones.
   */
  replay?: 'new' | 'last'
  /** Called when the handler throws or rejects; the subscription keeps going. */
  onError?: (error: unknown, topic: string) => void
}

export interface SubscriptionStats {
  id: number
  pattern: string
  tenantId: string | null
  policy: OverflowPolicy
  capacity: number
  /** Messages handed to the handler. */
  delivered: number
  /** Messages replaced by a newer one for the same topic before delivery (coalesce). */
  coalesced: number
  /** Messages discarded because the queue was full. */
  dropped: number
  /** Handler calls that threw or rejected. */
  errors: number
  /** Messages waiting now, and the most that ever waited. */
  queued: number
  maxQueued: number
  /** Longest wait (ms) in this subscriber's queue: from the oldest undelivered message of a
   * topic reaching it (publish in-process, arrival from NATS) to its delivery. */
  maxLagMs: number
}

export interface Subscription {
  readonly id: number
  readonly pattern: string
  /** Resolves when messages published from now on will be delivered (at once in-process). */
  readonly ready: Promise<void>
  stats(): SubscriptionStats
  /** Stops delivery; messages still queued are discarded. Idempotent. */
  unsubscribe(): void
}

export interface BusStats {
  kind: 'memory' | 'nats'
  /** Messages published through this bus instance. */
  published: number
  /** Messages that reached this instance from the transport (the distributed bus). */
  received: number
  /** Received messages that were not bus messages (distributed bus; always 0 in-process). */
  malformed: number
  connected: boolean
  subscriptions: SubscriptionStats[]
}

/** A view of the bus for code acting for one tenant: every subscription is bound to it. */
export interface TenantBus {
  readonly tenantId: string
  subscribe(
    pattern: string,
    handler: BusHandler,
    options?: Omit<SubscribeOptions, 'tenantId'>,
  ): Subscription
}

/**
 * The tick bus: market data by topic (see topics.ts) from feeds to strategies, scanners and
 * the app. Implementations: `createMemoryBus` (in-process, the embedded default) and
 * `createNatsBus` (JetStream, shared by several core processes); both pass the same suite.
 */
export interface TickBus {
  readonly kind: 'memory' | 'nats'
  /** Publishes to a concrete topic; never waits for or runs subscribers. */
  publish(topic: string, message: BusMessage): void
  /** Throws TopicError for a bad pattern, EntitlementError for another tenant's topics. */
  subscribe(pattern: string, handler: BusHandler, options?: SubscribeOptions): Subscription
  forTenant(tenantId: string): TenantBus
  stats(): BusStats
  /** Resolves when everything published so far has left this process (in-process: at once). */
  flush(): Promise<void>
  /** Ends every subscription and releases the transport. Later calls throw BusError. */
  close(): Promise<void>
}

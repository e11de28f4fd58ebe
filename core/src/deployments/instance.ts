import {
  type BatchOutput,
  type OrderIntent,
  type ParamValues,
  type PluginEvent,
  type PluginManifest,
  PROTOCOL_LIMITS,
} from '@vm-algo/plugins'
import { barCloseTime } from '../backtest/market-rules.ts'
import { barTopic, tickTopic } from '../bus/topics.ts'
import type { BusMessage, Subscription, TickBus } from '../bus/types.ts'
import type { Bar, Timeframe } from '../market/types.ts'
import { SandboxError, type SandboxPool, type Tier } from '../sandbox/index.ts'
import { PaperBook } from './paper.ts'

/** Bars before `before` (open time, ms) of one series, oldest first, at most `count`. */
export type HistorySource = (
  symbol: string,
  timeframe: Timeframe,
  before: number,
  count: number,
) => Promise<Bar[]>

/** What one activation produced, for the owner to store. */
export interface InstanceOutput {
  intents: { intent: OrderIntent; marketTime: number }[]
  logs: BatchOutput['logs']
  matches: BatchOutput['matches']
  /** Present when a checkpoint was asked for: the plugin's state and the paper positions. */
  checkpoint?: InstanceCheckpoint
  /** Market time of the newest event of the batch. */
  marketTime: number
}

export interface InstanceCheckpoint {
  plugin: unknown
  positions: ReturnType<PaperBook['snapshot']>
}

/** Why an instance ended by itself. `retryable`: not the plugin's fault (its worker died). */
export interface InstanceFailure {
  code: string
  message: string
  retryable: boolean
}

export interface InstanceOptions {
  pool: SandboxPool
  bus: TickBus
  tenantId: string
  /** The deployment or scan id: names the sandbox and the random seed. */
  id: string
  tier: Tier
  code: string
  manifest: PluginManifest
  params: ParamValues
  symbols: readonly string[]
  /** Timeframes fed to the plugin; default the manifest's. */
  timeframes?: readonly Timeframe[]
  exchange?: string
  /** Where the last checkpoint left off (from the database). */
  checkpoint?: InstanceCheckpoint | null
  history?: HistorySource
  /** Paper fills against 1-minute bars (strategies); scanners place no orders. */
  paper: boolean
  /** Stores one activation's output; the next activation waits for it. */
  sink(output: InstanceOutput): Promise<void>
  /** The instance stopped by itself; the owner records why and disposes it. */
  onFailure(failure: InstanceFailure): void
  /** Ask for a checkpoint at most this often (wall ms). Default 30 s. */
  checkpointEveryMs?: number
  /** Most events waiting for the plugin; older ones are dropped past it. Default 5,000. */
  queueCapacity?: number
}

/** Consecutive non-fatal errors (invalid output, over a limit) before the instance fails. */
const MAX_SOFT_ERRORS = 3

/**
 * One running plugin: a sandbox fed from the shared bus. Bars (and ticks, when the manifest
 * asks) of its symbols queue up while the plugin works on the previous batch, and go in as one
 * batch: one call into the isolate however many arrived, so a slow plugin falls behind by
 * batching rather than stalling the bus. Before the first bar of each series, `history`
 * warms the plugin's indicators (`warmup`: no hook runs). Strategies trade on a paper book
 * whose fills reach the plugin as order events before the bar they happened in.
 */
export class PluginInstance {
  readonly id: string
  readonly tenantId: string
  #sandbox: Awaited<ReturnType<SandboxPool['load']>> | null = null
  readonly #opts: InstanceOptions
  readonly #book = new PaperBook()
  readonly #subs: Subscription[] = []
  #queue: PluginEvent[] = []
  /** Series (symbol|timeframe) whose history is still to be sent, with their first bar. */
  readonly #warm = new Map<string, { symbol: string; timeframe: Timeframe; before: number }>()
  readonly #warmed = new Set<string>()
  #draining: Promise<void> | null = null
  #now = 0
  #lastCheckpoint = Date.now()
  #softErrors = 0
  #closed = false
  /** Events discarded because the plugin could not keep up (reported in a log line). */
  dropped = 0
  batches = 0

  constructor(opts: InstanceOptions) {
    this.#opts = opts
    this.id = opts.id
    this.tenantId = opts.tenantId
  }

  get timeframes(): readonly Timeframe[] {
    return this.#opts.timeframes ?? this.#opts.manifest.timeframes
  }

  /** Loads the plugin, runs `onStart` (with the saved state), then subscribes to the bus. */
  async start(): Promise<InstanceOutput> {
    const o = this.#opts
    this.#sandbox = await o.pool.load({
      tenantId: o.tenantId,
      deploymentId: o.id,
      tier: o.tier,
      code: o.code,
    })
    this.#book.restore(o.checkpoint?.positions)
    const out = await this.#sandbox.init({
      params: o.params,
      seed: seedOf(o.id),
      ...(o.checkpoint?.plugin !== undefined ? { state: o.checkpoint.plugin } : {}),
    })
    if (out.error) throw new PluginHookError(out.error)
    const first = this.#collect(out, [], 0)
    // Tenant-bound: the plugin can only ever be fed shared data or its own tenant's feed.
    const bus = o.bus.forTenant(o.tenantId)
    const exchange = o.exchange ?? 'NSE'
    const onMessage = (m: BusMessage) => this.#onMessage(m)
    const wanted = new Set<Timeframe>(this.timeframes)
    if (o.paper) wanted.add('1m')
    for (const symbol of o.symbols) {
      for (const tf of wanted) {
        this.#subs.push(
          bus.subscribe(barTopic(tf, exchange, symbol), onMessage, { capacity: 4096 }),
        )
      }
      if (o.manifest.ticks) {
        this.#subs.push(bus.subscribe(tickTopic(exchange, symbol), onMessage))
      }
    }
    await Promise.all(this.#subs.map((s) => s.ready))
    return first
  }

  #onMessage(m: BusMessage): void {
    if (this.#closed) return
    const events: PluginEvent[] = []
    if (m.type === 'bar') {
      if (this.#opts.paper && m.timeframe === '1m') {
        for (const update of this.#book.onBar(m.symbol, m.bar)) {
          events.push({ type: 'order', update })
        }
      }
      if (this.timeframes.includes(m.timeframe)) {
        const key = `${m.symbol}|${m.timeframe}`
        if (!this.#warmed.has(key)) {
          this.#warmed.add(key)
          if (this.#opts.history) {
            this.#warm.set(key, { symbol: m.symbol, timeframe: m.timeframe, before: m.bar.ts })
          }
        }
        events.push({ type: 'bar', symbol: m.symbol, timeframe: m.timeframe, bar: m.bar })
      }
    } else if (this.#opts.manifest.ticks) {
      const t = m.tick
      events.push({
        type: 'tick',
        symbol: t.symbol,
        ts: t.ts,
        price: t.price,
        ...(t.volume !== undefined ? { volume: t.volume } : {}),
      })
    }
    if (events.length === 0) return
    this.#queue.push(...events)
    const capacity = this.#opts.queueCapacity ?? 5_000
    if (this.#queue.length > capacity) {
      const excess = this.#queue.length - capacity
      this.#queue.splice(0, excess)
      this.dropped += excess
    }
    this.#kick()
  }

  #kick(): void {
    if (this.#draining || this.#closed) return
    this.#draining = this.#drain().finally(() => {
      this.#draining = null
      if (this.#queue.length > 0) this.#kick()
    })
  }

  async #drain(): Promise<void> {
    while (!this.#closed && (this.#queue.length > 0 || this.#warm.size > 0)) {
      try {
        await this.#warmUp()
        if (this.#queue.length === 0) continue
        const events = this.#queue.splice(0, PROTOCOL_LIMITS.maxEventsPerBatch)
        await this.#runBatch(events)
      } catch (e) {
        this.#fail(e)
        return
      }
    }
  }

  async #warmUp(): Promise<void> {
    const history = this.#opts.history
    if (!history || this.#warm.size === 0) return
    const series = [...this.#warm.values()]
    this.#warm.clear()
    const count = this.#opts.manifest.history
    for (const s of series) {
      const bars = await history(s.symbol, s.timeframe, s.before, count)
      if (bars.length === 0) continue
      const events: PluginEvent[] = bars.map((bar) => ({
        type: 'bar',
        symbol: s.symbol,
        timeframe: s.timeframe,
        bar,
      }))
      const last = bars[bars.length - 1]!
      const now = Math.max(this.#now, barCloseTime(last.ts, s.timeframe))
      const out = await this.#sandbox!.run({ now, events, positions: {}, warmup: true })
      if (out.error) throw new PluginHookError(out.error)
    }
  }

  async #runBatch(events: PluginEvent[]): Promise<void> {
    const sb = this.#sandbox
    if (!sb) return
    const now = Math.max(this.#now, marketTimeOf(events))
    this.#now = now
    const every = this.#opts.checkpointEveryMs ?? 30_000
    const wantState = Date.now() - this.#lastCheckpoint >= every
    let out: BatchOutput
    try {
      // Stamped: each intent and log says which event it came from, so a batch of several
      // bars (a plugin behind the feed) still records each at its own bar's time.
      out = await sb.run({ now, events, positions: this.#book.positions(), wantState, stamp: true })
      this.#softErrors = 0
    } catch (e) {
      // Invalid output or a limit: this batch's output is discarded, the plugin lives on;
      // a plugin that keeps doing it is stopped.
      if (e instanceof SandboxError && !e.fatal && ++this.#softErrors < MAX_SOFT_ERRORS) {
        await this.#opts.sink({
          intents: [],
          logs: [{ level: 'error', message: `${e.name}: ${e.message}`, ts: now }],
          matches: [],
          marketTime: now,
        })
        return
      }
      throw e
    }
    this.batches++
    if (out.error) {
      // What the plugin did at the bars before the one that threw stands, as it would had
      // those bars come in batches of their own (a plugin behind the feed gets several at
      // once), and its log lines explain the failure. No checkpoint: the state is mid-failure.
      const { state: _midFailure, ...done } = out
      await this.#opts.sink(this.#collect(done, events, now))
      throw new PluginHookError(out.error)
    }
    if (wantState) this.#lastCheckpoint = Date.now()
    await this.#opts.sink(this.#collect(out, events, now))
  }

  /** Applies intents to the paper book (refusals go back as order events) and packs output. */
  #collect(out: BatchOutput, events: PluginEvent[], now: number): InstanceOutput {
    const fallback = events.length > 0 ? now : (out.logs.at(-1)?.ts ?? now)
    const timeOf = (at: number | undefined) => {
      const event = at === undefined ? undefined : events[at]
      return (event && marketTimeOf([event])) || fallback
    }
    const intents: InstanceOutput['intents'] = []
    for (const { at, ...emitted } of out.intents) {
      // Stored exactly as the plugin emitted it: `at` is the runtime's stamp, not the plugin's.
      const intent = emitted as OrderIntent
      intents.push({ intent, marketTime: timeOf(at) })
      if (!this.#opts.paper) continue
      for (const update of this.#book.accept(intent)) this.#queue.unshift({ type: 'order', update })
    }
    const logs = out.logs.map(({ at, ...l }) => (at === undefined ? l : { ...l, ts: timeOf(at) }))
    if (this.dropped > 0) {
      logs.push({
        level: 'warn',
        message: `${this.dropped} market events were dropped: the plugin is slower than the feed`,
        ts: now,
      })
      this.dropped = 0
    }
    return {
      intents,
      logs,
      matches: out.matches,
      marketTime: fallback,
      ...(out.state !== undefined
        ? { checkpoint: { plugin: out.state, positions: this.#book.snapshot() } }
        : {}),
    }
  }

  /** Takes the plugin's state without running a hook (pause): one empty batch. */
  async checkpoint(): Promise<InstanceCheckpoint | null> {
    await this.#quiesce()
    if (this.#sandbox?.status !== 'ready') return null
    const out = await this.#sandbox.run({
      now: this.#now,
      events: [],
      positions: this.#book.positions(),
      wantState: true,
    })
    return { plugin: out.state, positions: this.#book.snapshot() }
  }

  /** Runs `onStop` and returns its output (with the final state). */
  async stop(): Promise<InstanceOutput | null> {
    await this.#quiesce()
    if (this.#sandbox?.status !== 'ready') return null
    const out = await this.#sandbox.stop({ now: this.#now })
    if (out.error) throw new PluginHookError(out.error)
    return {
      ...this.#collect(out, [], this.#now),
      checkpoint: { plugin: out.state, positions: this.#book.snapshot() },
    }
  }

  /** Stops feeding and waits for the batch in flight; queued events are discarded. */
  async #quiesce(): Promise<void> {
    for (const s of this.#subs.splice(0)) s.unsubscribe()
    this.#queue = []
    this.#warm.clear()
    await this.#draining?.catch(() => {})
  }

  /** Unsubscribes and disposes the isolate (no hook runs). Idempotent. */
  async dispose(): Promise<void> {
    for (const s of this.#subs.splice(0)) s.unsubscribe()
    this.#closed = true
    this.#queue = []
    await this.#draining?.catch(() => {})
    await this.#sandbox?.dispose()
  }

  #fail(e: unknown): void {
    if (this.#closed) return
    this.#closed = true
    for (const s of this.#subs.splice(0)) s.unsubscribe()
    this.#opts.onFailure(describeFailure(e))
  }

  /** Why the sandbox died on its own (its worker process exited), noticed without a batch. */
  sandboxFailure(): InstanceFailure | null {
    const sb = this.#sandbox
    return sb && sb.status === 'failed' && sb.failure ? describeFailure(sb.failure) : null
  }

  stats() {
    return {
      batches: this.batches,
      queued: this.#queue.length,
      sandbox: this.#sandbox?.stats() ?? null,
    }
  }
}

/** A hook threw inside the plugin; the SDK caught and reported it (already sanitized). */
export class PluginHookError extends Error {
  readonly code = 'plugin_error'
  constructor(error: { name: string; message: string }) {
    super(`${error.name}: ${error.message}`)
    this.name = 'PluginHookError'
  }
}

const MAX_ERROR_CHARS = 2_000

/** The user-facing reason: the sandbox's own typed messages never hold host paths. */
export function describeFailure(e: unknown): InstanceFailure {
  if (e instanceof SandboxError) {
    return {
      code: e.code,
      message: `${e.name}: ${e.message}`.slice(0, MAX_ERROR_CHARS),
      retryable: e.fatal && e.retryable,
    }
  }
  if (e instanceof PluginHookError) {
    return { code: e.code, message: e.message.slice(0, MAX_ERROR_CHARS), retryable: false }
  }
  // Anything else is ours (the database, a bug): not the plugin's fault, worth a retry.
  return { code: 'engine_error', message: 'The engine hit an internal error.', retryable: true }
}

function marketTimeOf(events: readonly PluginEvent[]): number {
  let t = 0
  for (const e of events) {
    const ts = e.type === 'bar' ? barCloseTime(e.bar.ts, e.timeframe) : e.type === 'tick' ? e.ts : 0
    if (ts > t) t = ts
  }
  return t
}

/** A stable 32-bit seed per deployment: a restarted plugin draws the same random numbers. */
function seedOf(id: string): number {
  let h = 2166136261
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619)
  return h >>> 0
}

import {
  BAR_FLAGS,
  type BatchOutput,
  type DataInput,
  type FillRulesInput,
  type OrderIntent,
  PACKED_WINDOW_COLUMNS,
  type PluginEvent,
  PROTOCOL_LIMITS,
  type RangeAccount,
} from '@vm-algo/plugins'
import { DAY_MS } from '../../market/time.ts'
import type { PackedWindow, Sandbox } from '../../sandbox/index.ts'
import { StrategyContractError } from '../errors.ts'
import { MIS_SQUARE_OFF } from '../market-rules.ts'
import { eventDay } from '../timeline.ts'
import type {
  BatchStrategy,
  BlockInput,
  BlockOutput,
  FeedView,
  FillRules,
  SpeculatedFill,
  StrategySetup,
  TimedIntent,
  TimelineView,
} from '../types.ts'
import { RangePacer } from './pacer.ts'

export interface SandboxedStrategyOptions {
  /** The plugin's parameter values; default the backtest's `params` (the plugin checks them). */
  params?: Readonly<Record<string, number | string | boolean>>
  /**
   * Called with log entries and the timeline event during which they were written. Without it
   * the plugin's `ctx.log` keeps nothing during the run (`RangeInput.quiet`).
   */
  onLogs?: (logs: { level: string; message: string; ts: number }[], at: number) => void
  /** Timeline events sent to the sandbox per `data` window. Default 16,384. */
  windowEvents?: number
}

const MAX_REASON_CHARS = PROTOCOL_LIMITS.maxErrorMessageChars
const WINDOW_EVENTS = 16_384

/**
 * Runs a plugin loaded in a sandbox as a `BatchStrategy` of the backtester.
 *
 * The bars go to the sandbox ahead of time, a window of the timeline per `data` call; each
 * block is then delivered by `range` calls, each one crossing for many bars, sized to the
 * tier's CPU budget per call. The SDK runs the bar loop inside the isolate and stamps what the
 * plugin emits with its event; it stops after the event of the first intent, and the block
 * ends there (`consumed`), so the engine fills the order at the next bar's open and reports
 * the fill before the plugin handles that bar, as live. Positions and order updates come from
 * the host's ledger at each block start (the plugin's own belief is never used); the engine
 * ends blocks before any bar where it may act on its own (a working order, a bracket, the MIS
 * square-off), so nothing changes behind the plugin's back.
 *
 * A hook that throws (`BatchOutput.error`) stops the backtest with a `StrategyContractError`
 * carrying the plugin's (already sanitized) message.
 *
 * @example
 * const sb = await pool.load({ tenantId, deploymentId, tier: 'pro', code })
 * const result = await runBacktest({ feeds, capital: 1e6, strategy: sandboxedStrategy(sb, { params }) })
 */
export function sandboxedStrategy(
  sandbox: Sandbox,
  options: SandboxedStrategyOptions = {},
): BatchStrategy {
  let feeds: readonly FeedView[] = []
  let rules: FillRules | undefined
  let timeline: TimelineView = {
    length: 0,
    feed: new Int32Array(0),
    row: new Int32Array(0),
    time: new Float64Array(0),
  }
  /** Timeline events held by the sandbox: [windowStart, windowEnd). */
  let windowStart = 0
  let windowEnd = 0
  const pace = new RangePacer(sandbox.limits.cpuMsPerBatch)
  // Without a listener the plugin's log lines would be made, sent and checked for nothing
  // (and end ranges at the tier's lines per call).
  const quiet = options.onLogs ? {} : { quiet: true }
  const windowEvents = options.windowEvents ?? WINDOW_EVENTS

  // Unknown until the first window: a plugin built with an SDK before packed windows refuses
  // one (a ProtocolError); it gets every window of the run as arrays in the JSON instead.
  let packed: boolean | undefined

  // One block for every window of the run: `preload` has sent it (serialized to the worker
  // process) before it resolves, and the next window is written only after that. A fresh
  // 1.2 MB buffer per window kept the host's GC busy (external memory counts toward it).
  let block = new Float64Array(0)

  async function preload(from: number): Promise<void> {
    const n = Math.min(timeline.length, from + windowEvents) - from
    if (block.length < n * PACKED_WINDOW_COLUMNS.length)
      block = new Float64Array(n * PACKED_WINDOW_COLUMNS.length)
    const window = windowOf(feeds, timeline, from, n, rules, block)
    let out = await sandbox.preload(packed === false ? unpacked(window) : window)
    if (packed === undefined && out.error?.name === 'ProtocolError') {
      out = await sandbox.preload(unpacked(window))
      packed = false
    }
    packed ??= !out.error
    if (out.error) throw pluginError(out.error)
    windowStart = from
    windowEnd = Math.min(timeline.length, from + windowEvents)
  }

  return {
    // The SDK reports market fills and square-offs itself and stops where only the host can act.
    fillsAhead: true,
    async init(setup: StrategySetup): Promise<void> {
      feeds = setup.feeds
      rules = setup.fills
      timeline = setup.timeline
      windowStart = 0
      windowEnd = 0
      const params = (options.params ?? setup.params) as Record<string, number | string | boolean>
      const now = timeline.length > 0 ? firstOpen(setup) : Date.now()
      const out = await sandbox.init({ params, seed: setup.seed >>> 0, now })
      if (out.error) throw pluginError(out.error)
    },

    async onBlock({ from, to, state }: BlockInput): Promise<BlockOutput> {
      const positions: Record<string, { qty: number; avgPrice: number }> = {}
      const open: RangeAccount['open'] = {}
      for (const [symbol, p] of Object.entries(state.positions)) {
        positions[symbol] = { qty: p.qty, avgPrice: p.avgPrice }
        open[symbol] = { product: p.product, last: p.last }
      }
      const account: RangeAccount = { cash: state.cash, open }
      // Updates from the open of bar `from` (fills, cancellations) reach the plugin first.
      let events: PluginEvent[] = state.orderUpdates.map((u) => ({
        type: 'order',
        update:
          u.reason !== undefined && u.reason.length > MAX_REASON_CHARS
            ? { ...u, reason: u.reason.slice(0, MAX_REASON_CHARS) }
            : u,
      }))
      const intents: TimedIntent[] = []
      const speculated: SpeculatedFill[] = []
      const refused: string[] = []
      let k = from
      while (k < to) {
        if (k < windowStart || k >= windowEnd) await preload(k)
        const end = Math.min(to, windowEnd, k + pace.size())
        const cpuBefore = sandbox.stats().cpuMs
        const now = timeline.time[k]!
        // Later ranges of the block go on from the positions the SDK holds (it may have
        // filled market orders since the block began).
        const out = await sandbox.range(
          k === from
            ? { now, from: k, to: end, events, positions, account, ...quiet }
            : { now, from: k, to: end, events: [], positions: {}, resume: true, ...quiet },
        )
        // Index `at` of the range → timeline event: updates count as part of its first bar.
        const first = k
        const updates = events.length
        const eventOf = (at: number | undefined) =>
          at === undefined ? first : Math.max(first, first + at - updates)
        events = []
        if (out.error) throw pluginError(out.error)
        if (out.logs.length > 0) reportLogs(out.logs, eventOf, options.onLogs)
        if (out.handled === undefined) {
          // A plugin built with an SDK before fill rules: it stops after its first intent.
          if (out.intents.length > 0) return cutAtFirstIntent(out.intents, eventOf, from)
        } else {
          for (const { at, ...intent } of out.intents)
            intents.push({ at: eventOf(at), intent: intent as OrderIntent })
          for (const f of out.fills ?? []) speculated.push({ ...f, at: eventOf(f.at) })
          for (const id of out.refused ?? []) refused.push(id)
          const done = k + out.handled
          if (done < end || out.hostTurn) {
            if (done <= from) throw new StrategyContractError('plugin failed: it handled no bar')
            return { intents, consumed: done - from, speculated, refused }
          }
        }
        pace.record(end - k, sandbox.stats().cpuMs - cpuBefore)
        k = end
      }
      return { intents, speculated, refused }
    },
  }
}

// The plugin stopped after the event of its first intent: the block ends there, and intents
// stamped later (only a plugin that tampered with the SDK does that) are refused by the engine.
function cutAtFirstIntent(
  emitted: readonly OrderIntent[],
  eventOf: (at: number | undefined) => number,
  from: number,
): BlockOutput {
  const intents: TimedIntent[] = emitted.map(({ at, ...intent }) => ({
    at: eventOf(at),
    intent: intent as OrderIntent,
  }))
  let first = intents[0]!.at
  for (const t of intents) first = Math.min(first, t.at)
  return { intents, consumed: first - from + 1 }
}

function reportLogs(
  logs: BatchOutput['logs'],
  eventOf: (at: number | undefined) => number,
  onLogs: SandboxedStrategyOptions['onLogs'],
): void {
  if (!onLogs) return
  let i = 0
  while (i < logs.length) {
    const at = eventOf(logs[i]!.at)
    const group: { level: string; message: string; ts: number }[] = []
    for (; i < logs.length && eventOf(logs[i]!.at) === at; i++) {
      const { level, message, ts } = logs[i]!
      group.push({ level, message, ts })
    }
    onLogs(group, at)
  }
}

/**
 * Timeline events `from .. from + n - 1` as a packed `data` window, written into `block`: each event's bar and
 * close, its series, and with the host's fill rules its flags (the host's bar flags of execution
 * series; no new MIS orders from 15:20 IST). Packed, no number becomes text on its way in.
 */
function windowOf(
  feeds: readonly FeedView[],
  timeline: TimelineView,
  from: number,
  n: number,
  rules: FillRules | undefined,
  block: Float64Array,
): PackedWindow {
  const columns = block.subarray(0, n * PACKED_WINDOW_COLUMNS.length)
  const column = (name: PackedColumn) => packedColumn(columns, n, name)
  const time = column('time')
  const ts = column('ts')
  const open = column('open')
  const high = column('high')
  const low = column('low')
  const close = column('close')
  const volume = column('volume')
  const feed = column('feed')
  const flags = column('flags')
  // The block held the last window: without rules nothing below writes the flags.
  if (!rules) flags.fill(0)
  // The IST day of the event before, as the bounds [dayFrom, dayFrom + DAY_MS) of its
  // `time - 1` (eventDay's rule): times rise, so the day is worked out again only when an event
  // leaves it, not with a division and a remainder per event.
  let dayFrom = from > 0 ? eventDay(timeline, from - 1) : Number.NaN
  for (let i = 0; i < n; i++) {
    const k = from + i
    const fi = timeline.feed[k]!
    const f = feeds[fi]!
    const r = timeline.row[k]!
    const t = timeline.time[k]!
    time[i] = t
    ts[i] = f.ts[r]!
    open[i] = f.open[r]!
    high[i] = f.high[r]!
    low[i] = f.low[r]!
    close[i] = f.close[r]!
    volume[i] = f.volume[r]!
    feed[i] = fi
    if (rules) {
      const dayStart = !(t - 1 >= dayFrom && t - 1 < dayFrom + DAY_MS)
      if (dayStart) dayFrom = eventDay(timeline, k)
      // Time of day of `time` itself: one day on when the bar closes at midnight.
      let clock = t - dayFrom
      if (clock >= DAY_MS) clock -= DAY_MS
      const misClosed = clock >= MIS_SQUARE_OFF ? BAR_FLAGS.misClosed : 0
      flags[i] = (rules.feeds[fi]?.flags[r] ?? 0) | misClosed | (dayStart ? BAR_FLAGS.dayStart : 0)
    }
  }
  const series = feeds.map((f) => ({ symbol: f.symbol, timeframe: f.timeframe }))
  const fills: FillRulesInput | undefined = rules && {
    slippage: rules.slippage,
    marginRate: rules.marginRate,
    chargeBound: rules.chargeBound,
    misCutoffReason: rules.misCutoffReason,
    exec: rules.feeds.map(
      (e) => e && { tick: e.tick, lot: e.lot, products: e.products, openOffset: e.openOffset },
    ),
  }
  return { start: from, series, columns, ...(fills ? { fills } : {}) }
}

type PackedColumn = (typeof PACKED_WINDOW_COLUMNS)[number]

/** Column `name` of a packed window's `columns` (`n` events each), as a view. */
function packedColumn(columns: Float64Array, n: number, name: PackedColumn): Float64Array {
  const c = PACKED_WINDOW_COLUMNS.indexOf(name)
  return columns.subarray(c * n, (c + 1) * n)
}

/** A packed window as a `DataInput`'s arrays, for plugins built before packed windows. */
function unpacked({ columns, ...header }: PackedWindow): Omit<DataInput, 'kind'> {
  const n = columns.length / PACKED_WINDOW_COLUMNS.length
  const column = (name: PackedColumn) => Array.from(packedColumn(columns, n, name))
  return {
    ...header,
    time: column('time'),
    ts: column('ts'),
    open: column('open'),
    high: column('high'),
    low: column('low'),
    close: column('close'),
    volume: column('volume'),
    ...(header.series.length > 1 ? { feed: column('feed') } : {}),
    ...(header.fills ? { flags: column('flags') } : {}),
  }
}

/** The open of the first bar: the plugin's clock at init, before any bar has closed. */
function firstOpen({ feeds, timeline }: StrategySetup): number {
  return feeds[timeline.feed[0]!]!.ts[timeline.row[0]!]!
}

function pluginError(error: { name: string; message: string }): StrategyContractError {
  return new StrategyContractError(`plugin failed: ${error.name}: ${error.message}`)
}

import { type PluginEvent, PROTOCOL_LIMITS } from '@vm-algo/plugins'
import type { Sandbox } from '../../sandbox/index.ts'
import { StrategyContractError } from '../errors.ts'
import type {
  BatchStrategy,
  BlockInput,
  BlockOutput,
  FeedView,
  StrategySetup,
  TimedIntent,
  TimelineView,
} from '../types.ts'

export interface SandboxedStrategyOptions {
  /** The plugin's parameter values; default the backtest's `params` (the plugin checks them). */
  params?: Readonly<Record<string, number | string | boolean>>
  /** Called with each batch's log entries and the timeline event that produced them. */
  onLogs?: (logs: { level: string; message: string; ts: number }[], at: number) => void
}

const MAX_REASON_CHARS = PROTOCOL_LIMITS.maxErrorMessageChars

/**
 * Runs a plugin loaded in a sandbox as a `BatchStrategy` of the backtester.
 *
 * The protocol's `BatchOutput` does not say during which event an intent was emitted, so the
 * adapter sends one `run` per bar time (the bars of every feed closing at that time), and
 * stamps what comes back with that event. This is correct but costs one isolate round trip
 * per bar time instead of one per block. Only the bars up to the current one ever reach the
 * isolate. Positions and order updates come from the host's ledger at each block start (the
 * plugin's own belief about its fills is never used). A block ends early after a bar time
 * that emitted intents, and lasts one bar time while orders are working, so the plugin
 * learns of every fill at the block start after it (the SDK's `openOrders` guard waits for
 * that report).
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
  let timeline: TimelineView = {
    length: 0,
    feed: new Int32Array(0),
    row: new Int32Array(0),
    time: new Float64Array(0),
  }

  return {
    async init(setup: StrategySetup): Promise<void> {
      feeds = setup.feeds
      timeline = setup.timeline
      const params = (options.params ?? setup.params) as Record<string, number | string | boolean>
      const now = timeline.length > 0 ? firstOpen(setup) : Date.now()
      const out = await sandbox.init({ params, seed: setup.seed >>> 0, now })
      if (out.error) throw pluginError(out.error)
    },

    async onBlock({ from, to, state }: BlockInput): Promise<BlockOutput> {
      const positions: Record<string, { qty: number; avgPrice: number }> = {}
      for (const [symbol, p] of Object.entries(state.positions)) {
        positions[symbol] = { qty: p.qty, avgPrice: p.avgPrice }
      }
      let pending: PluginEvent[] = state.orderUpdates.map((u) => ({
        type: 'order',
        update:
          u.reason !== undefined && u.reason.length > MAX_REASON_CHARS
            ? { ...u, reason: u.reason.slice(0, MAX_REASON_CHARS) }
            : u,
      }))
      const intents: TimedIntent[] = []
      let k = from
      while (k < to) {
        // Every event closing at the same time goes into one batch, stamped with the last.
        const now = timeline.time[k]!
        const events = pending
        pending = []
        let last = k
        for (; k < to && timeline.time[k] === now; k++) {
          events.push(barEvent(feeds[timeline.feed[k]!]!, timeline.row[k]!))
          last = k
        }
        const out = await sandbox.run({ now, events, positions })
        if (out.error) throw pluginError(out.error)
        if (out.logs.length > 0) options.onLogs?.(out.logs, last)
        for (const intent of out.intents) intents.push({ at: last, intent })
        // An order the plugin placed, or one still working, may fill at the next bar: end
        // the block here so the plugin hears of it (and of its position) before that bar.
        if (out.intents.length > 0 || state.openOrders.length > 0) break
      }
      return { intents, consumed: k - from }
    },
  }
}

function barEvent(feed: FeedView, r: number): PluginEvent {
  return {
    type: 'bar',
    symbol: feed.symbol,
    timeframe: feed.timeframe,
    bar: {
      ts: feed.ts[r]!,
      open: feed.open[r]!,
      high: feed.high[r]!,
      low: feed.low[r]!,
      close: feed.close[r]!,
      volume: feed.volume[r]!,
    },
  }
}

/** The open of the first bar: the plugin's clock at init, before any bar has closed. */
function firstOpen({ feeds, timeline }: StrategySetup): number {
  return feeds[timeline.feed[0]!]!.ts[timeline.row[0]!]!
}

function pluginError(error: { name: string; message: string }): StrategyContractError {
  return new StrategyContractError(`plugin failed: ${error.name}: ${error.message}`)
}

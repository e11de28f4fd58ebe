import { PROTOCOL_LIMITS as L } from '../constants.ts'
import { ist } from '../ist.ts'
import type { BarEvent, PluginError, PluginEvent, PluginManifest, Position } from '../types.ts'
import type { RunState } from './context.ts'
import { stringify } from './json.ts'
import { clip, describeError } from './output.ts'
import type { Speculation } from './speculation.ts'
import type { BarWindow } from './window.ts'

type Hook = (ctx: unknown, arg?: unknown) => unknown

/** A plugin definition checked by `buildManifest`. */
export interface LoadedPlugin {
  manifest: PluginManifest
  definition: Record<string, unknown>
}

export interface Run extends RunState {
  ctx: unknown
  /** Set once a hook returned a promise: its continuation could act at any later time. */
  broken?: PluginError
  /** Bars the host handed over ahead of time (`data`), delivered by `range` batches. */
  window?: BarWindow
  /** Market orders the SDK fills itself during `range` batches (window with fill rules). */
  speculation?: Speculation
}

/** Handles one event of a batch: updates the plugin's view and calls its hook, if any. */
export function handleEvent(
  plugin: LoadedPlugin,
  run: Run,
  event: PluginEvent,
  warmup: boolean,
): PluginError | undefined {
  switch (event?.type) {
    case 'bar': {
      const { symbol, bar } = event
      if (typeof symbol !== 'string' || typeof bar !== 'object' || bar === null)
        throw new TypeError('malformed bar event')
      const fresh = Object.freeze({
        ts: num(bar.ts, 'bar.ts'),
        open: num(bar.open, 'bar.open'),
        high: num(bar.high, 'bar.high'),
        low: num(bar.low, 'bar.low'),
        close: num(bar.close, 'bar.close'),
        volume: num(bar.volume, 'bar.volume'),
      })
      // The hook gets the bar ctx.bars keeps (frozen), as in a backtest's range.
      const checked: BarEvent = { type: 'bar', symbol, timeframe: event.timeframe, bar: fresh }
      return handleBar(plugin, run, checked, warmup)
    }
    case 'tick': {
      run.market.setTickPrice(event.symbol, num(event.price, 'tick.price'))
      if (warmup || !run.universe.has(event.symbol)) return undefined
      run.eventTs = num(event.ts, 'tick.ts')
      return callHook(
        run,
        () => `onTick(${event.symbol} ${ist(event.ts).text} IST)`,
        plugin.definition.onTick,
        event,
      )
    }
    case 'order': {
      const known = run.orders.update(event.update)
      if (!known || warmup) return undefined
      run.eventTs = run.now
      return callHook(
        run,
        () => `onOrderUpdate(${event.update.clientOrderId})`,
        plugin.definition.onOrderUpdate,
        { ...event.update },
      )
    }
    default:
      throw new TypeError(`unknown event type ${stringify((event as { type?: unknown })?.type)}`)
  }
}

/**
 * Adds a closed bar (already checked and frozen: `ctx.bars` keeps it as it is) to the plugin's
 * history and calls its bar hook, unless the bar is a repeat, history only, or outside the
 * manifest's universe and timeframes.
 */
export function handleBar(
  plugin: LoadedPlugin,
  run: Run,
  event: BarEvent,
  warmup: boolean,
): PluginError | undefined {
  const { symbol, timeframe, bar } = event
  const fresh = run.market.pushBar(symbol, timeframe, bar)
  if (!fresh || warmup || !run.market.hooked(symbol, timeframe)) return undefined
  const hooks = plugin.definition.onBar
  const hook =
    typeof hooks === 'function'
      ? hooks
      : (hooks as Record<string, unknown> | undefined)?.[timeframe]
  run.eventTs = bar.ts
  return callHook(run, whereOnBar, hook, event)
}

// One function for every bar, given the event, rather than a closure made per bar.
const whereOnBar = (event: unknown): string => {
  const { symbol, timeframe, bar } = event as BarEvent
  return `onBar(${symbol} ${timeframe} ${ist(bar.ts).text} IST)`
}

/**
 * Runs one hook; if it throws, what it emitted is dropped and the error says where it happened
 * (`where` is only worked out then: it formats a date, too slow for every bar).
 */
export function callHook(
  run: Run,
  where: (arg: unknown) => string,
  hook: unknown,
  arg?: unknown,
): PluginError | undefined {
  if (typeof hook !== 'function') return undefined
  const output = run.output
  const markIntents = output.intents.length
  const markMatches = output.matches.length
  try {
    const result = (hook as Hook)(run.ctx, arg)
    if (isThenable(result)) {
      run.broken = {
        name: 'AsyncHookError',
        message: `${where(arg)} returned a promise: hooks must be synchronous (no async/await)`,
      }
      throw run.broken
    }
    return undefined
  } catch (e) {
    const placed = output.intents
      .slice(markIntents)
      .flatMap((i) => (i.action === 'place' ? [i.clientOrderId] : []))
    run.orders.forget(placed)
    output.rollback({ intents: markIntents, matches: markMatches })
    if (e === run.broken) return run.broken
    const err = describeError(e)
    return {
      name: err.name,
      message: clip(`${where(arg)}: ${err.message}`, L.maxErrorMessageChars),
    }
  }
}

export function readPositions(value: unknown): Map<string, Position> {
  const out = new Map<string, Position>()
  if (value === undefined) return out
  if (typeof value !== 'object' || value === null)
    throw new TypeError('positions must be an object')
  for (const [symbol, p] of Object.entries(value as Record<string, Position>)) {
    out.set(symbol, {
      qty: num(p?.qty, 'position.qty'),
      avgPrice: num(p?.avgPrice, 'position.avgPrice'),
    })
  }
  return out
}

export function num(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new TypeError(`${what} must be a finite number`)
  return value
}

function isThenable(value: unknown): boolean {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  )
}

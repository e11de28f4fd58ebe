import { PROTOCOL_LIMITS as L, SDK_VERSION } from '../constants.ts'
import type { PluginState } from '../context.ts'
import { ist } from '../ist.ts'
import { validateParams } from '../params.ts'
import type {
  BatchInput,
  DescribeOutput,
  InitInput,
  PluginError,
  PluginEvent,
  PluginManifest,
  Position,
  StopInput,
} from '../types.ts'
import { type RunState, scannerContext, strategyContext } from './context.ts'
import { parse, stringify } from './json.ts'
import { buildManifest } from './manifest.ts'
import { MarketData } from './market.ts'
import { OrderBook } from './orders.ts'
import { clip, describeError, Output } from './output.ts'
import { SeededRandom } from './random.ts'
import { restore, withState } from './snapshot.ts'

// Math.random draws from the running plugin's seeded sequence (one plugin per context), from
// the moment the SDK loads: even an author's top-level code gets reproducible numbers.
let currentRandom = new SeededRandom(0)
replaceMathRandom(() => currentRandom.next())

type Hook = (ctx: unknown, arg?: unknown) => unknown

/** A plugin definition checked by `buildManifest`. */
export interface LoadedPlugin {
  manifest: PluginManifest
  definition: Record<string, unknown>
}

interface Run extends RunState {
  ctx: unknown
  /** Set once a hook returned a promise: its continuation could act at any later time. */
  broken?: PluginError
}

const protocolError = (message: string): PluginError => ({ name: 'ProtocolError', message })

/**
 * Checks a definition and builds its dispatcher without installing it anywhere (what
 * `defineStrategy` does before it installs the global; tests use it directly).
 */
export function loadPlugin(
  kind: PluginManifest['kind'],
  definition: unknown,
): { manifest: PluginManifest; dispatch: (input: string) => string } {
  const manifest = buildManifest(kind, definition)
  const dispatch = createDispatcher({ manifest, definition: definition as Record<string, unknown> })
  return { manifest, dispatch }
}

/**
 * Builds `__vmAlgoDispatch` for one plugin: JSON in, JSON out, never throws. Each call handles
 * a whole batch, so the host crosses into the sandbox once per batch.
 */
export function createDispatcher(plugin: LoadedPlugin): (input: string) => string {
  let run: Run | undefined
  let stopped = false

  return function dispatch(input: string): string {
    let message: { kind?: unknown }
    try {
      message = parse(String(input))
      if (typeof message !== 'object' || message === null)
        throw new TypeError('input is not an object')
    } catch (e) {
      return new Output(() => 0).finish({
        error: protocolError(`bad input: ${describeError(e).message}`),
      })
    }
    if (message.kind === 'describe') {
      return stringify({
        manifest: plugin.manifest,
        sdkVersion: SDK_VERSION,
      } satisfies DescribeOutput)
    }
    const output = new Output(() => run?.now ?? 0)
    try {
      if (message.kind === 'init') {
        if (run || stopped) return output.finish({ error: protocolError('init was already sent') })
        const started = start(plugin, message as InitInput, output)
        if ('error' in started) return output.finish({ error: started.error })
        run = started.run
        currentRandom = run.random
        return output.finish({ error: callHook(run, 'onStart', plugin.definition.onStart) })
      }
      if (!run) return output.finish({ error: protocolError('send init first') })
      if (stopped) return output.finish({ error: protocolError('the plugin was stopped') })
      if (run.broken) return output.finish({ error: run.broken })
      run.output = output
      if (message.kind === 'batch') {
        const batch = message as BatchInput
        const error = handleBatch(plugin, run, batch)
        return output.finish(batch.wantState ? withState(run, error) : { error })
      }
      if (message.kind === 'stop') {
        const stop = message as StopInput
        if (stop.now !== undefined) run.now = num(stop.now, 'now')
        run.eventTs = run.now
        const error = callHook(run, 'onStop', plugin.definition.onStop)
        stopped = true
        return output.finish(withState(run, error))
      }
      return output.finish({
        error: protocolError(`unknown input kind ${stringify(message.kind)}`),
      })
    } catch (e) {
      // Only malformed input gets here: hooks run inside callHook.
      return output.finish({ error: protocolError(describeError(e).message) })
    }
  }
}

function start(
  plugin: LoadedPlugin,
  init: InitInput,
  output: Output,
): { run: Run } | { error: PluginError } {
  const checked = validateParams(plugin.manifest.params, init.params)
  if (!checked.ok) {
    return {
      error: {
        name: 'ParamError',
        message: clip(checked.issues.map((i) => i.message).join('; '), L.maxErrorMessageChars),
      },
    }
  }
  const seed = num(init.seed, 'seed')
  const seq = init.deploymentSeq ?? 0
  if (!Number.isSafeInteger(seq) || seq < 0)
    throw new TypeError('deploymentSeq must be a whole number')
  const now = init.now === undefined ? 0 : num(init.now, 'now')
  const universe = new Set(plugin.manifest.universe)
  const state: Run = {
    params: Object.freeze(checked.values),
    state: {},
    universe,
    market: new MarketData(plugin.manifest.history),
    orders: new OrderBook(seq, universe),
    random: new SeededRandom(seed),
    positions: new Map(),
    now,
    eventTs: now,
    output,
    ctx: undefined,
  }
  state.ctx = plugin.manifest.kind === 'strategy' ? strategyContext(state) : scannerContext(state)
  if (init.state !== undefined) {
    const problem = restore(state, init.state)
    if (problem) return { error: { name: 'StateError', message: problem } }
  } else if (typeof plugin.definition.initialState === 'function') {
    try {
      state.state = (plugin.definition.initialState as () => PluginState)()
    } catch (e) {
      const err = describeError(e)
      return { error: { name: err.name, message: `initialState: ${err.message}` } }
    }
  }
  return { run: state }
}

function handleBatch(plugin: LoadedPlugin, run: Run, batch: BatchInput): PluginError | undefined {
  run.now = num(batch.now, 'now')
  run.eventTs = run.now
  run.positions = readPositions(batch.positions)
  run.orders.prune()
  if (!Array.isArray(batch.events)) throw new TypeError('events must be an array')
  const { manifest, definition } = plugin
  for (const event of batch.events as PluginEvent[]) {
    const error = handleEvent(manifest, definition, run, event, batch.warmup === true)
    if (error) return error
  }
  run.eventTs = run.now
  return undefined
}

function handleEvent(
  manifest: PluginManifest,
  definition: Record<string, unknown>,
  run: Run,
  event: PluginEvent,
  warmup: boolean,
): PluginError | undefined {
  switch (event?.type) {
    case 'bar': {
      const { symbol, timeframe, bar } = event
      if (typeof symbol !== 'string' || typeof bar !== 'object' || bar === null)
        throw new TypeError('malformed bar event')
      const fresh = run.market.pushBar(symbol, timeframe, {
        ts: num(bar.ts, 'bar.ts'),
        open: num(bar.open, 'bar.open'),
        high: num(bar.high, 'bar.high'),
        low: num(bar.low, 'bar.low'),
        close: num(bar.close, 'bar.close'),
        volume: num(bar.volume, 'bar.volume'),
      })
      if (!fresh || warmup || !run.universe.has(symbol) || !manifest.timeframes.includes(timeframe))
        return undefined
      const hooks = definition.onBar
      const hook =
        typeof hooks === 'function'
          ? hooks
          : (hooks as Record<string, unknown> | undefined)?.[timeframe]
      run.eventTs = bar.ts
      return callHook(run, `onBar(${symbol} ${timeframe} ${ist(bar.ts).text} IST)`, hook, event)
    }
    case 'tick': {
      run.market.setTickPrice(event.symbol, num(event.price, 'tick.price'))
      if (warmup || !run.universe.has(event.symbol)) return undefined
      run.eventTs = num(event.ts, 'tick.ts')
      return callHook(
        run,
        `onTick(${event.symbol} ${ist(event.ts).text} IST)`,
        definition.onTick,
        event,
      )
    }
    case 'order': {
      const known = run.orders.update(event.update)
      if (!known || warmup) return undefined
      run.eventTs = run.now
      return callHook(
        run,
        `onOrderUpdate(${event.update.clientOrderId})`,
        definition.onOrderUpdate,
        { ...event.update },
      )
    }
    default:
      throw new TypeError(`unknown event type ${stringify((event as { type?: unknown })?.type)}`)
  }
}

/** Runs one hook; if it throws, what it emitted is dropped and the error says where it happened. */
function callHook(run: Run, where: string, hook: unknown, arg?: unknown): PluginError | undefined {
  if (typeof hook !== 'function') return undefined
  const mark = run.output.mark()
  try {
    const result = (hook as Hook)(run.ctx, arg)
    if (isThenable(result)) {
      run.broken = {
        name: 'AsyncHookError',
        message: `${where} returned a promise: hooks must be synchronous (no async/await)`,
      }
      throw run.broken
    }
    return undefined
  } catch (e) {
    const placed = run.output.intents
      .slice(mark.intents)
      .flatMap((i) => (i.action === 'place' ? [i.clientOrderId] : []))
    run.orders.forget(placed)
    run.output.rollback(mark)
    if (e === run.broken) return run.broken
    const err = describeError(e)
    return { name: err.name, message: clip(`${where}: ${err.message}`, L.maxErrorMessageChars) }
  }
}

function readPositions(value: unknown): Map<string, Position> {
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

function num(value: unknown, what: string): number {
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

// Plugins that call Math.random get the run's seeded sequence too, so backtests stay
// reproducible. A host that froze Math keeps its own.
function replaceMathRandom(next: () => number): void {
  try {
    Object.defineProperty(Math, 'random', { value: next, writable: true, configurable: true })
  } catch {
    // frozen by the host: nothing to do
  }
}

import { PROTOCOL_LIMITS as L, SDK_VERSION } from '../constants.ts'
import type { PluginState } from '../context.ts'
import { validateParams } from '../params.ts'
import type {
  BatchInput,
  DescribeOutput,
  InitInput,
  PluginError,
  PluginEvent,
  PluginManifest,
  StopInput,
} from '../types.ts'
import { scannerContext, strategyContext } from './context.ts'
import { callHook, handleEvent, type LoadedPlugin, num, type Run, readPositions } from './events.ts'
import { parse, stringify } from './json.ts'
import { buildManifest } from './manifest.ts'
import { MarketData } from './market.ts'
import { OrderBook } from './orders.ts'
import { clip, describeError, Output } from './output.ts'
import { SeededRandom } from './random.ts'
import { handleRange } from './range.ts'
import { restore, withState } from './snapshot.ts'
import { BarWindow, own } from './window.ts'

export type { LoadedPlugin } from './events.ts'

// Math.random draws from the running plugin's seeded sequence (one plugin per context), from
// the moment the SDK loads: even an author's top-level code gets reproducible numbers.
let currentRandom = new SeededRandom(0)
replaceMathRandom(() => currentRandom.next())

// Captured before author code runs: the input can hold bars the plugin must not see yet
// (`data`), so reading it must not call anything a plugin could replace.
const StringOf = String
const hasOwn = Object.hasOwn

const protocolError = (message: string): PluginError => ({ name: 'ProtocolError', message })

/**
 * Checks a definition and builds its dispatcher without installing it anywhere (what
 * `defineStrategy` does before it installs the global; tests use it directly).
 */
export function loadPlugin(
  kind: PluginManifest['kind'],
  definition: unknown,
): { manifest: PluginManifest; dispatch: Dispatch } {
  const manifest = buildManifest(kind, definition)
  const dispatch = createDispatcher({ manifest, definition: definition as Record<string, unknown> })
  return { manifest, dispatch }
}

/** `__vmAlgoDispatch`: JSON in (and a packed `data` window's binary block), JSON out. */
export type Dispatch = (input: string, block?: unknown) => string

/**
 * Builds `__vmAlgoDispatch` for one plugin: JSON in, JSON out, never throws. Each call handles
 * a whole batch, so the host crosses into the sandbox once per batch.
 */
export function createDispatcher(plugin: LoadedPlugin): Dispatch {
  let run: Run | undefined
  let stopped = false

  return function dispatch(input: string, block?: unknown): string {
    let message: { kind?: unknown }
    try {
      message = parse(typeof input === 'string' ? input : StringOf(input))
      if (typeof message !== 'object' || message === null)
        throw new TypeError('input is not an object')
    } catch (e) {
      return new Output(() => 0).finish({
        error: protocolError(`bad input: ${describeError(e).message}`),
      })
    }
    const kind = hasOwn(message, 'kind') ? message.kind : undefined
    if (kind === 'describe') {
      return stringify({
        manifest: plugin.manifest,
        sdkVersion: SDK_VERSION,
      } satisfies DescribeOutput)
    }
    const output = new Output(() => run?.now ?? 0)
    try {
      if (kind === 'init') {
        if (run || stopped) return output.finish({ error: protocolError('init was already sent') })
        const started = start(plugin, message as InitInput, output)
        if ('error' in started) return output.finish({ error: started.error })
        run = started.run
        currentRandom = run.random
        return output.finish({ error: callHook(run, () => 'onStart', plugin.definition.onStart) })
      }
      if (!run) return output.finish({ error: protocolError('send init first') })
      if (stopped) return output.finish({ error: protocolError('the plugin was stopped') })
      if (run.broken) return output.finish({ error: run.broken })
      run.output = output
      if (kind === 'batch') {
        const batch = message as BatchInput
        const error = handleBatch(plugin, run, batch)
        return output.finish(batch.wantState ? withState(run, error) : { error })
      }
      if (kind === 'data') {
        run.window ??= new BarWindow()
        run.window.load(message, block)
        return output.finish({})
      }
      if (kind === 'range') {
        const error = handleRange(plugin, run, message)
        return output.finish(own(message, 'wantState') === true ? withState(run, error) : { error })
      }
      if (kind === 'stop') {
        const stop = message as StopInput
        if (stop.now !== undefined) run.now = num(stop.now, 'now')
        run.eventTs = run.now
        const error = callHook(run, () => 'onStop', plugin.definition.onStop)
        stopped = true
        return output.finish(withState(run, error))
      }
      return output.finish({
        error: protocolError(`unknown input kind ${stringify(kind)}`),
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
    market: new MarketData(
      plugin.manifest.history,
      (symbol, timeframe) => universe.has(symbol) && plugin.manifest.timeframes.includes(timeframe),
    ),
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
  const stamp = batch.stamp === true
  const events = batch.events as PluginEvent[]
  for (let i = 0; i < events.length; i++) {
    if (stamp) run.output.at = i
    const error = handleEvent(plugin, run, events[i]!, batch.warmup === true)
    if (error) return stamp ? { ...error, at: i } : error
  }
  run.output.at = undefined
  run.eventTs = run.now
  return undefined
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

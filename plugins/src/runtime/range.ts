import type { PluginError, PluginEvent } from '../types.ts'
import { handleBar, handleEvent, type LoadedPlugin, type Run, readPositions } from './events.ts'
import { readAccount, Speculation } from './speculation.ts'
import { own } from './window.ts'

const isArray = Array.isArray
const isSafeInteger = Number.isSafeInteger

/**
 * Handles a `range` batch: its `events` (order updates from the host), then the window's
 * events `from .. to - 1` one at a time, each with the clock at its close. Everything emitted
 * is stamped with the index of its event, `events` counted first.
 *
 * Without fill rules it stops after the event during which the first intent was emitted: the
 * host fills it before the plugin sees another bar, as a live order would be filled (and
 * reported) before the next bar closes. With the window's fill rules and an `account`, the SDK
 * fills plain market orders itself by the host's rules (`Speculation`) and goes on; it stops
 * only where the host must decide. `handled` in the output says how many events it handled.
 */
export function handleRange(
  plugin: LoadedPlugin,
  run: Run,
  input: object,
): PluginError | undefined {
  const from = own(input, 'from')
  const to = own(input, 'to')
  const window = run.window
  if (!isSafeInteger(from) || !isSafeInteger(to))
    throw new TypeError('range: from and to must be whole numbers')
  if (!window?.holds(from as number, to as number)) {
    throw new TypeError(`range: events ${from}..${(to as number) - 1} are not in the data window`)
  }
  const events = own(input, 'events')
  if (!isArray(events)) throw new TypeError('range: events must be an array')
  const end = to as number
  if (own(input, 'resume') === true) {
    // The same host block goes on: positions and fills as the SDK left them.
    if (events.length > 0) throw new TypeError('range: a resumed range takes no events')
  } else {
    run.positions = readPositions(own(input, 'positions'))
    const account = own(input, 'account')
    const rules = window.fills
    run.speculation =
      rules && account !== undefined
        ? new Speculation(window, rules, readAccount(account))
        : undefined
  }
  const spec = run.speculation
  run.orders.prune()
  const output = run.output
  output.quiet = own(input, 'quiet') === true
  const first = from as number
  output.handled = end - first
  if (spec) {
    spec.fills = []
    spec.refused = []
    output.fills = spec.fills
    output.refused = spec.refused
  }
  run.now = window.time(first)
  run.eventTs = run.now
  for (let i = 0; i < events.length; i++) {
    output.at = i
    const error = handleEvent(plugin, run, events[i] as PluginEvent, false)
    if (error) return { ...error, at: i }
  }
  const base = events.length - first
  const limits = own(input, 'limits') as { intents?: unknown; logs?: unknown } | undefined
  const maxIntents = typeof limits?.intents === 'number' ? limits.intents : Infinity
  const maxLogs = typeof limits?.logs === 'number' ? limits.logs : Infinity
  let seen = 0
  for (let k = first; k < end; k++) {
    // Each bar is its own step, as if it came in a batch of its own (with the updates before
    // the first): finished orders stay visible to `ctx.order` until the next one.
    if (k > first) run.orders.prune()
    output.at = base + k
    run.now = window.time(k)
    if (spec) {
      const marked = spec.fills.length
      const updates = spec.open(k, run.positions)
      if (updates === null) {
        output.handled = k - first
        output.hostTurn = true
        break
      }
      for (let i = marked; i < spec.fills.length; i++) spec.fills[i]!.at = base + k
      for (let i = 0; i < updates.length; i++) {
        const error = handleEvent(plugin, run, { type: 'order', update: updates[i]! }, false)
        if (error) return { ...error, at: base + k }
      }
    }
    const error = handleBar(plugin, run, window.event(k), false)
    if (error) return { ...error, at: base + k }
    spec?.closed(k)
    if (output.intents.length > seen) {
      if (!spec?.accept(output.intents, seen, k, end)) {
        output.handled = k - first + 1
        output.hostTurn = true
        break
      }
      seen = output.intents.length
    }
    if (seen >= maxIntents || output.logs.length >= maxLogs) {
      output.handled = k - first + 1
      break
    }
  }
  output.at = undefined
  run.eventTs = run.now
  return undefined
}

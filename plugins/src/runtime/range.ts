import type { PluginError, PluginEvent } from '../types.ts'
import { handleBar, handleEvent, type LoadedPlugin, type Run, readPositions } from './events.ts'
import { own } from './window.ts'

const isArray = Array.isArray
const isSafeInteger = Number.isSafeInteger

/**
 * Handles a `range` batch: its `events` (order updates from the host), then the window's
 * events `from .. to - 1` one at a time, each with the clock at its close. Everything emitted
 * is stamped with the index of its event, `events` counted first. Stops after the event during
 * which the first intent was emitted: the host fills it before the plugin sees another bar,
 * as a live order would be filled (and reported) before the next bar closes.
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
  run.positions = readPositions(own(input, 'positions'))
  run.orders.prune()
  const output = run.output
  const first = from as number
  run.now = window.time(first)
  run.eventTs = run.now
  for (let i = 0; i < events.length; i++) {
    output.at = i
    const error = handleEvent(plugin, run, events[i] as PluginEvent, false)
    if (error) return { ...error, at: i }
  }
  const base = events.length - first
  for (let k = first; k < (to as number); k++) {
    // Each bar is its own step, as if it came in a batch of its own (with the updates before
    // the first): finished orders stay visible to `ctx.order` until the next one.
    if (k > first) run.orders.prune()
    output.at = base + k
    run.now = window.time(k)
    const event = window.event(k)
    const error = handleBar(plugin, run, event, event.bar, false)
    if (error) return { ...error, at: base + k }
    if (output.intents.length > 0) break
  }
  output.at = undefined
  run.eventTs = run.now
  return undefined
}

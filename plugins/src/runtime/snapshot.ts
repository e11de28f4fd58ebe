import { PROTOCOL_LIMITS as L } from '../constants.ts'
import type { PluginState } from '../context.ts'
import type { PluginError } from '../types.ts'
import type { RunState } from './context.ts'
import { parse, stringify } from './json.ts'
import type { OrderBookSnapshot } from './orders.ts'
import { describeError } from './output.ts'

/** The saved form of a run; opaque to the host, which stores it and hands it back at init. */
interface Snapshot {
  v: 1
  user: PluginState
  orders: OrderBookSnapshot
  random: number
}

/**
 * Adds the run's snapshot (`ctx.state`, order ids and open orders, the random sequence) to an
 * output, or a StateError when it cannot be saved; an earlier error takes precedence.
 */
export function withState(
  run: RunState,
  error: PluginError | undefined,
): { state?: unknown; error?: PluginError } {
  try {
    const snapshot: Snapshot = {
      v: 1,
      user: run.state,
      orders: run.orders.snapshot(),
      random: run.random.state,
    }
    const json = stringify(snapshot)
    if (json.length > L.maxStateChars) {
      const tooBig = {
        name: 'StateError',
        message: `ctx.state is too large to save: ${json.length} characters of JSON, at most ${L.maxStateChars}`,
      }
      return { error: error ?? tooBig }
    }
    return error ? { state: parse(json), error } : { state: parse(json) }
  } catch (e) {
    return {
      error: error ?? {
        name: 'StateError',
        message: `ctx.state cannot be saved as JSON: ${describeError(e).message}`,
      },
    }
  }
}

/** Resumes a run from a snapshot; returns what is wrong with it, if anything. */
export function restore(run: RunState, saved: unknown): string | undefined {
  const s = saved as Partial<Snapshot> | null
  if (
    typeof s !== 'object' ||
    s === null ||
    s.v !== 1 ||
    typeof s.orders !== 'object' ||
    s.orders === null
  ) {
    return 'the saved state is not a snapshot made by this SDK'
  }
  if (
    !Number.isSafeInteger(s.orders.seq) ||
    !Array.isArray(s.orders.open) ||
    typeof s.random !== 'number'
  ) {
    return 'the saved state is damaged'
  }
  run.state = (s.user ?? {}) as PluginState
  run.orders.restore(s.orders)
  run.random.state = s.random
  return undefined
}

/**
 * The tick-momentum strategy of `core.tick_fanout` on both sides of the comparison: compiled
 * from `tick-momentum.plugin.ts` and run in sandboxes, and the same rule as a plain function
 * in this process (the baseline). `fanout-bench.test.ts` checks that both decide alike.
 */
import { readFileSync } from 'node:fs'
import type { ParamValues } from '@vm-algo/plugins'
import { compileInThread } from '../compiler/compile.ts'
import type { Tick } from '../market/types.ts'
import type { TickDecider } from './fanout-bench.ts'
import type { Tier } from './limits.ts'
import type { SandboxPool } from './pool.ts'
import type { Sandbox } from './sandbox.ts'

export interface TickMomentumParams {
  alpha: number
  band: number
  qty: number
}

/** The plugin's parameter defaults. */
export const TICK_MOMENTUM_DEFAULTS: TickMomentumParams = { alpha: 0.2, band: 0.0002, qty: 1 }

/** Compiles the plugin as an author's upload would be (type check, bundle, manifest). */
export async function compileTickMomentum(): Promise<string> {
  const source = readFileSync(new URL('./tick-momentum.plugin.ts', import.meta.url), 'utf8')
  const compiled = await compileInThread(source)
  if (!compiled.ok) {
    throw new Error(`tick-momentum does not compile: ${compiled.diagnostics[0]?.message}`)
  }
  return compiled.js
}

/**
 * The plugin's rule as a plain function with its own state: the number of orders it places
 * on this tick (0 or 1).
 */
export function plainTickMomentum(
  params: TickMomentumParams = TICK_MOMENTUM_DEFAULTS,
): TickDecider {
  const ema = new Map<string, number>()
  const long = new Set<string>()
  return ({ symbol, price }) => {
    const previous = ema.get(symbol)
    const average = previous === undefined ? price : previous + params.alpha * (price - previous)
    ema.set(symbol, average)
    if (!long.has(symbol) && price > average * (1 + params.band)) {
      long.add(symbol)
      return 1
    }
    if (long.has(symbol) && price < average * (1 - params.band)) {
      long.delete(symbol)
      return 1
    }
    return 0
  }
}

/** A loaded sandbox as a decider: one batch holding one tick per call. */
export function sandboxDecider(sb: Sandbox): TickDecider {
  return async (tick: Tick) => {
    const out = await sb.run({
      now: tick.ts,
      events: [{ type: 'tick', symbol: tick.symbol, ts: tick.ts, price: tick.price }],
      positions: {},
    })
    if (out.error) throw new Error(`${out.error.name}: ${out.error.message}`)
    return out.intents.length
  }
}

export interface LoadTickMomentumOptions {
  /** The compiled plugin (`compileTickMomentum`). */
  code: string
  count: number
  tier?: Tier
  params?: ParamValues
  /** Loads in flight at once. Default 8. */
  concurrency?: number
  /**
   * A tick each instance decides on once it has started, so that measurements see it warm:
   * V8 compiles the tick path lazily, on the first tick.
   */
  warmUp?: Tick
}

/**
 * Loads and starts `count` instances of the compiled plugin in `pool`, one tenant deployment
 * each, a few at a time.
 *
 * @example const sandboxes = await loadTickMomentum(pool, { code, count: 100, warmUp: ticks[0] })
 */
export async function loadTickMomentum(
  pool: SandboxPool,
  options: LoadTickMomentumOptions,
): Promise<Sandbox[]> {
  const sandboxes: Sandbox[] = []
  let next = 0
  const loadOne = async (i: number) => {
    const sb = await pool.load({
      tenantId: `tnt_fanout_${i}`,
      deploymentId: `dep_fanout_${i}`,
      tier: options.tier ?? 'free',
      code: options.code,
    })
    sandboxes[i] = sb
    const out = await sb.init({ params: options.params ?? {}, seed: i })
    if (out.error) throw new Error(`instance ${i} failed to start: ${out.error.message}`)
    if (options.warmUp) await sandboxDecider(sb)(options.warmUp)
  }
  const lane = async () => {
    while (next < options.count) await loadOne(next++)
  }
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, lane))
  return sandboxes
}

import { DISPATCH_GLOBAL } from './constants.ts'
import type { PluginState } from './context.ts'
import type { ScannerDefinition, StrategyDefinition } from './definition.ts'
import type { ParamSchema } from './params.ts'
import { loadPlugin } from './runtime/engine.ts'
import { DefinitionError } from './runtime/manifest.ts'
import type { PluginKind } from './types.ts'

/**
 * Defines this file's trading strategy. A plugin defines exactly one strategy or scanner;
 * export it as the default export.
 *
 * @example
 * export default defineStrategy({
 *   manifest: { name: 'Buy the dip', version: '1.0.0', universe: ['RELIANCE'], timeframes: ['1d'] },
 *   params: { qty: param.int({ default: 1, min: 1 }) },
 *   onBar(ctx, { symbol, bar }) {
 *     const rsi = ctx.indicators.rsi(symbol, '1d', 14)
 *     if (rsi !== undefined && rsi < 30 && ctx.position(symbol).qty === 0) ctx.buy(symbol, ctx.params.qty)
 *   },
 * })
 */
export function defineStrategy<
  const P extends ParamSchema = Record<never, never>,
  S extends object = PluginState,
>(definition: StrategyDefinition<P, S>): StrategyDefinition<P, S> {
  install('strategy', definition)
  return definition
}

/**
 * Defines this file's scanner: `onBar` runs on each closed bar of its universe and calls
 * `ctx.match` for the symbols that qualify.
 *
 * @example
 * export default defineScanner({
 *   manifest: { name: 'Oversold', version: '1.0.0', universe: ['TCS', 'INFY'], timeframes: ['1d'] },
 *   onBar(ctx, { symbol, bar }) {
 *     const rsi = ctx.indicators.rsi(symbol, '1d', 14)
 *     if (rsi !== undefined && rsi < 30) ctx.match(symbol, { rsi, close: bar.close })
 *   },
 * })
 */
export function defineScanner<
  const P extends ParamSchema = Record<never, never>,
  S extends object = PluginState,
>(definition: ScannerDefinition<P, S>): ScannerDefinition<P, S> {
  install('scanner', definition)
  return definition
}

function install(kind: PluginKind, definition: unknown): void {
  const global = globalThis as Record<string, unknown>
  if (Object.hasOwn(global, DISPATCH_GLOBAL)) {
    throw new DefinitionError('a plugin defines exactly one strategy or scanner')
  }
  const { dispatch } = loadPlugin(kind, definition)
  Object.defineProperty(global, DISPATCH_GLOBAL, {
    value: dispatch,
    enumerable: false,
    writable: false,
    configurable: false,
  })
}

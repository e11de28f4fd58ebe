import type { PluginState, ScannerContext, StrategyContext } from './context.ts'
import type { ParamSchema, ParamsOf } from './params.ts'
import type { BarEvent, OrderUpdate, TickEvent, Timeframe } from './types.ts'

/** What an author declares about a plugin; the platform adds `kind`, `params` and `ticks`. */
export interface ManifestInput {
  /** Shown in the marketplace and on deployments; 1–64 characters. */
  name: string
  /** Semantic version of this plugin, e.g. `1.0.0`; every published version is immutable. */
  version: string
  description?: string
  /** NSE symbols the plugin receives data for (and may trade), e.g. `['RELIANCE', 'TCS']`. */
  universe: string[]
  /** Candle intervals it receives: `1m`, `5m`, `15m`, `1d`. */
  timeframes: Timeframe[]
  /** Bars kept per symbol and timeframe for `ctx.bars` and indicators; default 500, at most 5000. */
  history?: number
}

/** A hook called with each closed bar: one function for every timeframe, or one per timeframe. */
export type BarHooks<C> =
  | ((ctx: C, event: BarEvent) => void)
  | { [T in Timeframe]?: (ctx: C, event: BarEvent) => void }

/** A trading strategy. Hooks are synchronous; whatever they place is sent after they return. */
export interface StrategyDefinition<
  P extends ParamSchema = ParamSchema,
  S extends object = PluginState,
> {
  manifest: ManifestInput
  /** Typed parameters users set when deploying, e.g. `{ fast: param.int({ default: 10 }) }`. */
  params?: P
  /** The initial `ctx.state` of a new deployment (a resumed one gets its saved state). */
  initialState?: () => S
  /** Once, before any data. */
  onStart?: (ctx: StrategyContext<ParamsOf<P>, S>) => void
  /** On each closed bar of a subscribed timeframe. */
  onBar?: BarHooks<StrategyContext<ParamsOf<P>, S>>
  /** On each tick (only delivered when defined). */
  onTick?: (ctx: StrategyContext<ParamsOf<P>, S>, tick: TickEvent) => void
  /** When the order manager reports on an order this strategy placed. */
  onOrderUpdate?: (ctx: StrategyContext<ParamsOf<P>, S>, update: OrderUpdate) => void
  /** Once, when the deployment stops. */
  onStop?: (ctx: StrategyContext<ParamsOf<P>, S>) => void
}

/** A scanner: runs on each closed bar over its universe and reports matches. */
export interface ScannerDefinition<
  P extends ParamSchema = ParamSchema,
  S extends object = PluginState,
> {
  manifest: ManifestInput
  params?: P
  initialState?: () => S
  onStart?: (ctx: ScannerContext<ParamsOf<P>, S>) => void
  onBar: BarHooks<ScannerContext<ParamsOf<P>, S>>
  onStop?: (ctx: ScannerContext<ParamsOf<P>, S>) => void
}

import { PROTOCOL_LIMITS as L } from '../constants.ts'
import type {
  BaseContext,
  OrderOptions,
  PluginState,
  ScannerContext,
  StrategyContext,
} from '../context.ts'
import type { MatchData, ParamValues, Position, ScanMatch, Side } from '../types.ts'
import { createIndicators, type MarketData } from './market.ts'
import type { OrderBook } from './orders.ts'
import type { Output } from './output.ts'
import type { SeededRandom } from './random.ts'

/** The mutable parts of a run that contexts read through; the engine updates them. */
export interface RunState {
  params: ParamValues
  state: PluginState
  universe: ReadonlySet<string>
  market: MarketData
  orders: OrderBook
  random: SeededRandom
  positions: Map<string, Position>
  now: number
  /** Time of the event being handled (bar start or tick time); `now` outside events. */
  eventTs: number
  output: Output
}

function baseContext(run: RunState): BaseContext<ParamValues, PluginState> {
  const universe = Object.freeze([...run.universe])
  const log =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) =>
      run.output.log(level, args)
  return {
    params: run.params,
    get state() {
      return run.state
    },
    set state(value: PluginState) {
      run.state = value
    },
    universe,
    now: () => run.now,
    random: () => run.random.next(),
    log: Object.freeze({
      debug: log('debug'),
      info: log('info'),
      warn: log('warn'),
      error: log('error'),
    }),
    bars: (symbol, timeframe, count) => run.market.bars(symbol, timeframe, count),
    ltp: (symbol) => run.market.ltp(symbol),
    indicators: Object.freeze(createIndicators(run.market)),
  }
}

/** The `ctx` a strategy's hooks receive. */
export function strategyContext(run: RunState): StrategyContext {
  const place = (side: Side) => (symbol: string, qty: number, options?: OrderOptions) =>
    ctx.placeOrder({ ...options, symbol, side, qty })
  const ctx: StrategyContext = Object.defineProperties(
    {
      position: (symbol: string) => {
        const p = run.positions.get(symbol)
        // A fresh literal each time: spreading a frozen constant took V8’s slow clone path.
        return p ? { qty: p.qty, avgPrice: p.avgPrice } : { qty: 0, avgPrice: 0 }
      },
      positions: () =>
        Object.fromEntries(
          [...run.positions].filter(([, p]) => p.qty !== 0).map(([s, p]) => [s, { ...p }]),
        ),
      buy: place('BUY'),
      sell: place('SELL'),
      placeOrder: (order) => {
        const intent = run.orders.place(order)
        run.output.addIntent(intent)
        return intent.clientOrderId
      },
      modify: (clientOrderId, changes) =>
        run.output.addIntent(run.orders.modify(clientOrderId, changes)),
      cancel: (clientOrderId) => {
        run.orders.cancel(clientOrderId)
        run.output.addIntent({ action: 'cancel', clientOrderId })
      },
      order: (clientOrderId) => run.orders.get(clientOrderId),
      openOrders: (symbol) => run.orders.openOrders(symbol),
    } satisfies Omit<StrategyContext, keyof BaseContext<unknown, unknown>>,
    Object.getOwnPropertyDescriptors(baseContext(run)),
  ) as StrategyContext
  return Object.seal(ctx)
}

/** The `ctx` a scanner's hooks receive. */
export function scannerContext(run: RunState): ScannerContext {
  const ctx = Object.defineProperties(
    {
      match: (symbol: string, data?: MatchData, score?: number) => {
        if (typeof symbol !== 'string' || !run.universe.has(symbol)) {
          throw new TypeError(`match: ${JSON.stringify(symbol)} is not in the manifest's universe`)
        }
        const m: ScanMatch = { symbol, ts: run.eventTs }
        if (score !== undefined) {
          if (typeof score !== 'number' || !Number.isFinite(score)) {
            throw new TypeError(`match: score must be a finite number, got ${String(score)}`)
          }
          m.score = score
        }
        if (data !== undefined && data !== null) m.data = checkMatchData(data)
        run.output.addMatch(m)
      },
    } satisfies Pick<ScannerContext, 'match'>,
    Object.getOwnPropertyDescriptors(baseContext(run)),
  ) as ScannerContext
  return Object.seal(ctx)
}

function checkMatchData(data: unknown): MatchData {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new TypeError('match: data must be an object of column → value')
  }
  const entries = Object.entries(data)
  if (entries.length > L.maxMatchDataKeys) {
    throw new TypeError(`match: at most ${L.maxMatchDataKeys} data fields, got ${entries.length}`)
  }
  const out: MatchData = {}
  for (const [key, value] of entries) {
    if (key.length < 1 || key.length > 40)
      throw new TypeError(`match: data field names are 1 to 40 characters`)
    if (typeof value === 'number') {
      if (!Number.isFinite(value))
        throw new TypeError(`match: data.${key} must be a finite number, got ${value}`)
    } else if (typeof value === 'string') {
      if (value.length > L.maxMatchStringChars) {
        throw new TypeError(`match: data.${key} is longer than ${L.maxMatchStringChars} characters`)
      }
    } else if (typeof value !== 'boolean' && value !== null) {
      throw new TypeError(`match: data.${key} must be a number, text, true/false or null`)
    }
    out[key] = value
  }
  return out
}

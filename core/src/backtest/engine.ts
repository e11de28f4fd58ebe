import { BacktestAbortedError, BacktestConfigError, StrategyContractError } from './errors.ts'
import { PRODUCTS } from './ledger.ts'
import { barOpenTime } from './market-rules.ts'
import { BacktestRun } from './run.ts'
import { checkSpeculated } from './speculation.ts'
import type {
  AccountState,
  BacktestConfig,
  BacktestResult,
  BlockOutput,
  RunOptions,
  StrategySetup,
  TimedIntent,
} from './types.ts'

const DEFAULT_BLOCK = 16_384
/** The async runner yields to the event loop at least this often, so aborts get through. */
const YIELD_MS = 20

/**
 * Runs a backtest: the strategy sees the data block by block (one call per block, so a
 * sandboxed strategy crosses its boundary once per block), and the host fills its intents,
 * books charges and keeps the ledger. Progress is reported after each block; an aborted
 * `signal` stops the run between blocks with a BacktestAbortedError. Same inputs, same result.
 *
 * @example
 * const feeds = [{ symbol: 'NIFTY50', timeframe: '1m', bars: await loadBarColumns('NIFTY50', '1m') }]
 * const result = await runBacktest({ feeds, capital: 1_000_000, strategy: smaCrossover({ qty: 25 }) })
 */
export async function runBacktest(
  config: BacktestConfig,
  options: RunOptions = {},
): Promise<BacktestResult> {
  const { run, setup } = prepare(config)
  await config.strategy.init(setup)
  let lastYield = performance.now()
  while (run.cursor < run.timeline.length) {
    checkAbort(run, options.signal)
    const block = nextBlock(run, config)
    const out = config.strategy.onBlock(block)
    applyBlock(run, block.from, block.to, isPromise(out) ? await out : out)
    options.onProgress?.(run.cursor / run.timeline.length)
    if (performance.now() - lastYield >= YIELD_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve))
      lastYield = performance.now()
    }
  }
  checkAbort(run, options.signal)
  return finish(run)
}

/**
 * The same run without awaiting: for in-process strategies, parameter sweeps and benchmarks.
 * A strategy that returns a promise makes it throw a StrategyContractError.
 */
export function runBacktestSync(
  config: BacktestConfig,
  options: Pick<RunOptions, 'onProgress'> = {},
): BacktestResult {
  const { run, setup } = prepare(config)
  if (isPromise(config.strategy.init(setup))) throw asyncStrategy()
  while (run.cursor < run.timeline.length) {
    const block = nextBlock(run, config)
    const out = config.strategy.onBlock(block)
    if (isPromise(out)) throw asyncStrategy()
    applyBlock(run, block.from, block.to, out)
    options.onProgress?.(run.cursor / run.timeline.length)
  }
  return finish(run)
}

function prepare(config: BacktestConfig): { run: BacktestRun; setup: StrategySetup } {
  if (
    !config ||
    typeof config.strategy?.onBlock !== 'function' ||
    typeof config.strategy.init !== 'function'
  ) {
    throw new BacktestConfigError('strategy', 'must have init() and onBlock()')
  }
  const block = config.blockSize ?? DEFAULT_BLOCK
  if (!(Number.isInteger(block) && block > 0)) {
    throw new BacktestConfigError('blockSize', 'must be a positive whole number')
  }
  const run = new BacktestRun(config)
  const { length, feed, row, time } = run.timeline
  const setup: StrategySetup = {
    params: config.params ?? {},
    seed: config.seed ?? 1,
    capital: config.capital,
    feeds: run.feeds,
    timeline: { length, feed, row, time },
    fills: run.fillRules(),
  }
  return { run, setup }
}

// Blocks end at the block size, at each IST day when any feed is intraday, and before the
// next bar at which the host may fill, cancel or close something: the strategy starts every
// block with the host's positions and order updates, and nothing changes them behind its back
// within a block (its own intents aside). A strategy that reports fills ahead of the host
// (`fillsAhead`) stops where the host acts by itself, so its blocks may span days.
function nextBlock(run: BacktestRun, config: BacktestConfig) {
  const from = run.cursor
  const { dayStarts, length } = run.timeline
  let to = Math.min(length, from + (config.blockSize ?? DEFAULT_BLOCK))
  if (!config.strategy.fillsAhead && run.feeds.some((f) => f.timeframe !== '1d')) {
    let lo = 0
    let hi = dayStarts.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (dayStarts[mid]! > from) hi = mid
      else lo = mid + 1
    }
    to = Math.min(to, dayStarts[lo]!)
  }
  // The block's first bar is worked first, so its fills reach the strategy before it handles
  // that bar; the block ends before the next bar where the host may act on its own.
  run.openBlock(from)
  to = run.quietUntil(from, to)
  return { from, to, state: accountState(run) }
}

function accountState(run: BacktestRun): AccountState {
  const { ledger, desk, timeline, feeds } = run
  const positions: AccountState['positions'] = {}
  for (let s = 0; s < ledger.symbols.length; s++) {
    const qty = ledger.qty[s]!
    if (qty === 0) continue
    const product = PRODUCTS[ledger.product[s]!]!
    positions[ledger.symbols[s]!] = {
      qty,
      avgPrice: ledger.avgPrice[s]!,
      product,
      last: ledger.last[s]!,
    }
  }
  const first = feeds[timeline.feed[0]!]!
  const now =
    run.cursor > 0
      ? timeline.time[run.cursor - 1]!
      : barOpenTime(first.ts[timeline.row[0]!]!, first.timeframe)
  return {
    now,
    cash: ledger.cash,
    equity: ledger.equity(),
    positions,
    orderUpdates: desk.takeUpdates(),
    openOrders: desk.pending.map((o) => o.id),
  }
}

// Checks the strategy's output (it may come from untrusted code) and simulates the events it
// handled. Intents outside those events are rejected, never thrown.
function applyBlock(run: BacktestRun, from: number, to: number, out: BlockOutput): void {
  const c = out?.consumed
  const end = Number.isInteger(c) && c! >= 1 && c! <= to - from ? from + c! : to
  const raw: unknown = out?.intents
  const list: TimedIntent[] = Array.isArray(raw) ? raw : []
  let intents = list
  let sorted = true
  let bad = false
  for (let i = 0; i < list.length; i++) {
    const at = list[i]?.at
    if (!(Number.isInteger(at) && at! >= from && at! < end)) bad = true
    else if (i > 0 && at! < list[i - 1]!.at) sorted = false
  }
  if (bad) {
    intents = []
    for (const t of list) {
      const at = t?.at
      if (Number.isInteger(at) && at >= from && at < end) intents.push(t)
      else {
        const id = typeof t?.intent?.clientOrderId === 'string' ? t.intent.clientOrderId : ''
        run.desk.reject(
          id,
          'bad_timing',
          `intent stamped at event ${String(at)}, outside ${from}..${end - 1}`,
          from,
        )
      }
    }
  }
  if (!sorted) intents = [...intents].sort((a, b) => a.at - b.at)
  const fillMark = run.ledger.fills.length
  run.simulate(from, end, intents)
  const speculated: unknown = out?.speculated
  if (speculated !== undefined)
    checkSpeculated(run, fillMark, speculated, out?.refused ?? [], intents, end)
}

function finish(run: BacktestRun): BacktestResult {
  run.finish()
  const { ledger, timeline, equity } = run
  const positions: BacktestResult['positions'] = {}
  for (let s = 0; s < ledger.symbols.length; s++) {
    const qty = ledger.qty[s]!
    if (qty === 0) continue
    const product = PRODUCTS[ledger.product[s]!]!
    positions[ledger.symbols[s]!] = {
      qty,
      avgPrice: ledger.avgPrice[s]!,
      product,
      lastPrice: ledger.last[s]!,
    }
  }
  const n = timeline.length
  return {
    capital: run.capital,
    events: n,
    cash: ledger.cash,
    equity: n > 0 ? equity[n - 1]! : ledger.cash,
    positions,
    curve: lazyDrawdown(timeline.time, equity, run.capital),
    daily: {
      day: run.dailyDay.slice(0, run.dailyCount),
      equity: run.dailyEquity.slice(0, run.dailyCount),
    },
    fills: ledger.fills,
    trades: [...ledger.trades, ...ledger.openTrades()],
    rejections: run.desk.rejections,
    charges: ledger.charges,
    realizedPnl: ledger.realizedPnl,
    unrealizedPnl: ledger.unrealizedPnl(),
    exposure: n > 0 ? run.exposed / n : 0,
  }
}

// The drawdown curve is computed when first read: sweeps and metrics never need it.
function lazyDrawdown(
  time: Float64Array,
  equity: Float64Array,
  capital: number,
): BacktestResult['curve'] {
  let drawdown: Float64Array | undefined
  const curve = { time, equity } as BacktestResult['curve']
  Object.defineProperty(curve, 'drawdown', {
    enumerable: true,
    get() {
      if (!drawdown) {
        drawdown = new Float64Array(equity.length)
        let peak = capital
        for (let k = 0; k < equity.length; k++) {
          if (equity[k]! > peak) peak = equity[k]!
          drawdown[k] = equity[k]! / peak - 1
        }
      }
      return drawdown
    },
  })
  return curve
}

function checkAbort(run: BacktestRun, signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new BacktestAbortedError(run.cursor / Math.max(1, run.timeline.length))
}

function isPromise<T>(x: T | Promise<T>): x is Promise<T> {
  return typeof (x as { then?: unknown } | undefined)?.then === 'function'
}

function asyncStrategy(): StrategyContractError {
  return new StrategyContractError('runBacktestSync needs a synchronous strategy; use runBacktest')
}

import { describe, expect, it } from 'vitest'
import { loadBarColumns } from '../market/catalog.ts'
import { orderCharges, ZERODHA_SCHEDULE } from './costs.ts'
import { runBacktest, runBacktestSync } from './engine.ts'
import { BacktestAbortedError, BacktestConfigError, StrategyContractError } from './errors.ts'
import { smaCrossover } from './reference/sma-crossover.ts'
import { bars, ist, place, scripted } from './testing.ts'
import type { BacktestConfig, BatchStrategy, TimedIntent } from './types.ts'

// Three 1-minute bars of a made-up equity TEST (cash segment, lot 1, tick ₹0.05).
const three = bars('2024-01-01', [
  ['09:15', 100, 101, 99, 100.5],
  ['09:16', 101, 102, 100, 101.5],
  ['09:17', 102, 103, 101, 102],
])
const feeds = [{ symbol: 'TEST', timeframe: '1m' as const, bars: three }]
const plain = { capital: 100_000, charges: null, slippage: { ticks: 0 } } as const
const cnc = (id: string, side: 'BUY' | 'SELL', at: number, qty = 10): TimedIntent => ({
  at,
  intent: place(id, side, { product: 'CNC', qty }),
})

describe('a market order', () => {
  it('placed during bar 09:15 fills at the open of bar 09:16, never at 09:15’s close', () => {
    const r = runBacktestSync({ ...plain, feeds, strategy: scripted([cnc('b1', 'BUY', 0)]) })
    expect(r.fills).toHaveLength(1)
    expect(r.fills[0]).toMatchObject({
      clientOrderId: 'b1',
      side: 'BUY',
      qty: 10,
      price: 101,
      time: ist('2024-01-01T09:16'),
      at: 1,
      emittedAt: 0,
      reason: 'order',
    })
    // equity = cash + qty × close: 1,00,000 before; 98,990 + 10 × 101.5; 98,990 + 10 × 102
    expect([...r.curve.equity]).toEqual([100_000, 100_005, 100_010])
    expect(r.cash).toBe(98_990)
    expect(r.positions).toEqual({
      TEST: { qty: 10, avgPrice: 101, product: 'CNC', lastPrice: 102 },
    })
    expect(r.trades).toEqual([
      expect.objectContaining({ exitReason: 'open', entryPrice: 101, netPnl: 10 }),
    ])
    expect(r.exposure).toBeCloseTo(2 / 3, 12)
  })

  it('books Zerodha’s charges per fill and keeps cash = capital − Σ value − Σ charges', () => {
    const strategy = scripted([cnc('b1', 'BUY', 0), cnc('s1', 'SELL', 1)])
    const r = runBacktestSync({ ...plain, charges: undefined, feeds, strategy })
    const buy = orderCharges(ZERODHA_SCHEDULE, 'EQ_DELIVERY', 'BUY', 1010) // 10 × 101
    const sell = orderCharges(ZERODHA_SCHEDULE, 'EQ_DELIVERY', 'SELL', 1020) // 10 × 102
    expect(r.fills.map((f) => f.charges)).toEqual([buy, sell])
    expect(r.cash).toBeCloseTo(100_000 - 1010 - buy.total + 1020 - sell.total, 9)
    expect(r.charges.total).toBeCloseTo(buy.total + sell.total, 9)
    const [trade] = r.trades
    expect(trade).toMatchObject({
      direction: 'LONG',
      grossPnl: 10,
      exitReason: 'signal',
      exitPrice: 102,
    })
    expect(trade!.netPnl).toBeCloseTo(10 - buy.total - sell.total, 9)
    expect(r.equity).toBeCloseTo(r.cash, 9)
  })
})

describe('the run', () => {
  it('reports progress after each block up to 1, and can be cancelled between blocks', async () => {
    const seen: number[] = []
    await runBacktest(
      { ...plain, feeds, blockSize: 1, strategy: scripted([]) },
      { onProgress: (f) => seen.push(f) },
    )
    expect(seen).toEqual([1 / 3, 2 / 3, 1])

    const controller = new AbortController()
    const run = runBacktest(
      { ...plain, feeds, blockSize: 1, strategy: scripted([]) },
      { signal: controller.signal, onProgress: () => controller.abort() },
    )
    await expect(run).rejects.toBeInstanceOf(BacktestAbortedError)
    await expect(run).rejects.toMatchObject({ fraction: 1 / 3 })
  })

  it('awaits a strategy that answers with promises (a sandbox), with the same result', async () => {
    const plan = [cnc('b1', 'BUY', 0)]
    const inner = scripted(plan)
    const sandboxed: BatchStrategy = {
      init: async (setup) => inner.init(setup),
      onBlock: async (block) => inner.onBlock(block),
    }
    const viaAsync = await runBacktest({ ...plain, feeds, strategy: sandboxed })
    expect(viaAsync).toEqual(runBacktestSync({ ...plain, feeds, strategy: scripted(plan) }))
    expect(() => runBacktestSync({ ...plain, feeds, strategy: sandboxed })).toThrow(
      StrategyContractError,
    )
  })

  it('is deterministic: the same inputs give identical results', async () => {
    const nifty = await loadBarColumns('NIFTY50', '1m')
    const config = (): BacktestConfig => ({
      feeds: [{ symbol: 'NIFTY50', timeframe: '1m', bars: nifty }],
      capital: 1_000_000,
      strategy: smaCrossover({ qty: 25, product: 'MIS' }),
    })
    expect(runBacktestSync(config())).toEqual(runBacktestSync(config()))
  })

  it('starts each IST day with a fresh block holding the host’s positions', () => {
    const twoDays = bars('', [
      ['2024-01-01T15:28', 100, 101, 99, 100],
      ['2024-01-01T15:29', 100, 101, 99, 100],
      ['2024-01-02T09:15', 103, 104, 102, 103],
      ['2024-01-02T09:16', 103, 104, 102, 103],
    ])
    const strategy = scripted([cnc('b1', 'BUY', 0)])
    runBacktestSync({
      ...plain,
      feeds: [{ symbol: 'TEST', timeframe: '1m', bars: twoDays }],
      strategy,
    })
    expect(strategy.blocks.map((b) => [b.from, b.to])).toEqual([
      [0, 2],
      [2, 4],
    ])
    // Bought at the 15:29 open; the second day's block is told so.
    expect(strategy.blocks[1]!.state).toMatchObject({
      cash: 99_000,
      positions: { TEST: { qty: 10, avgPrice: 100, product: 'CNC' } },
      orderUpdates: [{ clientOrderId: 'b1', status: 'complete', filledQty: 10, avgPrice: 100 }],
      openOrders: [],
    })
  })
})

describe('blocks', () => {
  /** Places `intent` in the block that starts at `at`, and ends that block right after it. */
  const cutting = (at: number, intent: TimedIntent['intent']) => {
    const seen: { from: number; to: number; updates: unknown[]; qty: number }[] = []
    const strategy: BatchStrategy = {
      init() {},
      onBlock({ from, to, state }) {
        const updates = state.orderUpdates.map((u) => [u.clientOrderId, u.status, u.avgPrice])
        seen.push({ from, to, updates, qty: state.positions.TEST?.qty ?? 0 })
        return from === at ? { intents: [{ at, intent }], consumed: 1 } : { intents: [] }
      },
    }
    return { seen, strategy }
  }

  it('tell the strategy of a fill at a bar’s open before it handles that bar', () => {
    const { seen, strategy } = cutting(0, place('b1', 'BUY', { product: 'CNC' }))
    runBacktestSync({ ...plain, feeds, strategy })
    expect(seen).toEqual([
      { from: 0, to: 3, updates: [], qty: 0 },
      { from: 1, to: 3, updates: [['b1', 'complete', 101]], qty: 10 },
    ])
  })

  it('end before each bar where a working order may fill, so no fill goes unheard', () => {
    const { seen, strategy } = cutting(0, place('l1', 'BUY', { orderType: 'LIMIT', price: 50 }))
    runBacktestSync({ ...plain, feeds, strategy })
    expect(seen.map((b) => [b.from, b.to, b.updates])).toEqual([
      [0, 3, []],
      [1, 2, [['l1', 'open', 0]]],
      [2, 3, []],
    ])
  })
})

describe('untrusted strategy output', () => {
  it('rejects malformed intents with a reason instead of throwing', () => {
    const bad = [
      { at: 2, intent: place('late', 'BUY') }, // after the block (events 0 and 1)
      { at: 0, intent: null },
      { at: 0, intent: place('x1', 'BUY', { symbol: 'NOPE' }) },
      { at: 0, intent: place('x2', 'BUY', { qty: 1.5 }) },
      { at: 0, intent: place('x3', 'BUY', { orderType: 'LIMIT' }) },
      { at: 0, intent: place('x4', 'BUY', { orderType: 'LIMIT', price: 100.02 }) },
      { at: 0, intent: place('x5', 'BUY', { product: 'NRML' }) },
      { at: 0, intent: place('x6', 'BUY', { price: Number.NaN }) },
      { at: 0, intent: { action: 'explode', clientOrderId: 'x7' } },
      { at: 0, intent: { action: 'cancel', clientOrderId: 'ghost' } },
    ] as unknown as TimedIntent[]
    // Emitted all at once in the first block, whatever `at` says.
    const strategy: BatchStrategy = {
      init() {},
      onBlock: ({ from }) => ({ intents: from === 0 ? bad : [] }),
    }
    const r = runBacktestSync({ ...plain, feeds, blockSize: 2, strategy })
    expect(r.fills).toEqual([])
    expect(r.rejections.map((x) => [x.clientOrderId, x.reason])).toEqual([
      ['late', 'bad_timing'],
      ['', 'invalid'],
      ['x1', 'unknown_symbol'],
      ['x2', 'invalid'],
      ['x3', 'invalid'],
      ['x4', 'tick_size'],
      ['x5', 'bad_product'],
      ['x6', 'invalid'],
      ['x7', 'invalid'],
      ['ghost', 'unknown_order'],
    ])
  })

  it('refuses bad configuration with a typed error naming the field', () => {
    const unsorted = bars('2024-01-01', [
      ['09:16', 100, 101, 99, 100],
      ['09:15', 100, 101, 99, 100],
    ])
    const cases: [Partial<BacktestConfig>, string][] = [
      [{ feeds: [] }, 'feeds'],
      [{ capital: 0 }, 'capital'],
      [{ feeds: [{ symbol: 'TEST', timeframe: '1m', bars: unsorted }] }, 'feeds[0].bars'],
      [{ blockSize: 0 }, 'blockSize'],
      [{ slippage: { bps: -1 } }, 'slippage'],
      [{ margin: { MIS: 2 } }, 'margin.MIS'],
      [{ strategy: {} as BatchStrategy }, 'strategy'],
      [{ feeds: [{ symbol: '__proto__', timeframe: '1m', bars: three }] }, 'feeds[0].symbol'],
      [{ feeds: [{ symbol: 'TEST', timeframe: '2m' as '1m', bars: three }] }, 'feeds[0].timeframe'],
    ]
    for (const [patch, field] of cases) {
      const config = { ...plain, feeds, strategy: scripted([]), ...patch } as BacktestConfig
      expect(() => runBacktestSync(config)).toThrow(BacktestConfigError)
      try {
        runBacktestSync(config)
      } catch (e) {
        expect((e as BacktestConfigError).field).toBe(field)
      }
    }
  })
})

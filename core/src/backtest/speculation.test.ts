/**
 * The engine stays authoritative when a strategy tells its plugin of fills ahead of it
 * (`BlockOutput.speculated`, what the sandbox SDK does): matching claims pass and are not
 * reported twice; anything else fails the run instead of producing results the plugin did not
 * trade on.
 */
import { describe, expect, it } from 'vitest'
import { runBacktestSync } from './engine.ts'
import { StrategyContractError } from './errors.ts'
import { bars, place } from './testing.ts'
import type { AccountState, BatchStrategy, SpeculatedFill, TimedIntent } from './types.ts'

const six = bars('2024-01-01', [
  ['09:15', 100, 101, 99, 100],
  ['09:16', 100, 100.5, 97, 98],
  ['09:17', 96, 97, 95, 96.5],
  ['09:18', 97, 104, 96, 103],
  ['09:19', 103, 106, 94, 95],
  ['09:20', 95, 96, 94, 95],
])
const base = {
  feeds: [{ symbol: 'TEST', timeframe: '1m' as const, bars: six }],
  capital: 100_000,
  charges: null,
  slippage: { ticks: 0 },
  blockSize: 3,
} as const

const buy = (at: number, id: string, qty = 10): TimedIntent => ({
  at,
  intent: place(id, 'BUY', { product: 'CNC', qty }),
})

/** Emits `plan` and claims `claims` (and `refused`), each in the block holding its event. */
function claiming(plan: TimedIntent[], claims: SpeculatedFill[], refused: string[] = []) {
  const states: AccountState[] = []
  const strategy: BatchStrategy = {
    fillsAhead: true,
    init() {},
    onBlock({ from, to, state }) {
      states.push(state)
      return {
        intents: plan.filter((p) => p.at >= from && p.at < to),
        speculated: claims.filter((c) => c.at >= from && c.at < to),
        refused: from === 0 ? refused : [],
      }
    },
  }
  return { strategy, states }
}

describe('fills a strategy reported ahead of the host', () => {
  it('pass when the host books the same, and are not reported to the strategy again', () => {
    const { strategy, states } = claiming(
      [buy(0, 'b')],
      [{ clientOrderId: 'b', at: 1, qty: 10, price: 100 }],
    )
    const result = runBacktestSync({ ...base, strategy })
    expect(result.fills.map((f) => [f.clientOrderId, f.at, f.qty, f.price])).toEqual([
      ['b', 1, 10, 100],
    ])
    expect(states.map((s) => [s.positions.TEST?.qty, s.orderUpdates])).toEqual([
      [undefined, []],
      [10, []],
    ])
  })

  it('fail the run when the host fills at another price', () => {
    const { strategy } = claiming(
      [buy(0, 'b')],
      [{ clientOrderId: 'b', at: 1, qty: 10, price: 100.05 }],
    )
    const run = () => runBacktestSync({ ...base, strategy })
    expect(run).toThrow(StrategyContractError)
    expect(run).toThrow(
      /diverged .* the host filled b \(10 at ₹100, event 1\); it was told b \(10 at ₹100\.05/,
    )
  })

  it('fail the run when a fill inside the block was not reported to the plugin', () => {
    const { strategy } = claiming([buy(0, 'b')], [])
    expect(() => runBacktestSync({ ...base, strategy })).toThrow(/it was told of no fill/)
  })

  it('fail the run when the host refuses an order the plugin was told had filled', () => {
    const { strategy } = claiming(
      [buy(0, 'b', 5_000)],
      [{ clientOrderId: 'b', at: 1, qty: 5_000, price: 100 }],
    )
    expect(() => runBacktestSync({ ...base, strategy })).toThrow(
      /it filled b \(5000 at ₹100, event 1\), the host did not/,
    )
  })

  it('pass refusals the host makes too, and fail one it does not make', () => {
    const late = bars('2024-01-01', [
      ['15:19', 100, 101, 99, 100],
      ['15:20', 100, 101, 99, 100],
      ['15:21', 100, 101, 99, 100],
      ['15:22', 100, 101, 99, 100],
    ])
    const feeds = [{ symbol: 'TEST', timeframe: '1m' as const, bars: late }]
    const mis = (k: number, id: string): TimedIntent => ({
      at: k,
      intent: place(id, 'BUY', { product: 'MIS', qty: 1 }),
    })
    const told = claiming([mis(1, 'm')], [], ['m'])
    const result = runBacktestSync({ ...base, feeds, strategy: told.strategy })
    expect(result.rejections.map((r) => [r.clientOrderId, r.reason])).toEqual([['m', 'mis_cutoff']])
    expect(told.states.flatMap((s) => s.orderUpdates)).toEqual([])
    // Placed at 09:17: the host takes it (it fills in the next block).
    const wrong = claiming([mis(2, 'early')], [], ['early'])
    expect(() => runBacktestSync({ ...base, strategy: wrong.strategy })).toThrow(
      /told order early was refused; the host did not refuse it/,
    )
  })

  it('leave orders of the block’s last event to the host, reported in the next block', () => {
    const { strategy, states } = claiming([buy(2, 'late')], [])
    const result = runBacktestSync({ ...base, strategy })
    expect(result.fills.map((f) => [f.clientOrderId, f.at])).toEqual([['late', 3]])
    expect(states[1]!.orderUpdates).toEqual([
      { clientOrderId: 'late', status: 'complete', filledQty: 10, avgPrice: 97 },
    ])
  })
})

/**
 * Market orders filled inside the sandbox during a `range`: the plugin hears of the fill at
 * the next bar's open exactly as the host would report it, and the range goes on; wherever the
 * host must decide, the range stops and says so (`hostTurn`).
 */
import { describe, expect, it } from 'vitest'
import { BAR_FLAGS } from '../constants.ts'
import type { StrategyContext } from '../context.ts'
import type { BarEvent, FillRulesInput } from '../types.ts'
import { dataWindow, init, load, manifest, rangeInput } from './test-harness.ts'

type Ctx = StrategyContext

const RULES: FillRulesInput = {
  slippage: { ticks: 1 },
  exec: [{ tick: 0.05, lot: 1, products: ['CNC', 'MIS', 'NRML'], openOffset: 0 }],
  marginRate: { MIS: 0.2, NRML: 0.2 },
  chargeBound: { rate: 0.001, fixed: 50 },
  misCutoffReason: 'mis_cutoff: no new MIS orders from 15:20 IST',
}

/** TCS minutes i = 0 .. n - 1 (open and close 100 + i, high +1, low -1), with fill rules. */
const window = (n: number, flags: Record<number, number> = {}) =>
  dataWindow(0, n, { flags: Array.from({ length: n }, (_, i) => flags[i] ?? 0), fills: RULES })

const range = (from: number, to: number, extra: object = {}) =>
  rangeInput(from, to, { account: { cash: 1_000_000, open: {} }, ...extra })

/** A plugin that places `orders[i]` at the bar with open 100 + i and records what it sees. */
function trader(orders: Record<number, (ctx: Ctx) => void>) {
  const seen: string[] = []
  const plugin = load('strategy', {
    manifest,
    onOrderUpdate(ctx: Ctx, u: { clientOrderId: string; status: string; avgPrice: number }) {
      seen.push(
        `update ${u.clientOrderId} ${u.status} ${u.avgPrice} qty ${ctx.position('TCS').qty}`,
      )
    },
    onBar(ctx: Ctx, e: BarEvent) {
      const i = e.bar.open - 100
      seen.push(`bar ${i} qty ${ctx.position('TCS').qty}`)
      orders[i]?.(ctx)
    },
  })
  plugin.send(init())
  return { ...plugin, seen }
}

describe('market orders filled in the sandbox', () => {
  it('report the fill at the next open, slipped by a tick, before that bar, and go on', () => {
    const { send, seen } = trader({ 1: (ctx) => ctx.buy('TCS', 3), 3: (ctx) => ctx.sell('TCS', 3) })
    send(window(6))
    const out = send(range(0, 6))
    expect(seen).toEqual([
      'bar 0 qty 0',
      'bar 1 qty 0',
      'update 0-1 complete 102.05 qty 3',
      'bar 2 qty 3',
      'bar 3 qty 3',
      'update 0-2 complete 103.95 qty 0',
      'bar 4 qty 0',
      'bar 5 qty 0',
    ])
    expect(out.handled).toBe(6)
    expect(out.hostTurn).toBeUndefined()
    expect(out.intents.map((i) => [i.clientOrderId, i.at])).toEqual([
      ['0-1', 1],
      ['0-2', 3],
    ])
    expect(out.fills).toEqual([
      { clientOrderId: '0-1', at: 2, qty: 3, price: 102.05 },
      { clientOrderId: '0-2', at: 4, qty: 3, price: 103.95 },
    ])
  })

  it('leave to the host what only it can decide, stopping right after that event', () => {
    const cases: [string, (ctx: Ctx) => void, number][] = [
      ['a limit order', (ctx) => ctx.buy('TCS', 1, { type: 'LIMIT', price: 99 }), 2],
      ['a bracket', (ctx) => ctx.buy('TCS', 1, { stopLoss: 90 }), 2],
      ['an order filling past the range', (ctx) => ctx.buy('TCS', 1), 2],
    ]
    for (const [what, place, handled] of cases) {
      const { send, seen } = trader({ 1: place })
      send(window(6))
      const out = send(range(0, what === 'an order filling past the range' ? 2 : 6))
      expect({ what, handled: out.handled, hostTurn: out.hostTurn, fills: out.fills }).toEqual({
        what,
        handled,
        hostTurn: true,
        fills: undefined,
      })
      expect(seen.at(-1)).toBe('bar 1 qty 0')
    }
  })

  it('stop before the fill bar when the cash may not pay for it (charges at their bound)', () => {
    const { send, seen } = trader({ 1: (ctx) => ctx.buy('TCS', 100) })
    send(window(6))
    // 100 × 102.05 = 10,205 plus at most 10.2 + 50 of charges: 10,250 does not surely pay.
    const out = send(range(0, 6, { account: { cash: 10_250, open: {} } }))
    expect(out.handled).toBe(2)
    expect(out.hostTurn).toBe(true)
    expect(seen).toEqual(['bar 0 qty 0', 'bar 1 qty 0'])
    const richer = trader({ 1: (ctx) => ctx.buy('TCS', 100) })
    richer.send(window(6))
    expect(richer.send(range(0, 6, { account: { cash: 10_300, open: {} } })).handled).toBe(6)
  })

  it('square an MIS position off at the 15:20 bar as the host does, without an update', () => {
    const { send, seen } = trader({ 1: (ctx) => ctx.buy('TCS', 2, { product: 'MIS' }) })
    send(window(6, { 4: BAR_FLAGS.squareOff | BAR_FLAGS.misClosed }))
    const out = send(range(0, 6))
    expect(seen).toEqual([
      'bar 0 qty 0',
      'bar 1 qty 0',
      'update 0-1 complete 102.05 qty 2',
      'bar 2 qty 2',
      'bar 3 qty 2',
      'bar 4 qty 0',
      'bar 5 qty 0',
    ])
    // Sold at the 15:20 open (104) slipped a tick down.
    expect(out.fills).toEqual([
      { clientOrderId: '0-1', at: 2, qty: 2, price: 102.05 },
      { squareOff: true, at: 4, qty: 2, price: 103.95 },
    ])
  })

  it('refuse an MIS order from 15:20 as the host does, telling the plugin before the next bar', () => {
    const late = trader({ 1: (ctx) => ctx.buy('TCS', 1, { product: 'MIS' }) })
    late.send(window(6, { 1: BAR_FLAGS.misClosed }))
    const out = late.send(range(0, 6))
    expect(late.seen.slice(1, 4)).toEqual([
      'bar 1 qty 0',
      'update 0-1 rejected 0 qty 0',
      'bar 2 qty 0',
    ])
    expect(out).toMatchObject({ handled: 6, refused: ['0-1'] })
    expect(out.hostTurn).toBeUndefined()
    // On the range's last event the host reports it.
    const last = trader({ 1: (ctx) => ctx.buy('TCS', 1, { product: 'MIS' }) })
    last.send(window(6, { 1: BAR_FLAGS.misClosed }))
    expect(last.send(range(0, 2))).toMatchObject({ handled: 2, hostTurn: true })
  })

  it('leave MIS orders that would fill on another day to the host', () => {
    const overnight = trader({ 1: (ctx) => ctx.buy('TCS', 1, { product: 'MIS' }) })
    overnight.send(window(6, { 2: BAR_FLAGS.dayStart }))
    expect(overnight.send(range(0, 6))).toMatchObject({ handled: 2, hostTurn: true })
    // CNC fills overnight: delivery orders live until filled.
    const delivery = trader({ 1: (ctx) => ctx.buy('TCS', 1) })
    delivery.send(window(6, { 2: BAR_FLAGS.dayStart }))
    expect(delivery.send(range(0, 6)).fills).toHaveLength(1)
  })

  it('keep their positions across a resumed range and start over from the host’s otherwise', () => {
    const { send, seen } = trader({ 1: (ctx) => ctx.buy('TCS', 3) })
    send(window(6))
    send(range(0, 3))
    send(range(3, 5, { resume: true, account: undefined }))
    expect(seen.slice(-2)).toEqual(['bar 3 qty 3', 'bar 4 qty 3'])
    send(range(5, 6, { positions: { TCS: { qty: 7, avgPrice: 100 } } }))
    expect(seen.at(-1)).toBe('bar 5 qty 7')
  })

  it('stop once the call holds the per-call limit of intents or log lines', () => {
    const every = Object.fromEntries(
      Array.from({ length: 6 }, (_, i) => [i, (ctx: Ctx) => ctx.log.info(`bar ${i}`)]),
    )
    const { send } = trader(every)
    send(window(6))
    expect(send(range(0, 6, { limits: { intents: 10, logs: 2 } })).handled).toBe(2)
  })

  it('keep no log lines when quiet, so they end no range, and trade the same', () => {
    const every = Object.fromEntries(
      Array.from({ length: 6 }, (_, i) => [
        i,
        (ctx: Ctx) => {
          ctx.log.info(`bar ${i}`)
          if (i === 1) ctx.buy('TCS', 3)
        },
      ]),
    )
    const loud = trader(every)
    loud.send(window(6))
    const heard = loud.send(range(0, 6, { limits: { intents: 10, logs: 100 } }))
    expect(heard.logs).toHaveLength(6)
    const quiet = trader(every)
    quiet.send(window(6))
    const out = quiet.send(range(0, 6, { limits: { intents: 10, logs: 2 }, quiet: true }))
    expect(out).toMatchObject({ handled: 6, logs: [] })
    expect(out.fills).toHaveLength(1)
    expect([out.intents, out.fills, quiet.seen]).toEqual([heard.intents, heard.fills, loud.seen])
  })

  it('fill nothing without an account: each order ends the range, as before fill rules', () => {
    const { send } = trader({ 1: (ctx) => ctx.buy('TCS', 3) })
    send(window(6))
    const out = send(range(0, 6, { account: undefined }))
    expect(out).toMatchObject({ handled: 2, hostTurn: true })
    expect(out.fills).toBeUndefined()
  })
})

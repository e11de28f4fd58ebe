import { describe, expect, it } from 'vitest'
import type { StrategyContext } from '../context.ts'
import { PROTOCOL_LIMITS } from '../protocol.ts'
import type { BarEvent, DataInput, DispatchInput, OrderEvent } from '../types.ts'
import {
  bar,
  batch,
  dataWindow,
  init,
  load,
  manifest,
  packWindow,
  rangeInput,
  T0,
} from './test-harness.ts'

type Ctx = StrategyContext
const MIN = 60_000

const window = dataWindow
const range = rangeInput
const filled = (clientOrderId: string): OrderEvent => ({
  type: 'order',
  update: { clientOrderId, status: 'complete', filledQty: 1, avgPrice: 101 },
})

describe('stamped batches', () => {
  it('stamp intents, logs and the error with the index of their event, only when asked', () => {
    const { send } = load('strategy', {
      manifest,
      onBar(ctx: Ctx, e: BarEvent) {
        ctx.log.info(e.bar.close)
        if (e.bar.close === 101) ctx.buy('TCS', 1)
        if (e.bar.close === 102) throw new Error('boom')
      },
    })
    send(init())
    const out = send(batch([bar(0), bar(1), bar(2)], { stamp: true }))
    expect(out.intents.map((i) => [i.clientOrderId, i.at])).toEqual([['0-1', 1]])
    expect(out.logs.map((l) => l.at)).toEqual([0, 1, 2])
    expect(out.error).toMatchObject({ name: 'Error', at: 2 })
    const plain = send(batch([bar(3), bar(4)]))
    expect(plain.logs.map((l) => 'at' in l)).toEqual([false, false])
  })
})

describe('data windows and ranges', () => {
  it('deliver preloaded bars one at a time, clock at each close, never a bar ahead', () => {
    const seen: { now: number; newest: number; close: number; sma?: number }[] = []
    let frozen = true
    const { send } = load('strategy', {
      manifest,
      onBar(ctx: Ctx, e: BarEvent) {
        const held = ctx.bars('TCS', '1m')
        frozen &&= Object.isFrozen(e.bar) && held.at(-1) === e.bar
        seen.push({
          now: ctx.now(),
          newest: held.at(-1)!.ts,
          close: e.bar.close,
          sma: ctx.indicators.sma('TCS', '1m', 2),
        })
        ctx.log.info('bar')
      },
    })
    send(init())
    expect(send(window(0, 5)).error).toBeUndefined()
    const out = send(range(0, 3))
    expect(out.error).toBeUndefined()
    expect(seen).toEqual([
      { now: T0 + MIN, newest: T0, close: 100, sma: undefined },
      { now: T0 + 2 * MIN, newest: T0 + MIN, close: 101, sma: 100.5 },
      { now: T0 + 3 * MIN, newest: T0 + 2 * MIN, close: 102, sma: 101.5 },
    ])
    expect(out.logs.map((l) => [l.at, l.ts])).toEqual([
      [0, T0 + MIN],
      [1, T0 + 2 * MIN],
      [2, T0 + 3 * MIN],
    ])
    send(range(3, 4))
    expect(seen.at(-1)).toEqual({ now: T0 + 4 * MIN, newest: T0 + 3 * MIN, close: 103, sma: 102.5 })
    expect(frozen).toBe(true)
  })

  it('deliver order updates first, then stop after the event of the first intent', () => {
    const calls: string[] = []
    const { send } = load('strategy', {
      manifest,
      onOrderUpdate(ctx: Ctx, u: { clientOrderId: string; status: string }) {
        calls.push(`update ${u.clientOrderId} ${u.status} ${ctx.position('TCS').qty}`)
      },
      onBar(ctx: Ctx, e: BarEvent) {
        calls.push(`bar ${e.bar.close}`)
        if (e.bar.close === 102 && ctx.openOrders().length === 0) {
          ctx.buy('TCS', 1)
          ctx.log.info('bought')
        }
      },
    })
    send(init())
    send(window(0, 10))
    const first = send(range(0, 10))
    expect(calls).toEqual(['bar 100', 'bar 101', 'bar 102'])
    expect(first.intents).toEqual([expect.objectContaining({ clientOrderId: '0-1', at: 2 })])
    expect(first.logs).toEqual([expect.objectContaining({ message: 'bought', at: 2 })])
    calls.length = 0
    const second = send(
      range(3, 10, { events: [filled('0-1')], positions: { TCS: { qty: 1, avgPrice: 101 } } }),
    )
    expect(calls).toEqual([
      'update 0-1 complete 1',
      'bar 103',
      'bar 104',
      'bar 105',
      'bar 106',
      'bar 107',
      'bar 108',
      'bar 109',
    ])
    expect(second.intents).toEqual([])
  })

  it('stamp what update hooks emit with the update’s index and still handle the first bar', () => {
    const calls: string[] = []
    const { send } = load('strategy', {
      manifest,
      onOrderUpdate(ctx: Ctx) {
        ctx.sell('TCS', 1)
      },
      onBar(ctx: Ctx, e: BarEvent) {
        calls.push(`bar ${e.bar.close}`)
        if (e.bar.close === 100) ctx.buy('TCS', 1)
      },
    })
    send(init())
    send(window(0, 10))
    send(range(0, 10))
    const out = send(range(1, 10, { events: [filled('0-1')] }))
    expect(calls).toEqual(['bar 100', 'bar 101'])
    expect(out.intents).toEqual([expect.objectContaining({ clientOrderId: '0-2', at: 0 })])
  })

  it('stamp a hook’s error with its event and stop there', () => {
    const { send } = load('strategy', {
      manifest,
      onBar(_: Ctx, e: BarEvent) {
        if (e.bar.close === 104) throw new RangeError('no')
      },
    })
    send(init())
    send(window(0, 10))
    expect(send(range(0, 10, { events: [filled('x')] })).error).toEqual({
      name: 'RangeError',
      message: 'onBar(TCS 1m 2024-01-01 09:19 IST): no',
      at: 5,
    })
  })

  it('merge several series in the host’s order, each event the next bar of its series', () => {
    const seen: string[] = []
    const { send } = load('strategy', {
      manifest,
      onBar: (_: Ctx, e: BarEvent) => seen.push(`${e.symbol} ${e.timeframe} ${e.bar.close}`),
    })
    send(init())
    const out = send({
      kind: 'data',
      start: 7,
      series: [
        { symbol: 'TCS', timeframe: '1m' },
        { symbol: 'INFY', timeframe: '1m' },
      ],
      feed: [1, 0, 0],
      time: [T0 + MIN, T0 + MIN, T0 + 2 * MIN],
      ts: [T0, T0, T0 + MIN],
      open: [5, 1, 2],
      high: [5, 1, 2],
      low: [5, 1, 2],
      close: [5, 1, 2],
      volume: [0, 0, 0],
    })
    expect(out.error).toBeUndefined()
    send(range(7, 10))
    expect(seen).toEqual(['INFY 1m 5', 'TCS 1m 1', 'TCS 1m 2'])
  })

  it('take the same window packed in a binary block, as the host sends backtests', () => {
    const twoSeries = dataWindow(0, 6, {
      series: [
        { symbol: 'TCS', timeframe: '1m' },
        { symbol: 'INFY', timeframe: '1m' },
      ],
      feed: [0, 1, 0, 1, 1, 0],
      volume: [10, 20, 30, 40, 50, 60],
    }) as DataInput
    const deliveries = (packed: boolean) => {
      const seen: string[] = []
      const { send } = load('strategy', {
        manifest: { ...manifest, universe: ['TCS', 'INFY'] },
        onBar(ctx: Ctx, e: BarEvent) {
          const { open, high, low, close, volume } = e.bar
          const sma = ctx.indicators.sma(e.symbol, '1m', 2)
          seen.push(
            `${ctx.now()} ${e.symbol} ${e.bar.ts} ${open}/${high}/${low}/${close}/${volume} ${sma}`,
          )
        },
      })
      send(init())
      const { input, block } = packWindow(twoSeries)
      expect((packed ? send(input, block) : send(twoSeries)).error).toBeUndefined()
      expect(send(range(0, 6)).error).toBeUndefined()
      return seen
    }
    const packed = deliveries(true)
    expect(packed).toHaveLength(6)
    expect(packed[3]).toBe(`${T0 + 4 * MIN} INFY ${T0 + 3 * MIN} 103/104/102/103/40 102`)
    expect(packed).toEqual(deliveries(false))
  })

  it('refuse a malformed packed window, naming what is wrong', () => {
    const { send } = load('strategy', { manifest, onBar() {} })
    send(init())
    const three = packWindow(dataWindow(0, 3) as DataInput)
    const refused = (input: object, block: unknown) => send(input as DispatchInput, block).error
    const spoiled = (column: number, i: number, value: number) => {
      const copy = new Float64Array(three.block.slice(0))
      copy[column * 3 + i] = value
      return copy.buffer
    }
    const cases: [object, unknown, string][] = [
      [
        three.input,
        new Float64Array(three.block),
        'a packed window needs its columns as a binary block',
      ],
      [three.input, { byteLength: 216 }, 'a packed window needs its columns as a binary block'],
      [
        three.input,
        three.block.slice(0, 144),
        'the packed block holds 144 bytes, not 9 columns of 3 float64',
      ],
      [{ ...three.input, events: 0 }, three.block, 'a window holds 1 to 100000 events'],
      [three.input, spoiled(2, 2, Number.NaN), 'open[2] must be a finite number'],
      [three.input, spoiled(0, 0, Number.POSITIVE_INFINITY), 'time[0] must be a finite number'],
      [three.input, spoiled(6, 1, Number.NEGATIVE_INFINITY), 'volume[1] must be a finite number'],
      [three.input, spoiled(7, 1, 1), 'feed[1] is not a series of the window'],
      [three.input, spoiled(7, 0, 0.5), 'feed[0] is not a series of the window'],
      [three.input, spoiled(8, 2, 16), 'flags[2] must be a whole number from 0 to 15'],
    ]
    for (const [input, block, message] of cases) {
      expect(refused(input, block)?.message, message).toContain(`data: ${message}`)
    }
    expect(refused(three.input, three.block)).toBeUndefined()
  })

  it('refuse malformed windows and ranges outside the window as protocol errors', () => {
    const { send } = load('strategy', { manifest, onBar() {} })
    send(init())
    const refused = (input: DispatchInput) => send(input).error
    expect(refused(range(0, 1))?.message).toBe('range: events 0..0 are not in the data window')
    send(window(10, 5))
    for (const [from, to] of [
      [9, 11],
      [12, 16],
      [12, 12],
    ]) {
      expect(refused(range(from!, to!))?.name, `${from}..${to}`).toBe('ProtocolError')
    }
    expect(refused(range(1.5, 3))?.message).toBe('range: from and to must be whole numbers')
    const bad: [Partial<DataInput>, string][] = [
      [{ close: [1, 2] }, 'data: close must hold one number per event'],
      [{ open: [1, 2, Number.NaN] }, 'data: open[2] must be a finite number'],
      [{ start: -1 }, 'data: start must be a whole number'],
      [{ series: [] }, 'data: series must list 1 to 4000 series'],
      [{ series: [{ symbol: 'A B', timeframe: '1m' }] }, 'data: series[0].symbol is not a symbol'],
      [
        {
          series: [
            { symbol: 'TCS', timeframe: '1m' },
            { symbol: 'INFY', timeframe: '1m' },
          ],
        },
        'data: feed must name a series for each event',
      ],
      [{ feed: [0, 0, 1] }, 'data: feed[2] is not a series of the window'],
    ]
    for (const [change, message] of bad) {
      expect(refused({ ...window(0, 3), ...change } as DispatchInput)?.message).toBe(message)
    }
    const n = PROTOCOL_LIMITS.maxWindowEvents + 1
    expect(refused(window(0, n))?.message).toBe('data: a window holds 1 to 100000 events')
    // A refused window leaves the one held before.
    expect(refused(range(10, 15))).toBeUndefined()
  })
})

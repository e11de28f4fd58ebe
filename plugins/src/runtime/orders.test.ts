import { describe, expect, it } from 'vitest'
import type { StrategyContext } from '../context.ts'
import { PROTOCOL_LIMITS } from '../protocol.ts'
import type { BarEvent } from '../types.ts'
import { bar, batch, init, load, manifest } from './test-harness.ts'

type Ctx = StrategyContext

describe('dispatch: orders', () => {
  it('turns ctx.buy/sell/modify/cancel into intents with deterministic ids', () => {
    const { send } = load('strategy', {
      manifest,
      onBar(ctx: Ctx, e: BarEvent) {
        const id = ctx.buy(e.symbol, 5, {
          type: 'LIMIT',
          price: 99.5,
          product: 'MIS',
          tag: 'entry',
        })
        ctx.modify(id, { price: 99 })
        ctx.cancel(id)
        ctx.sell('INFY', 1)
      },
    })
    send(init({ deploymentSeq: 42 }))
    expect(send(batch([bar(0)])).intents).toEqual([
      {
        action: 'place',
        clientOrderId: '42-1',
        symbol: 'TCS',
        side: 'BUY',
        qty: 5,
        orderType: 'LIMIT',
        product: 'MIS',
        price: 99.5,
        tag: 'entry',
      },
      { action: 'modify', clientOrderId: '42-1', price: 99 },
      { action: 'cancel', clientOrderId: '42-1' },
      {
        action: 'place',
        clientOrderId: '42-2',
        symbol: 'INFY',
        side: 'SELL',
        qty: 1,
        orderType: 'MARKET',
        product: 'CNC',
      },
    ])
  })

  it('follows order updates, reports them to onOrderUpdate and reads positions from the host', () => {
    const updates: unknown[] = []
    let id = ''
    const { send } = load('strategy', {
      manifest,
      onBar(ctx: Ctx) {
        if (!id) id = ctx.buy('TCS', 2)
        updates.push({ open: ctx.openOrders('TCS').map((o) => o.status), pos: ctx.position('TCS') })
      },
      onOrderUpdate: (ctx: Ctx, u: unknown) => updates.push({ u, order: ctx.order(id)?.status }),
    })
    send(init())
    send(batch([bar(0)]))
    const update = {
      clientOrderId: '0-1',
      status: 'complete',
      filledQty: 2,
      avgPrice: 100.5,
    } as const
    const unknown = { ...update, clientOrderId: '9-9' }
    send(
      batch([{ type: 'order', update }, { type: 'order', update: unknown }, bar(1)], {
        positions: { TCS: { qty: 2, avgPrice: 100.5 } },
      }),
    )
    expect(updates).toEqual([
      { open: ['pending'], pos: { qty: 0, avgPrice: 0 } },
      { u: update, order: 'complete' },
      { open: [], pos: { qty: 2, avgPrice: 100.5 } },
    ])
  })

  it('refuses orders the platform could not place, naming the problem and the hook', () => {
    const attempt = (place: (ctx: Ctx) => void) => {
      const { send } = load('strategy', { manifest, onBar: place })
      send(init())
      return send(batch([bar(0)])).error
    }
    expect(attempt((c) => c.buy('WIPRO', 1))).toEqual({
      name: 'OrderError',
      message: `onBar(TCS 1m 2024-01-01 09:15 IST): cannot trade "WIPRO": it is not in the manifest's universe`,
    })
    expect(attempt((c) => c.buy('TCS', 0))?.message).toMatch(
      /qty must be a whole number from 1 to 10000000, got 0$/,
    )
    expect(attempt((c) => c.buy('TCS', 1.5))?.message).toMatch(/got 1.5$/)
    expect(attempt((c) => c.buy('TCS', 1, { type: 'LIMIT' }))?.message).toMatch(
      /a LIMIT order needs a price/,
    )
    expect(attempt((c) => c.buy('TCS', 1, { type: 'SL-M' }))?.message).toMatch(
      /needs a triggerPrice/,
    )
    expect(attempt((c) => c.buy('TCS', 1, { type: 'LIMIT', price: Number.NaN }))?.message).toMatch(
      /price must be a positive price, got NaN/,
    )
    expect(attempt((c) => c.buy('TCS', 1, { tag: 'has spaces' }))?.message).toMatch(/tag must be/)
    expect(attempt((c) => c.cancel('0-77'))?.message).toMatch(
      /cancel: no order "0-77" placed by this deployment/,
    )
  })

  it('drops what a failing hook placed, keeps earlier events, and stops the batch there', () => {
    const { send } = load('strategy', {
      manifest,
      onBar(ctx: Ctx, e: BarEvent) {
        ctx.buy('TCS', 1)
        ctx.log.info('bar', e.bar.close)
        if (e.bar.close === 101) throw new RangeError('boom')
      },
    })
    send(init())
    const out = send(batch([bar(0), bar(1), bar(2)]))
    expect(out.intents.map((i) => i.clientOrderId)).toEqual(['0-1'])
    expect(out.logs.map((l) => l.message)).toEqual(['bar 100', 'bar 101'])
    expect(out.error).toEqual({
      name: 'RangeError',
      message: 'onBar(TCS 1m 2024-01-01 09:16 IST): boom',
    })
  })

  it('caps intents per batch with a LimitError', () => {
    const { send } = load('strategy', {
      manifest,
      onBar: (ctx: Ctx) => {
        for (let i = 0; i <= PROTOCOL_LIMITS.maxIntents; i++) ctx.buy('TCS', 1)
      },
    })
    send(init())
    const out = send(batch([bar(0)]))
    expect(out.error?.name).toBe('LimitError')
    expect(out.intents).toEqual([])
  })
})

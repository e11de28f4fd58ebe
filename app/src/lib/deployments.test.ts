import { describe, expect, test } from 'vitest'
import { allowedActions, describeIntent, isLive } from './deployments.ts'

describe('allowedActions', () => {
  test('offers what the edge allows from each status', () => {
    expect(allowedActions('starting')).toEqual(['pause', 'stop'])
    expect(allowedActions('running')).toEqual(['pause', 'stop'])
    expect(allowedActions('paused')).toEqual(['start', 'stop'])
    expect(allowedActions('stopped')).toEqual(['start'])
    expect(allowedActions('failed')).toEqual(['start', 'stop'])
  })

  test('pages refresh only while the engine works on it', () => {
    expect(
      ['starting', 'running', 'paused', 'stopped', 'failed'].filter((s) => isLive(s as never)),
    ).toEqual(['starting', 'running'])
  })
})

describe('describeIntent', () => {
  test('an order to place, with its price and trigger when it has them', () => {
    expect(
      describeIntent({
        action: 'place',
        clientOrderId: '1-1',
        symbol: 'NIFTY50',
        side: 'BUY',
        qty: 1,
        orderType: 'MARKET',
        product: 'CNC',
      }),
    ).toBe('BUY 1 NIFTY50 · MARKET · CNC')
    expect(
      describeIntent({
        action: 'place',
        symbol: 'TCS',
        side: 'SELL',
        qty: 5,
        orderType: 'SL',
        product: 'MIS',
        price: 3810.5,
        triggerPrice: 3812,
      }),
    ).toBe('SELL 5 TCS @ 3810.5 trigger 3812 · SL · MIS')
  })

  test('changes and cancellations name the order', () => {
    expect(describeIntent({ action: 'modify', clientOrderId: '1-2', price: 101 })).toBe(
      'Modify 1-2: price 101',
    )
    expect(describeIntent({ action: 'cancel', clientOrderId: '1-2' })).toBe('Cancel 1-2')
  })

  test('anything else is shown as it came', () => {
    expect(describeIntent({ action: 'teleport' })).toBe('{"action":"teleport"}')
  })
})

import { newId } from '@vm-algo/db'
import { describe, expect, it } from 'vitest'
import { EntitlementError, TopicError } from './errors.ts'
import {
  barTopic,
  checkEntitlement,
  isTickPattern,
  tenantTopic,
  tickTopic,
  topicMatches,
} from './topics.ts'

describe('topics', () => {
  it('names instruments and candles, including NSE symbols with & and -', () => {
    expect(tickTopic('NSE', 'M&M')).toBe('ticks.NSE.M&M')
    expect(barTopic('15m', 'NSE', 'BAJAJ-AUTO')).toBe('bars.15m.NSE.BAJAJ-AUTO')
    const tenant = newId('tenant')
    expect(tenantTopic(tenant, tickTopic('NSE', 'SBIN'))).toBe(`tenant.${tenant}.ticks.NSE.SBIN`)
    expect(() => tenantTopic('acme', 'ticks.NSE.SBIN')).toThrow(TopicError)
    expect(() => tickTopic('NSE', '')).toThrow(TopicError)
    expect(() => tickTopic('NSE', 'NIFTY 50')).toThrow(/space/)
  })

  it('matches like NATS: * is one token, a final > one or more', () => {
    const cases: [string, string, boolean][] = [
      ['bars.1m.>', 'bars.1m.NSE.NIFTY50', true],
      ['bars.1m.>', 'bars.5m.NSE.NIFTY50', false],
      ['bars.1m.>', 'bars.1m', false],
      ['bars.*.NSE.NIFTY50', 'bars.15m.NSE.NIFTY50', true],
      ['bars.*.NSE.NIFTY50', 'bars.15m.NSE.BANKNIFTY', false],
      ['ticks.NSE.*', 'ticks.NSE.RELIANCE', true],
      ['ticks.NSE.*', 'ticks.NSE.RELIANCE.extra', false],
      ['ticks.NSE.RELIANCE', 'ticks.NSE.RELIANCE', true],
      ['ticks.NSE.RELIANCE', 'ticks.NSE.RELIANC', false],
    ]
    for (const [pattern, topic, expected] of cases) {
      expect(topicMatches(pattern, topic), `${pattern} ~ ${topic}`).toBe(expected)
    }
  })

  it('opens private topics to their tenant only', () => {
    const a = newId('tenant')
    const b = newId('tenant')
    expect(() => checkEntitlement(`tenant.${a}.ticks.>`, a)).not.toThrow()
    expect(() => checkEntitlement('bars.1m.>', a)).not.toThrow()
    expect(() => checkEntitlement('bars.1m.>', null)).not.toThrow()
    for (const [pattern, who] of [
      [`tenant.${b}.ticks.>`, a],
      [`tenant.${a}.ticks.>`, null],
      ['tenant.*.ticks.NSE.SBIN', a],
      ['>', null],
      ['*.NSE.SBIN', a],
    ] as const) {
      expect(() => checkEntitlement(pattern, who), pattern).toThrow(EntitlementError)
    }
  })

  it('tells tick patterns (coalescing by default) from candle patterns', () => {
    const a = newId('tenant')
    expect(isTickPattern('ticks.NSE.>')).toBe(true)
    expect(isTickPattern(`tenant.${a}.ticks.>`)).toBe(true)
    expect(isTickPattern('bars.1m.>')).toBe(false)
    expect(isTickPattern(`tenant.${a}.bars.>`)).toBe(false)
  })
})

import { describe, expect, test } from 'vitest'
import {
  describeSubscription,
  isRunning,
  planFeatures,
  planPrice,
  type Subscription,
} from './plans.ts'

const now = Date.parse('2026-11-30T06:00:00Z')

const sub = (over: Partial<Subscription>): Subscription => ({
  tier: 'pro',
  status: 'active',
  currentPeriodEnd: '2026-12-30T06:00:00Z',
  cancelAtPeriodEnd: false,
  graceUntil: null,
  ...over,
})

describe('plan cards', () => {
  test('list what a plan includes, from the API’s plan table', () => {
    expect(
      planFeatures({
        requestsPerMinute: 100,
        strategies: 1,
        permissions: ['view_dashboard', 'backtest'],
      }),
    ).toEqual([
      '1 strategy at a time',
      '100 API requests a minute',
      'Market dashboard',
      'Backtesting',
    ])
    expect(
      planFeatures({
        requestsPerMinute: null,
        strategies: 100,
        permissions: ['view_dashboard', 'backtest', 'trade', 'scanner', 'alerts'],
      }),
    ).toEqual([
      '100 strategies at a time',
      'No cap on API requests',
      'Market dashboard',
      'Backtesting',
      'Paper and live trading',
      'Scanners',
      'Alerts',
    ])
  })

  test('show prices in rupees with Indian grouping', () => {
    expect(planPrice({ amount: 99_900, currency: 'inr', interval: 'month' })).toBe('₹999 / month')
    expect(planPrice({ amount: 299_900, currency: 'inr', interval: 'month' })).toBe(
      '₹2,999 / month',
    )
    expect(planPrice({ amount: 0, currency: 'inr', interval: 'month' })).toBe('₹0 / month')
  })
})

describe('describeSubscription', () => {
  test('an active plan renews on its period end (IST date)', () => {
    expect(describeSubscription(sub({}), now)).toEqual({
      label: 'Active',
      tone: 'ok',
      next: 'Renews on 30 Dec 2026.',
    })
  })

  test('a plan cancelled at period end says when it stops', () => {
    expect(describeSubscription(sub({ cancelAtPeriodEnd: true }), now)).toMatchObject({
      label: 'Cancelling',
      tone: 'warning',
      next: 'Pro ends on 30 Dec 2026; the workspace moves to Free then.',
    })
  })

  test('a failed payment inside the grace period warns with its end date', () => {
    const summary = describeSubscription(
      sub({ status: 'past_due', graceUntil: '2026-12-07T06:00:00Z' }),
      now,
    )
    expect(summary).toMatchObject({
      label: 'Payment failed',
      tone: 'danger',
      next: 'You keep Pro until 7 Dec 2026.',
    })
    expect(summary.warning).toBe(
      'The last payment for Pro failed. Update your payment method in Manage billing before 7 Dec 2026 to keep Pro.',
    )
  })

  test('after the grace period the plan has dropped to Free and no warning remains', () => {
    const summary = describeSubscription(
      sub({ status: 'unpaid', graceUntil: '2026-11-29T06:00:00Z' }),
      now,
    )
    expect(summary.next).toBe('The plan has moved to Free until a payment succeeds.')
    expect(summary.warning).toBeUndefined()
  })

  test('a cancelled subscription says when it ended', () => {
    expect(describeSubscription(sub({ status: 'canceled', tier: 'elite' }), now)).toMatchObject({
      label: 'Cancelled',
      next: 'Elite ended on 30 Dec 2026.',
    })
  })

  test('running subscriptions change plan in the portal, ended ones go through checkout', () => {
    expect(isRunning(sub({ status: 'past_due' }))).toBe(true)
    expect(isRunning(sub({ status: 'canceled' }))).toBe(false)
    expect(isRunning(null)).toBe(false)
  })
})

import { ConfigError } from '@vm-algo/db'
import { describe, expect, it } from 'vitest'
import { loadEdgeConfig } from '../config.ts'
import { TEST_SECRETS } from '../testing/harness.ts'
import { billingOf } from './stripe.ts'

const stripeEnv = {
  STRIPE_SECRET_KEY: 'sk_test_abc123',
  STRIPE_WEBHOOK_SECRET: 'whsec_abc',
  STRIPE_PRICE_PRO: 'price_pro1',
  STRIPE_PRICE_ELITE: 'price_elite1',
}

describe('billing settings', () => {
  it('leave billing off when no Stripe key is set', () => {
    const config = loadEdgeConfig({ ...TEST_SECRETS })
    expect(billingOf(config)).toBeNull()
    expect(config.BILLING_GRACE_DAYS).toBe(7)
    expect(config.PUBLIC_URL).toBe('http://localhost:3000')
  })

  it('map the configured prices to plans', () => {
    const billing = billingOf(loadEdgeConfig({ ...TEST_SECRETS, ...stripeEnv }))!
    expect(billing.tierOfPrice('price_pro1')).toBe('pro')
    expect(billing.tierOfPrice('price_elite1')).toBe('elite')
    expect(billing.tierOfPrice('price_other')).toBeNull()
    expect(billing.tierOfPrice(null)).toBeNull()
  })

  it('refuse half a Stripe setup at start-up, naming what is missing', () => {
    const { STRIPE_PRICE_ELITE: _, ...partial } = stripeEnv
    expect(() => loadEdgeConfig({ ...TEST_SECRETS, ...partial })).toThrow(ConfigError)
    expect(() => loadEdgeConfig({ ...TEST_SECRETS, ...partial })).toThrow(
      /STRIPE_PRICE_ELITE: required with STRIPE_SECRET_KEY/,
    )
  })

  it('refuse malformed keys, prices, URLs and grace periods', () => {
    const bad = (env: Record<string, string>, name: RegExp) =>
      expect(() => loadEdgeConfig({ ...TEST_SECRETS, ...stripeEnv, ...env })).toThrow(name)
    bad({ STRIPE_SECRET_KEY: 'pk_test_publishable' }, /STRIPE_SECRET_KEY/)
    bad({ STRIPE_WEBHOOK_SECRET: 'secret' }, /STRIPE_WEBHOOK_SECRET/)
    bad({ STRIPE_PRICE_PRO: 'prod_123' }, /STRIPE_PRICE_PRO/)
    bad({ STRIPE_API_URL: 'ftp://127.0.0.1:1' }, /STRIPE_API_URL/)
    bad({ PUBLIC_URL: 'not a url' }, /PUBLIC_URL/)
    bad({ BILLING_GRACE_DAYS: '-1' }, /BILLING_GRACE_DAYS/)
  })
})

import { describe, expect, it } from 'vitest'
import { entitledTier, tenantTier } from './entitlement.ts'

const now = new Date('2026-11-10T10:00:00Z')
const later = new Date('2026-11-12T10:00:00Z')
const earlier = new Date('2026-11-08T10:00:00Z')

describe('entitledTier', () => {
  it('gives the plan while active or trialing', () => {
    expect(entitledTier({ tier: 'pro', status: 'active', graceUntil: null }, now)).toBe('pro')
    expect(entitledTier({ tier: 'elite', status: 'trialing', graceUntil: null }, now)).toBe('elite')
  })

  it('keeps the plan in arrears only until the grace period ends', () => {
    expect(entitledTier({ tier: 'pro', status: 'past_due', graceUntil: later }, now)).toBe('pro')
    expect(entitledTier({ tier: 'pro', status: 'unpaid', graceUntil: later }, now)).toBe('pro')
    expect(entitledTier({ tier: 'pro', status: 'past_due', graceUntil: earlier }, now)).toBe('free')
    expect(entitledTier({ tier: 'pro', status: 'past_due', graceUntil: now }, now)).toBe('free')
  })

  it('gives nothing for ended, unfinished or paused subscriptions', () => {
    for (const status of ['canceled', 'incomplete', 'incomplete_expired', 'paused']) {
      expect(entitledTier({ tier: 'elite', status, graceUntil: later }, now)).toBe('free')
    }
  })
})

describe('tenantTier', () => {
  it('is the best plan any subscription gives, free with none', () => {
    expect(tenantTier([], now)).toBe('free')
    expect(
      tenantTier(
        [
          { tier: 'elite', status: 'canceled', graceUntil: null },
          { tier: 'pro', status: 'active', graceUntil: null },
        ],
        now,
      ),
    ).toBe('pro')
  })
})

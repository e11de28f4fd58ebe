import { describe, expect, it } from 'vitest'
import { PLANS, permissionsFor } from './plans.ts'

describe('plans', () => {
  it('match the product spec', () => {
    expect([
      PLANS.free.requestsPerMinute,
      PLANS.pro.requestsPerMinute,
      PLANS.elite.requestsPerMinute,
    ]).toEqual([100, 500, null])
    expect([PLANS.free.strategies, PLANS.pro.strategies, PLANS.elite.strategies]).toEqual([
      1, 10, 100,
    ])
  })

  it('give free members the dashboard and backtests only', () => {
    expect(permissionsFor({ tier: 'free', role: 'member', isPlatformAdmin: false })).toEqual([
      'view_dashboard',
      'backtest',
    ])
  })

  it('add trading, scanners and alerts on pro and elite', () => {
    for (const tier of ['pro', 'elite'] as const) {
      const p = permissionsFor({ tier, role: 'member', isPlatformAdmin: false })
      expect(p).toEqual(expect.arrayContaining(['trade', 'scanner', 'alerts']))
      expect(p).not.toContain('admin')
    }
  })

  it('let owners manage team and billing, admins the team only', () => {
    expect(permissionsFor({ tier: 'free', role: 'owner', isPlatformAdmin: false })).toEqual(
      expect.arrayContaining(['manage_team', 'manage_billing']),
    )
    const admin = permissionsFor({ tier: 'free', role: 'admin', isPlatformAdmin: false })
    expect(admin).toContain('manage_team')
    expect(admin).not.toContain('manage_billing')
  })

  it('give platform admins everything, whatever their tenant', () => {
    const p = permissionsFor({ tier: 'free', role: 'member', isPlatformAdmin: true })
    expect(p).toEqual(expect.arrayContaining(['admin', 'trade', 'manage_billing']))
  })
})

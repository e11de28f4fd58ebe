import { describe, expect, test } from 'vitest'
import { navLinks } from './nav.ts'
import type { Me, Permission } from './session.tsx'

const me = (permissions: Permission[]): Me => ({
  user: {
    id: 'usr_1',
    email: 'asha@example.in',
    name: 'Asha',
    createdAt: '2026-11-30T00:00:00Z',
    isPlatformAdmin: permissions.includes('admin'),
  },
  tenant: { id: 'tnt_1', name: 'Asha', slug: 'asha', tier: 'free', status: 'active' },
  tier: 'free',
  role: 'member',
  permissions,
  mfa: { enrolled: false, sessionVerified: false },
})

const labels = (state: Parameters<typeof navLinks>[0]) => navLinks(state).map((l) => l.label)

describe('navigation', () => {
  test('signed out: log in and sign up', () => {
    expect(labels({ status: 'signed-out' })).toEqual(['Status', 'Log in', 'Sign up'])
  })

  test('while the session loads: only the public pages, so nothing flickers', () => {
    expect(labels({ status: 'loading' })).toEqual(['Status'])
  })

  test('a member sees plugins, backtests, deployments, scans, their account and team', () => {
    expect(labels({ status: 'signed-in', me: me(['view_dashboard', 'backtest']) })).toEqual([
      'Status',
      'Plugins',
      'Backtests',
      'Datasets',
      'Deployments',
      'Scans',
      'Account',
      'Team',
    ])
  })

  test('backtests only with the backtest permission', () => {
    expect(labels({ status: 'signed-in', me: me(['view_dashboard']) })).not.toContain('Backtests')
  })

  test('datasets, imported for backtests, with the same permission', () => {
    expect(labels({ status: 'signed-in', me: me(['view_dashboard']) })).not.toContain('Datasets')
  })

  test('billing for those who manage it, the console for platform admins', () => {
    expect(labels({ status: 'signed-in', me: me(['manage_team', 'manage_billing']) })).toEqual([
      'Status',
      'Plugins',
      'Deployments',
      'Scans',
      'Account',
      'Team',
      'Plan & billing',
    ])
    expect(labels({ status: 'signed-in', me: me(['manage_billing', 'admin']) })).toContain('Admin')
  })
})

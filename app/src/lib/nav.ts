import type { SessionState } from './session.tsx'

export interface NavLink {
  href: string
  label: string
  /** Matches only this exact path (the status page at `/`). */
  end?: boolean
  /** Drawn as a button (sign up). */
  primary?: boolean
}

/**
 * The main navigation: what the visitor may use. Signed out: log in and sign up. Signed in:
 * plugins, backtests (every plan has the permission) and their imported datasets, deployments
 * and scans, their account and team, billing for those who manage it, the console for platform
 * admins. While the session is loading only the public pages show, so nothing flickers in and out.
 */
export function navLinks(state: SessionState): NavLink[] {
  const links: NavLink[] = [{ href: '/', label: 'Status', end: true }]
  if (state.status === 'signed-out') {
    links.push(
      { href: '/login', label: 'Log in' },
      { href: '/signup', label: 'Sign up', primary: true },
    )
  }
  if (state.status !== 'signed-in') return links
  const { permissions } = state.me
  // Every plan writes plugins and deploys in paper mode; the scans page explains its plan.
  links.push({ href: '/plugins', label: 'Plugins' })
  if (permissions.includes('backtest')) links.push({ href: '/backtests', label: 'Backtests' })
  if (permissions.includes('backtest')) links.push({ href: '/datasets', label: 'Datasets' })
  links.push({ href: '/deployments', label: 'Deployments' }, { href: '/scans', label: 'Scans' })
  links.push({ href: '/account', label: 'Account' }, { href: '/team', label: 'Team' })
  if (permissions.includes('manage_billing'))
    links.push({ href: '/billing', label: 'Plan & billing' })
  if (permissions.includes('admin')) links.push({ href: '/admin', label: 'Admin' })
  return links
}

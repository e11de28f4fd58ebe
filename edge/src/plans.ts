/**
 * The product's plans in one table: what each tier may do and how much. Everything that gates
 * on a plan (permissions, rate limits, strategy counts, backtest quotas) reads it from here.
 */
export const PERMISSIONS = [
  'view_dashboard',
  'backtest',
  'trade',
  'scanner',
  'alerts',
  'manage_team',
  'manage_billing',
  'admin',
] as const

export type Permission = (typeof PERMISSIONS)[number]
export type Tier = 'free' | 'pro' | 'elite'
export type Role = 'owner' | 'admin' | 'member'

export interface Plan {
  tier: Tier
  /** Requests per minute per tenant; null = no cap. */
  requestsPerMinute: number | null
  /** Strategies deployed at once. */
  strategies: number
  permissions: readonly Permission[]
  /** Monthly price in paise (₹1 = 100 paise), shown at checkout. */
  pricePaiseMonthly: number
  backtests: BacktestQuota
  /** Imported bar series (CSV uploads) kept at once. */
  datasets: number
}

/** How much backtesting a plan includes. */
export interface BacktestQuota {
  /** Backtest submissions (a sweep counts once) per IST calendar day. */
  runsPerDay: number
  /** Longest date range of one backtest, in calendar days, both ends included. */
  maxRangeDays: number
  /** Most parameter combinations in one sweep; 0 = no sweeps. */
  maxSweepSize: number
}

const PAID: readonly Permission[] = ['view_dashboard', 'backtest', 'trade', 'scanner', 'alerts']

export const PLANS: Readonly<Record<Tier, Plan>> = {
  free: {
    tier: 'free',
    requestsPerMinute: 100,
    strategies: 1,
    permissions: ['view_dashboard', 'backtest'],
    pricePaiseMonthly: 0,
    // A year (a leap year has 366 days), no sweeps.
    backtests: { runsPerDay: 20, maxRangeDays: 366, maxSweepSize: 0 },
    datasets: 3,
  },
  pro: {
    tier: 'pro',
    requestsPerMinute: 500,
    strategies: 10,
    permissions: PAID,
    pricePaiseMonthly: 99_900,
    // Five years (with their leap days).
    backtests: { runsPerDay: 200, maxRangeDays: 1827, maxSweepSize: 100 },
    datasets: 25,
  },
  elite: {
    tier: 'elite',
    requestsPerMinute: null,
    strategies: 100,
    permissions: PAID,
    pricePaiseMonthly: 299_900,
    // Ten years (with their leap days).
    backtests: { runsPerDay: 2_000, maxRangeDays: 3653, maxSweepSize: 1_000 },
    datasets: 200,
  },
}

/** Permissions a member has: the tenant's plan, team powers by role, everything for platform admins. */
export function permissionsFor(subject: {
  tier: Tier
  role: Role
  isPlatformAdmin: boolean
}): Permission[] {
  if (subject.isPlatformAdmin) return [...PERMISSIONS]
  const granted = new Set<Permission>(PLANS[subject.tier].permissions)
  if (subject.role === 'owner' || subject.role === 'admin') granted.add('manage_team')
  if (subject.role === 'owner') granted.add('manage_billing')
  return PERMISSIONS.filter((p) => granted.has(p))
}

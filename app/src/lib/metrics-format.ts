// A backtest's metrics as the report shows them: labels, units, and which way is better. The
// definitions are the engine's (core/src/backtest/README.md, "Metrics"); the API sends them as
// an open record, so every value is read defensively and a missing or undefined one shows "—".

export type MetricUnit = 'percent' | 'signed-percent' | 'ratio' | 'rupees' | 'count' | 'days'

export interface MetricDef {
  key: string
  label: string
  unit: MetricUnit
  /** Which value is better when two runs are compared; none where it depends on taste. */
  better?: 'higher' | 'lower'
  /** What it means, for the card's tooltip. */
  help: string
}

/** The engine's metrics, in the order the report shows them. */
export const METRICS: readonly MetricDef[] = [
  {
    key: 'totalReturn',
    label: 'Total return',
    unit: 'signed-percent',
    better: 'higher',
    help: 'Final equity over the starting capital, after charges.',
  },
  {
    key: 'cagr',
    label: 'CAGR',
    unit: 'signed-percent',
    better: 'higher',
    help: 'Compound annual growth rate, annualised over 252 trading days.',
  },
  {
    key: 'maxDrawdown',
    label: 'Max drawdown',
    unit: 'percent',
    better: 'lower',
    help: 'Deepest fall of equity from a running peak.',
  },
  {
    key: 'maxDrawdownDays',
    label: 'Longest drawdown',
    unit: 'days',
    better: 'lower',
    help: 'Most trading days from a peak until equity was back at it (or the end).',
  },
  {
    key: 'sharpe',
    label: 'Sharpe ratio',
    unit: 'ratio',
    better: 'higher',
    help: 'Mean daily excess return over its standard deviation, annualised (√252).',
  },
  {
    key: 'sortino',
    label: 'Sortino ratio',
    unit: 'ratio',
    better: 'higher',
    help: 'Like Sharpe, with only the downside deviation.',
  },
  {
    key: 'calmar',
    label: 'Calmar ratio',
    unit: 'ratio',
    better: 'higher',
    help: 'CAGR over the max drawdown, over the whole backtest.',
  },
  {
    key: 'volatility',
    label: 'Volatility',
    unit: 'percent',
    help: 'Standard deviation of daily returns, annualised.',
  },
  {
    key: 'winRate',
    label: 'Win rate',
    unit: 'percent',
    better: 'higher',
    help: 'Share of closed trades with a net profit.',
  },
  {
    key: 'profitFactor',
    label: 'Profit factor',
    unit: 'ratio',
    better: 'higher',
    help: 'Sum of winning trades over the sum of losing trades.',
  },
  {
    key: 'expectancy',
    label: 'Expectancy',
    unit: 'rupees',
    better: 'higher',
    help: 'Mean net P&L per closed trade, after charges.',
  },
  {
    key: 'averageWin',
    label: 'Average win',
    unit: 'rupees',
    better: 'higher',
    help: 'Mean net P&L of the winning trades.',
  },
  {
    key: 'averageLoss',
    label: 'Average loss',
    unit: 'rupees',
    better: 'higher',
    help: 'Mean net P&L of the losing trades (a smaller loss is better).',
  },
  {
    key: 'exposure',
    label: 'Exposure',
    unit: 'percent',
    help: 'Share of bars with an open position.',
  },
  { key: 'trades', label: 'Trades', unit: 'count', help: 'Closed round trips.' },
  {
    key: 'tradingDays',
    label: 'Trading days',
    unit: 'count',
    help: 'Trading days in the backtest.',
  },
]

/** The benchmark's metrics (NIFTY 50 buy-and-hold over the same days). */
export const BENCHMARK_METRICS: readonly MetricDef[] = [
  {
    key: 'totalReturn',
    label: 'Benchmark return',
    unit: 'signed-percent',
    better: 'higher',
    help: 'Buy-and-hold of the index over the same trading days.',
  },
  {
    key: 'excessReturn',
    label: 'Excess return',
    unit: 'signed-percent',
    better: 'higher',
    help: "The strategy's total return minus the benchmark's.",
  },
  {
    key: 'cagr',
    label: 'Benchmark CAGR',
    unit: 'signed-percent',
    better: 'higher',
    help: 'The index, annualised over 252 trading days.',
  },
  {
    key: 'maxDrawdown',
    label: 'Benchmark max drawdown',
    unit: 'percent',
    better: 'lower',
    help: 'Deepest fall of the index from a running peak.',
  },
  {
    key: 'sharpe',
    label: 'Benchmark Sharpe',
    unit: 'ratio',
    better: 'higher',
    help: 'Sharpe ratio of the index over the same days.',
  },
]

/** A number from an open record, or null (missing, null, NaN, not a number). */
export function metricValue(metrics: Record<string, unknown> | undefined, key: string) {
  const value = metrics?.[key]
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

export interface Benchmark {
  name: string
  /** Share of the backtest's days the benchmark has data for (0–1). */
  coverage: number | null
  metrics: Record<string, unknown>
}

/** The result's benchmark block, or null when the run had none (no overlapping days). */
export function readBenchmark(metrics: Record<string, unknown> | undefined): Benchmark | null {
  const raw = metrics?.benchmark
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null
  const b = raw as Record<string, unknown>
  return {
    name: typeof b.name === 'string' ? b.name : 'Benchmark',
    coverage: metricValue(b, 'coverage'),
    metrics: b,
  }
}

const PERCENT = new Intl.NumberFormat('en-IN', {
  style: 'percent',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
})
const SIGNED_PERCENT = new Intl.NumberFormat('en-IN', {
  style: 'percent',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
  signDisplay: 'exceptZero',
})
const RATIO = new Intl.NumberFormat('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
const RUPEES = new Intl.NumberFormat('en-IN', {
  style: 'currency',
  currency: 'INR',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
})
const COUNT = new Intl.NumberFormat('en-IN', { maximumFractionDigits: 0 })

/**
 * A metric's value with its unit, as the cards and the comparison show it; "—" when the metric
 * is undefined for the run (no losing trade, fewer than two days, …).
 *
 * @example formatMetric(0.1234, 'signed-percent') // '+12.34%'
 * @example formatMetric(-1234.5, 'rupees') // '-₹1,234.50'
 * @example formatMetric(12, 'days') // '12 trading days'
 */
export function formatMetric(raw: number | null, unit: MetricUnit): string {
  const value = shown(raw, unit)
  if (value === null) return '—'
  switch (unit) {
    case 'percent':
      return PERCENT.format(value)
    case 'signed-percent':
      return SIGNED_PERCENT.format(value)
    case 'ratio':
      return RATIO.format(value)
    case 'rupees':
      return RUPEES.format(value)
    case 'count':
      return COUNT.format(value)
    case 'days':
      return `${COUNT.format(value)} trading ${value === 1 ? 'day' : 'days'}`
  }
}

/**
 * Rupees without paise when large, for capital and axis labels.
 *
 * @example formatRupees(1_000_000) // '₹10,00,000'
 */
export function formatRupees(value: number): string {
  return new Intl.NumberFormat('en-IN', {
    style: 'currency',
    currency: 'INR',
    maximumFractionDigits: Math.abs(value) >= 1_000 ? 0 : 2,
  }).format(value)
}

const DECIMALS: Record<MetricUnit, number> = {
  percent: 4,
  'signed-percent': 4,
  ratio: 2,
  rupees: 2,
  count: 0,
  days: 0,
}

/**
 * A value at the precision it is shown with (and never −0), so what reads as equal is equal:
 * a −0.00004 return shows, colours and compares as 0.
 *
 * @example shown(-0.00004, 'signed-percent') // 0
 */
export function shown(value: number | null, unit: MetricUnit): number | null {
  if (value === null || !Number.isFinite(value)) return null
  const scale = 10 ** DECIMALS[unit]
  return Math.round(value * scale) / scale || 0
}

/** The tone a value reads in: gains green, losses red, for signed values only. */
export function metricTone(raw: number | null, unit: MetricUnit): 'gain' | 'loss' | undefined {
  const value = shown(raw, unit)
  if (value === null || value === 0) return undefined
  if (unit !== 'signed-percent' && unit !== 'rupees') return undefined
  return value > 0 ? 'gain' : 'loss'
}

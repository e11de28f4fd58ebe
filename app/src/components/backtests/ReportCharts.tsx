import { createMemo, Show } from 'solid-js'
import type { BenchmarkLine, Curve, Trade } from '../../lib/backtest-result.ts'
import {
  type ChartSeries,
  COLORS,
  drawdownPoints,
  equityPoints,
  toPoints,
  tradeMarkers,
} from '../../lib/charts.ts'
import { Chart } from './Chart.tsx'

/**
 * A finished run's equity curve beside the benchmark's buy-and-hold line, and its drawdown.
 * The trades are marked on the equity only when there is no price chart to mark them on
 * (runs stored before prices were): `markTrades`.
 */
export function ReportCharts(props: {
  curve: Curve
  benchmark: BenchmarkLine | null
  /** Why there is no benchmark line, when there is none. */
  noBenchmark: string
  trades: readonly Trade[]
  tradesTotal: number
  markTrades: boolean
}) {
  const equity = createMemo((): ChartSeries[] => {
    const data = equityPoints(props.curve)
    const strategy: ChartSeries = {
      title: 'Equity',
      kind: 'line',
      color: COLORS.strategy,
      format: 'rupees',
      data,
      ...(props.markTrades ? { markers: tradeMarkers(props.trades, data) } : {}),
    }
    const b = props.benchmark
    if (!b) return [strategy]
    const line = toPoints(b.time, b.equity)
    return [
      strategy,
      { title: b.name, kind: 'line', color: COLORS.other, format: 'rupees', data: line },
    ]
  })
  const drawdown = createMemo((): ChartSeries[] => [
    {
      title: 'Drawdown',
      kind: 'area',
      color: COLORS.drawdown,
      format: 'percent',
      data: drawdownPoints(props.curve),
    },
  ])
  return (
    <section class="panel" aria-labelledby="charts-title" data-testid="equity-chart">
      <h2 id="charts-title">Equity and drawdown</h2>
      <Chart
        label={
          props.benchmark
            ? `Equity curve in rupees, beside ${props.benchmark.name} with the same capital`
            : 'Equity curve in rupees'
        }
        series={equity()}
        height={340}
      />
      <p class="muted small">
        <Show when={props.benchmark} fallback={props.noBenchmark}>
          {(b) => `${b().name}: the starting capital put in the index on the first day and held.`}
        </Show>
        <Show when={props.markTrades}>
          {' '}
          ▲ buy, ▼ sell, placed at the nearest point of the curve (times in IST).
          {props.trades.length < props.tradesTotal
            ? ` The first ${props.trades.length} of ${props.tradesTotal} trades are marked.`
            : ''}
        </Show>
      </p>
      <Chart label="Drawdown from the running peak, in percent" series={drawdown()} height={200} />
    </section>
  )
}

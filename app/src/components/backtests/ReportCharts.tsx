import { createMemo } from 'solid-js'
import type { Curve, Trade } from '../../lib/backtest-result.ts'
import { COLORS, drawdownPoints, equityPoints, tradeMarkers } from '../../lib/charts.ts'
import { Chart } from './Chart.tsx'

/** A finished run's equity curve (with its trades as buy/sell arrows) and drawdown. */
export function ReportCharts(props: {
  curve: Curve
  trades: readonly Trade[]
  tradesTotal: number
}) {
  const equity = createMemo(() => {
    const data = equityPoints(props.curve)
    return [
      {
        title: 'Equity',
        kind: 'line' as const,
        color: COLORS.strategy,
        format: 'rupees' as const,
        data,
        markers: tradeMarkers(props.trades, data),
      },
    ]
  })
  const drawdown = createMemo(() => [
    {
      title: 'Drawdown',
      kind: 'area' as const,
      color: COLORS.drawdown,
      format: 'percent' as const,
      data: drawdownPoints(props.curve),
    },
  ])
  return (
    <section class="panel" aria-labelledby="charts-title">
      <h2 id="charts-title">Equity and drawdown</h2>
      <Chart label="Equity curve in rupees, with the trades" series={equity()} height={340} />
      <p class="muted small">
        ▲ buy, ▼ sell, placed at the nearest point of the curve (times in IST).
        {props.trades.length < props.tradesTotal
          ? ` The first ${props.trades.length} of ${props.tradesTotal} trades are marked.`
          : ''}
      </p>
      <Chart label="Drawdown from the running peak, in percent" series={drawdown()} height={200} />
    </section>
  )
}

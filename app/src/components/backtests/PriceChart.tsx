import { createMemo, createSignal, Show } from 'solid-js'
import type { PriceSeries, Trade } from '../../lib/backtest-result.ts'
import { type ChartSeries, COLORS, candlePoints, tradeMarkers } from '../../lib/charts.ts'
import { SelectField } from '../Field.tsx'
import { Chart } from './Chart.tsx'

/**
 * The prices a run traded, as candles with its trades as buy and sell arrows at their fill
 * prices; one symbol at a time, chosen from a list when the run traded several. Runs stored
 * before the engine kept prices say so instead.
 */
export function PriceChart(props: {
  prices: readonly PriceSeries[]
  trades: readonly Trade[]
  tradesTotal: number
}) {
  const [chosen, setChosen] = createSignal<string>()
  const shown = createMemo(() => props.prices.find((p) => p.symbol === chosen()) ?? props.prices[0])
  const marked = createMemo(() => props.trades.filter((t) => t.symbol === shown()?.symbol))
  const series = createMemo((): ChartSeries[] => {
    const prices = shown()
    if (!prices) return []
    const data = candlePoints(prices)
    return [
      {
        title: `${prices.symbol} (${prices.timeframe})`,
        kind: 'candles',
        color: COLORS.price,
        format: 'price',
        data,
        markers: tradeMarkers(marked(), data, 'candles'),
      },
    ]
  })
  return (
    <section class="panel" aria-labelledby="prices-title" data-testid="price-chart">
      <h2 id="prices-title">Prices and trades</h2>
      <Show
        when={shown()}
        fallback={
          <p class="empty">
            This run was stored before reports kept the prices it traded. Run it again to see its
            trades on the price chart.
          </p>
        }
      >
        {(prices) => (
          <>
            <Show when={props.prices.length > 1}>
              <SelectField
                label="Symbol"
                value={prices().symbol}
                onValue={setChosen}
                options={props.prices.map((p) => ({ value: p.symbol, label: p.symbol }))}
              />
            </Show>
            <Chart
              label={`${prices().symbol} prices as candles, with the run's buys and sells`}
              series={series()}
              height={340}
            />
            <p class="muted small">
              <span data-testid="trades-marked">
                {marked().length === 1 ? '1 trade marked' : `${marked().length} trades marked`}
              </span>
              {props.trades.length < props.tradesTotal
                ? ` (from the first ${props.trades.length} of ${props.tradesTotal} trades)`
                : ''}
              : ▲ buy, ▼ sell, at the fill price (times in IST).
            </p>
          </>
        )}
      </Show>
    </section>
  )
}

import { For, Show } from 'solid-js'
import {
  BENCHMARK_METRICS,
  formatMetric,
  METRICS,
  type MetricDef,
  metricTone,
  metricValue,
  readBenchmark,
} from '../../lib/metrics-format.ts'

// Shown inside other cards: the drawdown's duration under its depth, the days under the trades.
const FOLDED = new Set(['maxDrawdownDays', 'tradingDays'])

/** A finished run's metrics as cards, then its benchmark's (NIFTY 50 buy-and-hold). */
export function MetricCards(props: { metrics: Record<string, unknown> }) {
  const value = (key: string) => metricValue(props.metrics, key)
  const sub = (key: string): string | undefined => {
    if (key === 'maxDrawdown' && value('maxDrawdownDays') !== null)
      return `lasted ${formatMetric(value('maxDrawdownDays'), 'days')}`
    if (key === 'trades' && value('tradingDays') !== null)
      return `over ${formatMetric(value('tradingDays'), 'days')}`
    if (key === 'sharpe' && value('riskFreeRate') !== null)
      return `risk-free ${formatMetric(value('riskFreeRate'), 'percent')} a year`
    return undefined
  }
  const benchmark = () => readBenchmark(props.metrics)
  return (
    <section class="panel" aria-labelledby="metrics-title">
      <h2 id="metrics-title">Metrics</h2>
      <dl class="metric-cards">
        <For each={METRICS.filter((d) => !FOLDED.has(d.key))}>
          {(def) => <MetricCard def={def} value={value(def.key)} sub={sub(def.key)} />}
        </For>
      </dl>
      <Show
        when={benchmark()}
        fallback={
          <p class="muted small">
            No NIFTY 50 benchmark for these dates: the bundled NIFTY 50 data covers 1 Jan to 23 Aug
            2024.
          </p>
        }
      >
        {(b) => (
          <>
            <h3>Against {b().name}</h3>
            <dl class="metric-cards">
              <For each={BENCHMARK_METRICS}>
                {(def) => <MetricCard def={def} value={metricValue(b().metrics, def.key)} />}
              </For>
            </dl>
            <Show when={b().coverage !== null && b().coverage! < 1}>
              <p class="muted small">
                The benchmark has data for {formatMetric(b().coverage, 'percent')} of the backtest's
                days; it is compared over those.
              </p>
            </Show>
          </>
        )}
      </Show>
      <p class="muted small">
        Returns are daily, annualised over 252 trading days, after Zerodha's charges. Hover a label
        for its definition; “—” means the metric is undefined for this run (for instance, no losing
        trade).
      </p>
    </section>
  )
}

function MetricCard(props: { def: MetricDef; value: number | null; sub?: string | undefined }) {
  return (
    <div class="metric-card" data-metric={props.def.key}>
      <dt title={props.def.help}>{props.def.label}</dt>
      <dd class="metric-value" data-tone={metricTone(props.value, props.def.unit)}>
        {formatMetric(props.value, props.def.unit)}
      </dd>
      <Show when={props.sub}>{(s) => <dd class="metric-sub">{s()}</dd>}</Show>
    </div>
  )
}

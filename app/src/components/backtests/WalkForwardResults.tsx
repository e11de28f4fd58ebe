import { For, Show } from 'solid-js'
import { type Headline, paramsText } from '../../lib/grid-results.ts'
import { formatMetric, metricTone } from '../../lib/metrics-format.ts'
import {
  candidatesText,
  efficiencyReading,
  type FoldPart,
  type FoldSummary,
  type WalkForward,
  walkForwardSummary,
} from '../../lib/walk-forward-result.ts'
import { FoldReturnChart } from './FoldReturnChart.tsx'

const SIDES = [
  { key: 'inSample', label: 'In sample' },
  { key: 'outOfSample', label: 'Out of sample' },
] as const

/**
 * A walk-forward test: its efficiency in plain words, each fold's in-sample pick beside how it
 * did out of sample (as bars, then as a table), and the means over the folds.
 */
export function WalkForwardResults(props: { walkForward: WalkForward }) {
  const wf = () => props.walkForward
  const reading = () => efficiencyReading(wf().efficiency)
  return (
    <section class="panel" aria-labelledby="walk-forward-title" data-testid="walk-forward">
      <h2 id="walk-forward-title">Walk-forward</h2>
      <p>{walkForwardSummary(wf())}</p>
      <dl class="metric-cards">
        <div class="metric-card" data-metric="efficiency">
          <dt title="Mean out-of-sample return per trading day over the mean in-sample one, across the folds.">
            Efficiency
          </dt>
          <dd class="metric-value" data-tone={reading().tone}>
            {formatMetric(wf().efficiency, 'ratio')}
          </dd>
        </div>
      </dl>
      <p data-testid="efficiency-reading">{reading().text}</p>
      <Show when={wf().folds.length > 0}>
        <FoldReturnChart folds={wf().folds} />
        <p class="muted small">
          Each fold's pick in sample beside how it did out of sample; the last row holds the mean
          return and Sharpe ratio over the folds, and the worst drawdown.
        </p>
        <div class="table-wrap">
          <table class="wide" aria-labelledby="walk-forward-title">
            <thead>
              <tr>
                <th scope="col" rowspan="2">
                  Fold
                </th>
                <th scope="col" rowspan="2">
                  Parameters picked
                </th>
                <For each={SIDES}>
                  {(side) => (
                    <th scope="colgroup" colspan="5">
                      {side.label}
                    </th>
                  )}
                </For>
              </tr>
              <tr>
                <For each={SIDES}>
                  {() => (
                    <>
                      <th scope="col">Period</th>
                      <th scope="col" class="numeric">
                        Return
                      </th>
                      <th scope="col" class="numeric">
                        Sharpe
                      </th>
                      <th scope="col" class="numeric" title="Max drawdown">
                        Drawdown
                      </th>
                      <th scope="col" class="numeric">
                        Trades
                      </th>
                    </>
                  )}
                </For>
              </tr>
            </thead>
            <tbody>
              <For each={wf().folds}>
                {(fold) => (
                  <tr data-fold={fold.fold}>
                    <th scope="row">{fold.fold}</th>
                    <td>
                      {paramsText(fold.inSample.params) || 'the strategy’s defaults'}
                      <Show when={fold.inSample.candidates !== null}>
                        <span class="sub">{candidatesText(fold.inSample)}</span>
                      </Show>
                    </td>
                    <PartCells part={fold.inSample} />
                    <PartCells part={fold.outOfSample} />
                  </tr>
                )}
              </For>
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colspan="2">
                  All folds
                </th>
                <SummaryCells summary={wf().inSample} />
                <SummaryCells summary={wf().outOfSample} />
              </tr>
            </tfoot>
          </table>
        </div>
      </Show>
    </section>
  )
}

function PartCells(props: { part: FoldPart }) {
  const m = (): Headline => props.part.metrics
  return (
    <>
      <td class="nowrap">
        <Show when={props.part.from && props.part.to} fallback="—">
          {props.part.from} →<br />
          {props.part.to}
        </Show>
        <Show when={props.part.tradingDays !== null}>
          <span class="sub">{formatMetric(props.part.tradingDays, 'days')}</span>
        </Show>
      </td>
      <Value value={m().totalReturn} unit="signed-percent" />
      <Value value={m().sharpe} unit="ratio" />
      <Value value={m().maxDrawdown} unit="percent" />
      <Value value={m().trades} unit="count" />
    </>
  )
}

function SummaryCells(props: { summary: FoldSummary }) {
  return (
    <>
      <td />
      <Value value={props.summary.meanTotalReturn} unit="signed-percent" />
      <Value value={props.summary.meanSharpe} unit="ratio" />
      <Value value={props.summary.worstDrawdown} unit="percent" />
      <td />
    </>
  )
}

function Value(props: {
  value: number | null
  unit: 'signed-percent' | 'ratio' | 'percent' | 'count'
}) {
  return (
    <td class="numeric" data-tone={metricTone(props.value, props.unit)}>
      {formatMetric(props.value, props.unit)}
    </td>
  )
}

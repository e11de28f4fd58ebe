import { createMemo, For, Show } from 'solid-js'
import { datasetIdsOf } from '../../lib/backtest-datasets.ts'
import type { BacktestJob } from '../../lib/backtests.ts'
import { readRequest, strategyName } from '../../lib/backtests.ts'
import { barSpan, findDatasets } from '../../lib/datasets.ts'
import { formatDateTime } from '../../lib/format.ts'
import { createLoad } from '../../lib/load.ts'
import { formatRupees } from '../../lib/metrics-format.ts'
import { DEFAULT_RANK_BY, rankingText } from '../../lib/rank-by.ts'

/** What a run was asked to do, and when the engine did it. */
export function RunDetails(props: { job: BacktestJob }) {
  const request = () => readRequest(props.job.request)
  const datasetIds = () => datasetIdsOf(props.job.request)
  return (
    <section class="panel" aria-labelledby="run-title">
      <h2 id="run-title">Details</h2>
      <dl class="details">
        <div>
          <dt>Strategy</dt>
          <dd>{strategyName(request())}</dd>
        </div>
        <Show when={request().symbols.length > 0 || datasetIds().length === 0}>
          <div>
            <dt>Symbols</dt>
            <dd>{request().symbols.join(', ')}</dd>
          </div>
        </Show>
        <Show when={datasetIds().length > 0}>
          <div>
            <dt>Datasets</dt>
            <dd>
              <RunDatasets ids={datasetIds()} />
            </dd>
          </div>
        </Show>
        <div>
          <dt>Bars</dt>
          <dd>{request().timeframe === '1m' ? '1 minute' : 'Daily'}</dd>
        </div>
        <div>
          <dt>Dates</dt>
          <dd>
            {request().from} to {request().to} (IST)
          </dd>
        </div>
        <div>
          <dt>Starting capital</dt>
          <dd>{request().capital !== undefined ? formatRupees(request().capital!) : '—'}</dd>
        </div>
        <div>
          <dt>Parameters</dt>
          <dd>
            <For each={Object.entries(request().params)} fallback="The strategy's defaults">
              {([name, value]) => (
                <span class="sub-line">
                  {name} = <code>{String(value)}</code>
                </span>
              )}
            </For>
          </dd>
        </div>
        <Show when={request().grid}>
          {(grid) => (
            <div>
              <dt>Sweep</dt>
              <dd>
                <For each={Object.entries(grid())}>
                  {([name, values]) => (
                    <span class="sub-line">
                      {name} = <code>{values.map(String).join(', ')}</code>
                    </span>
                  )}
                </For>
                <span class="sub-line">
                  ranked by {rankingText(request().rankBy ?? DEFAULT_RANK_BY)}
                </span>
              </dd>
            </div>
          )}
        </Show>
        <Show when={request().walkForward}>
          {(wf) => (
            <div>
              <dt>Walk-forward</dt>
              <dd>
                {wf().folds} folds, {Math.round(wf().inSampleRatio * 100)}% of each in sample
              </dd>
            </div>
          )}
        </Show>
        <div>
          <dt>Costs</dt>
          <dd>
            {request().product === 'MIS' ? 'MIS (intraday)' : 'CNC (delivery)'}, slippage{' '}
            {request().slippageBps === null ? 'one tick' : `${request().slippageBps} bps`}
          </dd>
        </div>
        <div>
          <dt>Submitted</dt>
          <dd>{formatDateTime(props.job.createdAt)}</dd>
        </div>
        <Show when={props.job.startedAt}>
          {(at) => (
            <div>
              <dt>Started</dt>
              <dd>
                {formatDateTime(at())}
                {props.job.attempts > 1 ? ` (attempt ${props.job.attempts})` : ''}
              </dd>
            </div>
          )}
        </Show>
        <Show when={props.job.finishedAt}>
          {(at) => (
            <div>
              <dt>Finished</dt>
              <dd>{formatDateTime(at())}</dd>
            </div>
          )}
        </Show>
      </dl>
    </section>
  )
}

/**
 * The imported datasets a run used, by name, symbol and bars; the id alone until they are
 * read, or of one deleted since.
 */
function RunDatasets(props: { ids: string[] }) {
  // A memo of the ids in words: a job polled while it runs reads them again only if they change.
  const key = createMemo(() => props.ids.join(','))
  const found = createLoad(key, (ids) => findDatasets(ids.split(',')))
  return (
    <For each={props.ids}>
      {(id) => {
        const dataset = () => found.data()?.get(id)
        return (
          <span class="sub-line" data-dataset={id}>
            <Show
              when={dataset()}
              fallback={
                <>
                  <code>{id}</code>
                  {found.data() ? ' (deleted since)' : ''}
                </>
              }
            >
              {(d) => `${d().name} (${d().symbol}, ${barSpan(d())})`}
            </Show>
          </span>
        )
      }}
    </For>
  )
}

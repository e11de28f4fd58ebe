import { For, Show } from 'solid-js'
import type { BacktestJob } from '../../lib/backtests.ts'
import { readRequest, strategyName } from '../../lib/backtests.ts'
import { formatDateTime } from '../../lib/format.ts'
import { formatRupees } from '../../lib/metrics-format.ts'

/** What a run was asked to do, and when the engine did it. */
export function RunDetails(props: { job: BacktestJob }) {
  const request = () => readRequest(props.job.request)
  return (
    <section class="panel" aria-labelledby="run-title">
      <h2 id="run-title">Details</h2>
      <dl class="details">
        <div>
          <dt>Strategy</dt>
          <dd>{strategyName(request())}</dd>
        </div>
        <div>
          <dt>Symbols</dt>
          <dd>{request().symbols.join(', ')}</dd>
        </div>
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

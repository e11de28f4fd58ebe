import { Title } from '@solidjs/meta'
import { A, useNavigate } from '@solidjs/router'
import { createSignal, Index, Show } from 'solid-js'
import { ProgressBar } from '../../components/backtests/ProgressBar.tsx'
import { PagedPanel } from '../../components/PagedPanel.tsx'
import { Protected } from '../../components/Protected.tsx'
import { StatusBadge } from '../../components/StatusBadge.tsx'
import { api, read } from '../../lib/api/client.ts'
import {
  type BacktestHeadline,
  type BacktestListItem,
  isActive,
  progressMessageOf,
  readRequest,
  runSummary,
  STATUS_HELP,
  STATUS_TONE,
  strategyName,
} from '../../lib/backtests.ts'
import { formatDateTime, timeAgo } from '../../lib/format.ts'
import { formatMetric, metricTone } from '../../lib/metrics-format.ts'
import { createPagedLoad } from '../../lib/paged-load.ts'
import { createPoll } from '../../lib/poll.ts'
import { useHydrated } from '../../lib/task.ts'

const PAGE_SIZE = 25
const REFRESH_MS = 3_000

export default function Backtests() {
  return (
    <main class="page">
      <Title>Backtests · vm-algo</Title>
      <div class="page-head">
        <h1>Backtests</h1>
        <A class="button primary" href="/backtests/new">
          New backtest
        </A>
      </div>
      <Protected permission="backtest">{() => <BacktestsPage />}</Protected>
    </main>
  )
}

function BacktestsPage() {
  const navigate = useNavigate()
  const hydrated = useHydrated()
  const { pager, load: jobs } = createPagedLoad(
    (query) => read(api().api.v1.backtests.$get({ query })),
    { pageSize: PAGE_SIZE },
  )
  // The engine moves runs on (queued → running → done): follow while any may move.
  createPoll(
    () => jobs.reload(),
    REFRESH_MS,
    () => !!jobs.data()?.items.some((j) => isActive(j.status)),
  )
  // The two runs to compare, oldest choice first; a third choice replaces the oldest.
  const [chosen, setChosen] = createSignal<string[]>([])
  const toggle = (id: string, on: boolean) =>
    setChosen((ids) =>
      on ? [...ids.filter((x) => x !== id), id].slice(-2) : ids.filter((x) => x !== id),
    )
  return (
    <>
      <p class="lead">
        Strategies run on the bundled NSE history with Zerodha's charges, in the same sandbox as
        live trading. Select two finished runs to compare them side by side.
      </p>
      <div class="compare-bar">
        <span class="muted" aria-live="polite">
          {chosen().length === 2
            ? 'Two runs selected.'
            : `Select ${2 - chosen().length} more finished ${chosen().length === 1 ? 'run' : 'runs'} to compare.`}
        </span>
        <button
          type="button"
          class="secondary small"
          disabled={!hydrated() || chosen().length !== 2}
          onClick={() => {
            const [a, b] = chosen()
            navigate(`/backtests/compare?a=${a}&b=${b}`)
          }}
        >
          Compare selected
        </button>
      </div>
      <PagedPanel
        id="backtests"
        title="Your backtests"
        what="backtests"
        load={jobs}
        pager={pager}
        empty={
          <div class="empty">
            <p>No backtests yet. See how a strategy would have done on real NSE data.</p>
            <p>
              <A class="button primary" href="/backtests/new">
                Run your first backtest
              </A>
            </p>
            <p class="small muted">
              Start with the moving-average crossover example on a year of RELIANCE's daily bars:
              nothing to write or publish first.
            </p>
          </div>
        }
      >
        {(page) => (
          <>
            <thead>
              <tr>
                <th scope="col">
                  <span class="visually-hidden">Compare</span>
                </th>
                <th scope="col">Strategy</th>
                <th scope="col">Run on</th>
                <th scope="col">Result</th>
                <th scope="col">Status</th>
                <th scope="col">Submitted</th>
              </tr>
            </thead>
            <tbody>
              {/* Index: rows (and their checkboxes) stay across refreshes. */}
              <Index each={page().items}>
                {(item) => (
                  <BacktestRow
                    job={item()}
                    chosen={chosen().includes(item().id)}
                    onChoose={(on) => toggle(item().id, on)}
                  />
                )}
              </Index>
            </tbody>
          </>
        )}
      </PagedPanel>
    </>
  )
}

function BacktestRow(props: {
  job: BacktestListItem
  chosen: boolean
  onChoose: (on: boolean) => void
}) {
  const job = () => props.job
  const request = () => readRequest(job().request)
  const params = () =>
    Object.entries(request().params)
      .map(([k, v]) => `${k} = ${String(v)}`)
      .join(', ')
  const name = () => strategyName(request())
  return (
    <tr>
      <td>
        <input
          type="checkbox"
          aria-label={`Compare ${name()} (${job().id})`}
          disabled={job().status !== 'succeeded'}
          checked={props.chosen}
          onChange={(event) => props.onChoose(event.currentTarget.checked)}
        />
      </td>
      <td>
        <A href={`/backtests/${job().id}`}>{name()}</A>
        <Show when={request().grid}>
          <span class="badge" data-tone="neutral">
            sweep
          </span>
        </Show>
        <Show when={params()}>{(p) => <span class="sub">{p()}</span>}</Show>
      </td>
      <td>{runSummary(request())}</td>
      <td data-col="result">
        <Show when={job().headline} fallback={<span class="muted">—</span>}>
          {(h) => <Headline {...h()} />}
        </Show>
      </td>
      <td>
        <StatusBadge status={job().status} tones={STATUS_TONE} help={STATUS_HELP} />
        <Show when={job().status === 'running'}>
          <ProgressBar
            progress={job().progress}
            label={`Progress of ${name()}`}
            message={progressMessageOf(job())}
          />
        </Show>
        <Show when={job().status === 'failed' && job().error}>
          {(error) => <span class="sub error-text">{error()}</span>}
        </Show>
      </td>
      <td>
        <span title={formatDateTime(job().createdAt)}>{timeAgo(job().createdAt)}</span>
      </td>
    </tr>
  )
}

/** A finished run at a glance: its return, then how deep it fell and how often it traded. */
function Headline(props: BacktestHeadline) {
  return (
    <>
      <span data-tone={metricTone(props.totalReturn, 'signed-percent')}>
        {formatMetric(props.totalReturn, 'signed-percent')}
      </span>
      <span class="sub">
        max drawdown {formatMetric(props.maxDrawdown, 'percent')} ·{' '}
        {props.trades === 1 ? '1 trade' : `${formatMetric(props.trades, 'count')} trades`}
      </span>
    </>
  )
}

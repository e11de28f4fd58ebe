import { Title } from '@solidjs/meta'
import { A, useNavigate, useParams } from '@solidjs/router'
import {
  createEffect,
  createMemo,
  createSignal,
  Match,
  on,
  onCleanup,
  Show,
  Switch,
} from 'solid-js'
import { Alert, ProblemAlert } from '../../components/Alert.tsx'
import { MetricCards } from '../../components/backtests/MetricCards.tsx'
import { PriceChart } from '../../components/backtests/PriceChart.tsx'
import { ProgressBar } from '../../components/backtests/ProgressBar.tsx'
import { ReportCharts } from '../../components/backtests/ReportCharts.tsx'
import { RunDetails } from '../../components/backtests/RunDetails.tsx'
import { SweepResults } from '../../components/backtests/SweepResults.tsx'
import { TradeTable } from '../../components/backtests/TradeTable.tsx'
import { WalkForwardResults } from '../../components/backtests/WalkForwardResults.tsx'
import { Loaded } from '../../components/Loaded.tsx'
import { Protected } from '../../components/Protected.tsx'
import { StatusBadge } from '../../components/StatusBadge.tsx'
import { api, read } from '../../lib/api/client.ts'
import { readBenchmarkLine, readCurve, readPrices, readTrades } from '../../lib/backtest-result.ts'
import {
  type BacktestDetail,
  isActive,
  progressMessageOf,
  readRequest,
  STATUS_HELP,
  STATUS_TONE,
  strategyName,
} from '../../lib/backtests.ts'
import { readSweep } from '../../lib/grid-results.ts'
import { followJob, type JobProgress } from '../../lib/job-events.ts'
import { createLoad } from '../../lib/load.ts'
import { createPoll } from '../../lib/poll.ts'
import { createTask, useHydrated } from '../../lib/task.ts'
import { readWalkForward } from '../../lib/walk-forward-result.ts'

/** Points of the equity curve to draw (the API thins it, keeping the drawdown's troughs). */
const CURVE_POINTS = '1500'
/** Trades marked on the chart: the API's most per request. */
const MARKED_TRADES = '1000'
const POLL_MS = 2_000

export default function BacktestPage() {
  return (
    <main class="page">
      <Title>Backtest · vm-algo</Title>
      <p class="breadcrumb">
        <A href="/backtests">← All backtests</A>
      </p>
      <Protected permission="backtest">{() => <BacktestReport />}</Protected>
    </main>
  )
}

function BacktestReport() {
  const params = useParams<{ id: string }>()
  const [refresh, setRefresh] = createSignal(0)
  const job = createLoad(
    () => ({ id: params.id, refresh: refresh() }),
    ({ id }) =>
      read(
        api().api.v1.backtests[':id'].$get({
          param: { id },
          query: { points: CURVE_POINTS, tradesLimit: MARKED_TRADES },
        }),
      ),
  )
  const reload = () => setRefresh((n) => n + 1)

  // While it runs, progress comes from the event stream; polling takes over if it cannot.
  const [live, setLive] = createSignal<JobProgress>()
  const [polling, setPolling] = createSignal(false)
  createEffect(
    on(
      () => {
        const j = job.data()
        return j && isActive(j.status) ? j.id : undefined
      },
      (id) => {
        if (!id) return
        setLive(undefined)
        const stop = followJob(id, {
          onProgress: setLive,
          onEnd: (last) => {
            setLive(last)
            reload()
          },
          onUnavailable: () => setPolling(true),
        })
        onCleanup(stop)
      },
    ),
  )
  createPoll(reload, POLL_MS, () => polling() && !!job.data() && isActive(job.data()!.status))

  return (
    <Loaded load={job} what="backtest">
      {(j) => {
        // The stream runs ahead of the loaded job until the job is final.
        const state = () => {
          const l = live()
          return l && l.id === j().id && isActive(j().status) ? l : j()
        }
        const name = () => strategyName(readRequest(j().request))
        return (
          <>
            <Title>{name()} · Backtests · vm-algo</Title>
            <div class="page-head">
              <h1>
                {name()}{' '}
                <StatusBadge status={state().status} tones={STATUS_TONE} help={STATUS_HELP} />
              </h1>
              <Actions job={j()} active={isActive(state().status)} onChanged={reload} />
            </div>
            <p class="lead" role="status">
              {STATUS_HELP[state().status]}
            </p>
            <Switch>
              <Match when={isActive(state().status)}>
                <section class="panel" aria-labelledby="progress-title">
                  <h2 id="progress-title">Progress</h2>
                  <ProgressBar
                    progress={state().progress}
                    label="Backtest progress"
                    message={progressMessageOf(state())}
                  />
                  <p class="muted small">
                    {state().cancelRequested
                      ? 'Cancelling: the engine stops it within a few seconds.'
                      : state().status === 'queued'
                        ? 'Queued: it starts when the engine has a free worker.'
                        : 'The report appears here when it finishes.'}
                  </p>
                </section>
              </Match>
              <Match when={state().status === 'failed'}>
                <Alert tone="error" title="Why it failed">
                  {state().error ?? 'The engine gave no reason.'}
                </Alert>
              </Match>
              <Match when={state().status === 'cancelled'}>
                <Alert tone="info" title="Cancelled">
                  This backtest was cancelled before it finished; it has no report.
                </Alert>
              </Match>
              <Match when={j().status === 'succeeded' && j().result}>
                {(result) => <Report job={j()} result={result()} />}
              </Match>
            </Switch>
            <RunDetails job={j()} />
          </>
        )
      }}
    </Loaded>
  )
}

type Result = NonNullable<BacktestDetail['result']>

function Report(props: { job: BacktestDetail; result: Result }) {
  const capital = () => readRequest(props.job.request).capital
  const curve = createMemo(() => readCurve(props.result.equityCurve, capital()))
  const trades = createMemo(() => readTrades(props.result.trades.items))
  const prices = createMemo(() => readPrices(props.result.prices))
  const benchmark = createMemo(() => readBenchmarkLine(props.result.benchmarkCurve))
  // A sweep's report is its best run's, a walk-forward's its stitched out-of-sample runs'.
  const sweep = createMemo(() => readSweep(props.result.metrics))
  const walkForward = createMemo(() => readWalkForward(props.result.metrics))
  // Stored as null: the index had none of the run's days; absent: an older run.
  const noBenchmark = () =>
    props.result.benchmarkCurve === null
      ? 'No NIFTY 50 line: the bundled index data has none of this run’s days.'
      : 'This run was stored before reports drew the NIFTY 50 line; run it again to see it.'
  return (
    <>
      <Show when={walkForward()}>{(wf) => <WalkForwardResults walkForward={wf()} />}</Show>
      <Show when={sweep()}>{(s) => <SweepResults sweep={s()} />}</Show>
      <MetricCards metrics={props.result.metrics} />
      <PriceChart prices={prices()} trades={trades()} tradesTotal={props.result.trades.total} />
      <ReportCharts
        curve={curve()}
        benchmark={benchmark()}
        noBenchmark={noBenchmark()}
        trades={trades()}
        tradesTotal={props.result.trades.total}
        markTrades={prices().length === 0}
      />
      <TradeTable jobId={props.job.id} total={props.result.trades.total} />
    </>
  )
}

function Actions(props: { job: BacktestDetail; active: boolean; onChanged: () => void }) {
  const hydrated = useHydrated()
  const cancel = createTask(async () => {
    await read(api().api.v1.backtests[':id'].cancel.$post({ param: { id: props.job.id } }))
    props.onChanged()
  })
  const navigate = useNavigate()
  const remove = createTask(async () => {
    const name = strategyName(readRequest(props.job.request))
    if (!confirm(`Delete this backtest of “${name}” and its report?`)) return
    await read(api().api.v1.backtests[':id'].$delete({ param: { id: props.job.id } }))
    navigate('/backtests', { replace: true })
  })
  const example = () => readRequest(props.job.request).example
  return (
    <div class="deployment-actions">
      <div class="row-actions">
        <Show when={props.active}>
          <button
            type="button"
            class="secondary small danger-text"
            disabled={!hydrated() || cancel.pending() || props.job.cancelRequested}
            onClick={() => void cancel.run()}
          >
            {props.job.cancelRequested ? 'Cancelling…' : 'Cancel'}
          </button>
        </Show>
        <Show when={!props.active && example()}>
          <A class="button" href={`/backtests/new?rerun=${props.job.id}`}>
            Run again with changes
          </A>
        </Show>
        <Show when={!props.active}>
          <button
            type="button"
            class="secondary small danger-text"
            disabled={!hydrated() || remove.pending()}
            onClick={() => void remove.run()}
          >
            Delete
          </button>
        </Show>
      </div>
      <ProblemAlert problem={cancel.problem() ?? remove.problem()} />
    </div>
  )
}

import { Title } from '@solidjs/meta'
import { A, useNavigate, useSearchParams } from '@solidjs/router'
import { Match, Switch } from 'solid-js'
import { BacktestForm, type FormStart } from '../../components/backtests/BacktestForm.tsx'
import { Loaded } from '../../components/Loaded.tsx'
import { Protected } from '../../components/Protected.tsx'
import { api, read } from '../../lib/api/client.ts'
import { datasetIdsOf } from '../../lib/backtest-datasets.ts'
import { fieldsForDataset, fieldsFromRequest } from '../../lib/backtest-form.ts'
import { BACKTEST_EXAMPLES, type ExampleId, readRequest } from '../../lib/backtests.ts'
import { createLoad } from '../../lib/load.ts'
import { exampleChoice } from '../../lib/strategy-choice.ts'

export default function NewBacktest() {
  return (
    <main class="page">
      <Title>New backtest · vm-algo</Title>
      <p class="breadcrumb">
        <A href="/backtests">← All backtests</A>
      </p>
      <h1>New backtest</h1>
      <Protected permission="backtest">{() => <NewBacktestPage />}</Protected>
    </main>
  )
}

/**
 * `?example=rsi-mean-reversion` picks an example; `?rerun=btj_…` starts from an earlier run;
 * `?dataset=dst_…` ticks one of the workspace's datasets (at its timeframe and dates).
 */
function NewBacktestPage() {
  const navigate = useNavigate()
  const [search] = useSearchParams()
  const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v : undefined)
  const rerun = one(search.rerun)
  const dataset = one(search.dataset)
  const example = one(search.example)
  const created = (job: { id: string }) => navigate(`/backtests/${job.id}`)
  const start: FormStart =
    example && (BACKTEST_EXAMPLES as readonly string[]).includes(example)
      ? { strategy: exampleChoice(example as ExampleId) }
      : {}
  return (
    <Switch fallback={<BacktestForm start={start} onCreated={created} />}>
      <Match when={rerun}>{(id) => <Rerun id={id()} onCreated={created} />}</Match>
      <Match when={dataset}>
        {(id) => <OnDataset id={id()} start={start} onCreated={created} />}
      </Match>
    </Switch>
  )
}

/** The form filled from an earlier run: its strategy, fields, parameters and datasets. */
function Rerun(props: { id: string; onCreated: (job: { id: string }) => void }) {
  const earlier = createLoad(
    () => props.id,
    (jobId) =>
      read(
        api().api.v1.backtests[':id'].$get({
          param: { id: jobId },
          query: { points: '2', tradesLimit: '0' },
        }),
      ),
  )
  return (
    <Loaded load={earlier} what="the earlier run">
      {(job) => {
        const request = readRequest(job().request)
        return (
          <BacktestForm
            start={{
              ...fieldsFromRequest(request, datasetIdsOf(job().request)),
              ...(request.example ? { strategy: exampleChoice(request.example as ExampleId) } : {}),
            }}
            onCreated={props.onCreated}
          />
        )
      }}
    </Loaded>
  )
}

/** The form set to backtest one of the workspace's datasets. */
function OnDataset(props: {
  id: string
  start: FormStart
  onCreated: (job: { id: string }) => void
}) {
  const dataset = createLoad(
    () => props.id,
    (datasetId) => read(api().api.v1.datasets[':datasetId'].$get({ param: { datasetId } })),
  )
  return (
    <Loaded load={dataset} what="the dataset">
      {(d) => (
        <BacktestForm
          start={{ ...props.start, fields: fieldsForDataset(d()) }}
          onCreated={props.onCreated}
        />
      )}
    </Loaded>
  )
}

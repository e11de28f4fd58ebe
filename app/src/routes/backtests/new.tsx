import { Title } from '@solidjs/meta'
import { A, useNavigate, useSearchParams } from '@solidjs/router'
import { Show } from 'solid-js'
import { BacktestForm, type FormStart } from '../../components/backtests/BacktestForm.tsx'
import { Loaded } from '../../components/Loaded.tsx'
import { Protected } from '../../components/Protected.tsx'
import { api, read } from '../../lib/api/client.ts'
import { fieldsFromRequest } from '../../lib/backtest-form.ts'
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

/** `?example=rsi-mean-reversion` picks an example; `?rerun=btj_…` starts from an earlier run. */
function NewBacktestPage() {
  const navigate = useNavigate()
  const [search] = useSearchParams()
  const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v : undefined)
  const rerun = one(search.rerun)
  const example = one(search.example)
  const created = (job: { id: string }) => navigate(`/backtests/${job.id}`)
  const start: FormStart =
    example && (BACKTEST_EXAMPLES as readonly string[]).includes(example)
      ? { strategy: exampleChoice(example as ExampleId) }
      : {}
  return (
    <Show when={rerun} fallback={<BacktestForm start={start} onCreated={created} />}>
      {(id) => {
        const earlier = createLoad(id, (jobId) =>
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
                    ...fieldsFromRequest(request),
                    ...(request.example
                      ? { strategy: exampleChoice(request.example as ExampleId) }
                      : {}),
                  }}
                  onCreated={created}
                />
              )
            }}
          </Loaded>
        )
      }}
    </Show>
  )
}

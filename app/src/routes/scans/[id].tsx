import { Title } from '@solidjs/meta'
import { A, useNavigate, useParams } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { PlanProblem } from '../../components/deployments/PlanProblem.tsx'
import { Loaded } from '../../components/Loaded.tsx'
import { Protected } from '../../components/Protected.tsx'
import { MatchTable } from '../../components/scans/MatchTable.tsx'
import { api, read } from '../../lib/api/client.ts'
import { formatDateTime } from '../../lib/format.ts'
import { createLoad } from '../../lib/load.ts'
import { createPoll } from '../../lib/poll.ts'
import { type Scan, timeframeLabel } from '../../lib/scans.ts'
import { createTask, useHydrated } from '../../lib/task.ts'

const REFRESH_MS = 3_000

export default function ScanPage() {
  return (
    <main class="page">
      <Title>Scan · vm-algo</Title>
      <p class="breadcrumb">
        <A href="/scans">← All scans</A>
      </p>
      <Protected>{() => <ScanDetail />}</Protected>
    </main>
  )
}

function ScanDetail() {
  const params = useParams<{ id: string }>()
  const scan = createLoad(
    () => params.id,
    (scanId) => read(api().api.v1.scans[':scanId'].$get({ param: { scanId } })),
  )
  const [refresh, setRefresh] = createSignal(0)
  // A live table: new matches come at every candle close while the scan is on.
  createPoll(
    () => setRefresh((n) => n + 1),
    REFRESH_MS,
    () => !!scan.data()?.enabled,
  )
  return (
    <Loaded load={scan} what="scan">
      {(s) => (
        <>
          <Title>{s().name} · Scans · vm-algo</Title>
          <div class="page-head">
            <h1>
              {s().name}{' '}
              <span class="badge" data-tone={s().enabled ? 'ok' : 'neutral'}>
                {s().enabled ? 'on' : 'off'}
              </span>
            </h1>
            <ScanActions scan={s()} onChanged={() => scan.reload()} />
          </div>
          <section class="panel" aria-labelledby="scan-title">
            <h2 id="scan-title">What it looks for</h2>
            <dl class="details">
              <div>
                <dt>Condition</dt>
                <dd>
                  <Show when={s().expression} fallback="A scanner plugin">
                    {(text) => <code>{text()}</code>}
                  </Show>
                </dd>
              </div>
              <div>
                <dt>Symbols</dt>
                <dd>{s().universe.join(', ')}</dd>
              </div>
              <div>
                <dt>Runs</dt>
                <dd>
                  {s().schedule
                    ? `On the first ${timeframeLabel(s().timeframe)} candle closed at or after ${s().schedule} IST`
                    : `At the close of every ${timeframeLabel(s().timeframe)} candle`}
                </dd>
              </div>
              <div>
                <dt>Created</dt>
                <dd>{formatDateTime(s().createdAt)}</dd>
              </div>
            </dl>
            <Show when={s().enabled}>
              <p class="muted live-note" role="status">
                The matches below refresh every few seconds.
              </p>
            </Show>
          </section>
          <MatchTable scanId={s().id} timeframe={s().timeframe} refresh={refresh()} />
        </>
      )}
    </Loaded>
  )
}

/** Turn the scan off and on (needs the scanner permission), or delete it (open to every plan). */
function ScanActions(props: { scan: Scan; onChanged: () => void }) {
  const hydrated = useHydrated()
  const navigate = useNavigate()
  const toggle = createTask(async () => {
    await read(
      api().api.v1.scans[':scanId'].$patch({
        param: { scanId: props.scan.id },
        json: { enabled: !props.scan.enabled },
      }),
    )
    props.onChanged()
  })
  const remove = createTask(async () => {
    if (!confirm(`Delete the scan “${props.scan.name}” and its matches?`)) return
    await read(api().api.v1.scans[':scanId'].$delete({ param: { scanId: props.scan.id } }))
    navigate('/scans', { replace: true })
  })
  return (
    <div class="deployment-actions">
      <div class="row-actions">
        <button
          type="button"
          class="secondary small"
          disabled={!hydrated() || toggle.pending()}
          onClick={() => void toggle.run()}
        >
          {props.scan.enabled ? 'Turn off' : 'Turn on'}
        </button>
        <button
          type="button"
          class="secondary small danger-text"
          disabled={!hydrated() || remove.pending()}
          onClick={() => void remove.run()}
        >
          Delete
        </button>
      </div>
      <PlanProblem problem={toggle.problem() ?? remove.problem()} />
    </div>
  )
}

import { Title } from '@solidjs/meta'
import { A, useParams } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { Alert } from '../../components/Alert.tsx'
import { DeploymentActions } from '../../components/deployments/DeploymentActions.tsx'
import { IntentTable } from '../../components/deployments/IntentTable.tsx'
import { LogTable } from '../../components/deployments/LogTable.tsx'
import { Loaded } from '../../components/Loaded.tsx'
import { Protected } from '../../components/Protected.tsx'
import { StatusBadge } from '../../components/StatusBadge.tsx'
import { api, read } from '../../lib/api/client.ts'
import { type Deployment, isLive, STATUS_HELP, STATUS_TONE } from '../../lib/deployments.ts'
import { formatDateTime } from '../../lib/format.ts'
import { createLoad } from '../../lib/load.ts'
import { createPoll } from '../../lib/poll.ts'

const REFRESH_MS = 3_000

export default function DeploymentPage() {
  return (
    <main class="page">
      <Title>Deployment · vm-algo</Title>
      <p class="breadcrumb">
        <A href="/deployments">← All deployments</A>
      </p>
      <Protected>{() => <DeploymentDetail />}</Protected>
    </main>
  )
}

function DeploymentDetail() {
  const params = useParams<{ id: string }>()
  const [refresh, setRefresh] = createSignal(0)
  const deployment = createLoad(
    () => ({ id: params.id, refresh: refresh() }),
    ({ id }) =>
      read(api().api.v1.deployments[':deploymentId'].$get({ param: { deploymentId: id } })),
  )
  // While the engine works on it, its status, log and intents change: follow them.
  createPoll(
    () => setRefresh((n) => n + 1),
    REFRESH_MS,
    () => {
      const d = deployment.data()
      return !!d && isLive(d.status)
    },
  )
  return (
    <Loaded load={deployment} what="deployment">
      {(d) => (
        <>
          <Title>{d().plugin.name} · Deployments · vm-algo</Title>
          <div class="page-head">
            <h1>
              {d().plugin.name}{' '}
              <StatusBadge status={d().status} tones={STATUS_TONE} help={STATUS_HELP} />
            </h1>
            <DeploymentActions deployment={d()} onChanged={() => setRefresh((n) => n + 1)} />
          </div>
          <p class="lead" role="status">
            {STATUS_HELP[d().status]}
            <Show when={isLive(d().status)}> This page refreshes every few seconds.</Show>
          </p>
          <Show when={d().error}>
            {(error) => (
              <Alert tone="error" title="Why it stopped">
                {error()}
              </Alert>
            )}
          </Show>
          <Summary deployment={d()} />
          <IntentTable deploymentId={d().id} refresh={refresh()} />
          <LogTable deploymentId={d().id} refresh={refresh()} />
        </>
      )}
    </Loaded>
  )
}

function Summary(props: { deployment: Deployment }) {
  const d = () => props.deployment
  const params = () => Object.entries(d().params)
  return (
    <section class="panel" aria-labelledby="summary-title">
      <h2 id="summary-title">Details</h2>
      <dl class="details">
        <div>
          <dt>Strategy</dt>
          <dd>
            <A href={`/plugins/${d().plugin.id}?version=${d().pluginVersionId}`}>
              {d().plugin.name} {d().plugin.version}
            </A>
          </dd>
        </div>
        <div>
          <dt>Mode</dt>
          <dd>{d().mode === 'paper' ? 'Paper (no broker)' : d().mode}</dd>
        </div>
        <div>
          <dt>Symbols</dt>
          <dd>{d().symbols.join(', ')}</dd>
        </div>
        <div>
          <dt>Parameters</dt>
          <dd>
            <For each={params()} fallback="None">
              {([name, value]) => (
                <span class="sub-line">
                  {name} = <code>{String(value)}</code>
                </span>
              )}
            </For>
          </dd>
        </div>
        <div>
          <dt>Deployed</dt>
          <dd>{formatDateTime(d().createdAt)}</dd>
        </div>
        <div>
          <dt>Started by the engine</dt>
          <dd>{d().startedAt ? formatDateTime(d().startedAt!) : 'Not yet'}</dd>
        </div>
        <Show when={d().stoppedAt}>
          {(at) => (
            <div>
              <dt>Stopped</dt>
              <dd>{formatDateTime(at())}</dd>
            </div>
          )}
        </Show>
      </dl>
    </section>
  )
}

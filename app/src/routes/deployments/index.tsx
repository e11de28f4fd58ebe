import { Title } from '@solidjs/meta'
import { A, useNavigate, useSearchParams } from '@solidjs/router'
import { Index, Show } from 'solid-js'
import { DeployForm } from '../../components/deployments/DeployForm.tsx'
import { DeploymentActions } from '../../components/deployments/DeploymentActions.tsx'
import { PagedPanel } from '../../components/PagedPanel.tsx'
import { Protected } from '../../components/Protected.tsx'
import { StatusBadge } from '../../components/StatusBadge.tsx'
import { api, read } from '../../lib/api/client.ts'
import { type Deployment, isLive, STATUS_HELP, STATUS_TONE } from '../../lib/deployments.ts'
import { formatDateTime, timeAgo } from '../../lib/format.ts'
import { createPagedLoad } from '../../lib/paged-load.ts'
import { createPoll } from '../../lib/poll.ts'

const PAGE_SIZE = 25
const REFRESH_MS = 4_000

export default function Deployments() {
  return (
    <main class="page">
      <Title>Deployments · vm-algo</Title>
      <h1>Deployments</h1>
      <Protected>{() => <DeploymentsPage />}</Protected>
    </main>
  )
}

function DeploymentsPage() {
  const navigate = useNavigate()
  const [search] = useSearchParams()
  const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v : undefined)
  return (
    <>
      <p class="lead">
        Strategies running on the live market feed in paper mode: what they would have ordered, and
        what they logged.
      </p>
      <DeployForm
        pluginId={one(search.plugin)}
        versionId={one(search.version)}
        onDeployed={(d) => navigate(`/deployments/${d.id}`)}
      />
      <DeploymentsTable />
    </>
  )
}

function DeploymentsTable() {
  const { pager, load: deployments } = createPagedLoad(
    (query) => read(api().api.v1.deployments.$get({ query })),
    { pageSize: PAGE_SIZE },
  )
  // The engine moves deployments on (starting → running, or failed): follow while any may move.
  createPoll(
    () => deployments.reload(),
    REFRESH_MS,
    () => !!deployments.data()?.items.some((d) => isLive(d.status)),
  )
  return (
    <PagedPanel
      id="deployments"
      title="Your deployments"
      what="deployments"
      load={deployments}
      pager={pager}
      empty={
        <p class="empty">
          Nothing deployed yet. Deploy a strategy above: it starts on the live feed within seconds.
        </p>
      }
    >
      {(page) => (
        <>
          <thead>
            <tr>
              <th scope="col">Strategy</th>
              <th scope="col">Symbols</th>
              <th scope="col">Status</th>
              <th scope="col">Deployed</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {/* Index: rows (and a refused action's message) stay across refreshes. */}
            <Index each={page().items}>
              {(item) => (
                <DeploymentRow deployment={item()} onChanged={() => deployments.reload()} />
              )}
            </Index>
          </tbody>
        </>
      )}
    </PagedPanel>
  )
}

function DeploymentRow(props: { deployment: Deployment; onChanged: () => void }) {
  const d = () => props.deployment
  return (
    <tr>
      <td>
        <A href={`/deployments/${d().id}`}>{d().plugin.name}</A>
        <span class="sub">
          version {d().plugin.version} · {d().mode}
        </span>
      </td>
      <td>{d().symbols.join(', ')}</td>
      <td>
        <StatusBadge status={d().status} tones={STATUS_TONE} help={STATUS_HELP} />
        <Show when={d().error}>{(error) => <span class="sub error-text">{error()}</span>}</Show>
      </td>
      <td>
        <span title={formatDateTime(d().createdAt)}>{timeAgo(d().createdAt)}</span>
      </td>
      <td>
        <DeploymentActions deployment={d()} name={d().plugin.name} onChanged={props.onChanged} />
      </td>
    </tr>
  )
}

import { Title } from '@solidjs/meta'
import { A, useNavigate } from '@solidjs/router'
import { For, Show } from 'solid-js'
import { PagedPanel } from '../../components/PagedPanel.tsx'
import { Protected } from '../../components/Protected.tsx'
import { ScanBuilder } from '../../components/scans/ScanBuilder.tsx'
import { UpgradeNotice } from '../../components/scans/UpgradeNotice.tsx'
import { api, read } from '../../lib/api/client.ts'
import { timeAgo } from '../../lib/format.ts'
import { createPagedLoad } from '../../lib/paged-load.ts'
import { timeframeLabel } from '../../lib/scans.ts'
import { useSession } from '../../lib/session.tsx'

const PAGE_SIZE = 25

export default function Scans() {
  return (
    <main class="page">
      <Title>Scans · vm-algo</Title>
      <h1>Scans</h1>
      <Protected>{() => <ScansPage />}</Protected>
    </main>
  )
}

function ScansPage() {
  const session = useSession()
  const navigate = useNavigate()
  return (
    <>
      <p class="lead">
        Conditions checked on every closed candle of the symbols you choose, without writing code.
        Matches appear on the scan's page as the market moves.
      </p>
      <Show
        when={session.can('scanner')}
        fallback={
          <UpgradeNotice
            detail={`Your ${session.me()?.tier ?? 'current'} plan does not include scans.`}
          />
        }
      >
        <ScanBuilder onCreated={(scan) => navigate(`/scans/${scan.id}`)} />
      </Show>
      <ScanList canBuild={session.can('scanner')} />
    </>
  )
}

function ScanList(props: { canBuild: boolean }) {
  const { pager, load: scans } = createPagedLoad(
    (query) => read(api().api.v1.scans.$get({ query })),
    { pageSize: PAGE_SIZE },
  )
  return (
    <PagedPanel
      id="scans"
      title="Your scans"
      what="scans"
      load={scans}
      pager={pager}
      empty={
        <p class="empty">
          {props.canBuild
            ? 'No scans yet. Build one above: it starts at the next candle.'
            : 'No scans yet.'}
        </p>
      }
    >
      {(page) => (
        <>
          <thead>
            <tr>
              <th scope="col">Scan</th>
              <th scope="col">Symbols</th>
              <th scope="col">Timeframe</th>
              <th scope="col">State</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            <For each={page().items}>
              {(scan) => (
                <tr>
                  <td>
                    <A href={`/scans/${scan.id}`}>{scan.name}</A>
                    <Show when={scan.expression}>
                      {(text) => (
                        <span class="sub">
                          <code>{text()}</code>
                        </span>
                      )}
                    </Show>
                  </td>
                  <td>{scan.universe.join(', ')}</td>
                  <td>
                    {timeframeLabel(scan.timeframe)}
                    <Show when={scan.schedule}>{(at) => <span class="sub">at {at()}</span>}</Show>
                  </td>
                  <td>
                    <span class="badge" data-tone={scan.enabled ? 'ok' : 'neutral'}>
                      {scan.enabled ? 'on' : 'off'}
                    </span>
                  </td>
                  <td>{timeAgo(scan.createdAt)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </>
      )}
    </PagedPanel>
  )
}

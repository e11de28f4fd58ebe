import { For } from 'solid-js'
import { api, read } from '../../lib/api/client.ts'
import { createPagedLoad } from '../../lib/paged-load.ts'
import { formatStamp } from '../../lib/stamp.ts'
import { PagedPanel } from '../PagedPanel.tsx'

const PAGE_SIZE = 50
const LEVEL_TONE: Record<string, 'danger' | 'warning' | 'neutral' | 'ok'> = {
  error: 'danger',
  warn: 'warning',
  info: 'ok',
  debug: 'neutral',
}

/** A deployment's log, newest first; `refresh` changing reloads the page shown. */
export function LogTable(props: { deploymentId: string; refresh: number }) {
  const { pager, load } = createPagedLoad(
    (query) =>
      read(
        api().api.v1.deployments[':deploymentId'].logs.$get({
          param: { deploymentId: props.deploymentId },
          query,
        }),
      ),
    { pageSize: PAGE_SIZE, refresh: () => props.refresh },
  )
  return (
    <PagedPanel
      id="logs"
      title="Log"
      what="the log"
      load={load}
      pager={pager}
      empty={
        <p class="empty">
          No log lines yet. They appear once the engine runs the strategy: its own{' '}
          <code>ctx.log</code> lines, and the engine's (started, paused, failed and why).
        </p>
      }
    >
      {(page) => (
        <>
          <thead>
            <tr>
              <th scope="col">Logged</th>
              <th scope="col">Market time</th>
              <th scope="col">Level</th>
              <th scope="col">Message</th>
            </tr>
          </thead>
          <tbody>
            <For each={page().items}>
              {(entry) => (
                <tr>
                  <td class="nowrap">{formatStamp(entry.createdAt)}</td>
                  <td class="nowrap">{entry.marketTime ? formatStamp(entry.marketTime) : '—'}</td>
                  <td>
                    <span class="badge" data-tone={LEVEL_TONE[entry.level] ?? 'neutral'}>
                      {entry.level}
                    </span>
                  </td>
                  <td class="log-message">{entry.message}</td>
                </tr>
              )}
            </For>
          </tbody>
        </>
      )}
    </PagedPanel>
  )
}

import { For } from 'solid-js'
import { api, read } from '../../lib/api/client.ts'
import { describeIntent } from '../../lib/deployments.ts'
import { createPagedLoad } from '../../lib/paged-load.ts'
import { formatStamp } from '../../lib/stamp.ts'
import { PagedPanel } from '../PagedPanel.tsx'

const PAGE_SIZE = 50

/** The orders a deployment asked for, newest first; `refresh` changing reloads the page shown. */
export function IntentTable(props: { deploymentId: string; refresh: number }) {
  const { pager, load } = createPagedLoad(
    (query) =>
      read(
        api().api.v1.deployments[':deploymentId'].intents.$get({
          param: { deploymentId: props.deploymentId },
          query,
        }),
      ),
    { pageSize: PAGE_SIZE, refresh: () => props.refresh },
  )
  return (
    <PagedPanel
      id="intents"
      title="Order intents"
      what="order intents"
      load={load}
      pager={pager}
      empty={
        <p class="empty">
          No orders asked for yet. In paper mode these intents are the record: nothing reaches a
          broker.
        </p>
      }
    >
      {(page) => (
        <>
          <thead>
            <tr>
              <th scope="col">Recorded</th>
              <th scope="col">Market time</th>
              <th scope="col">Order</th>
              <th scope="col">Client order id</th>
            </tr>
          </thead>
          <tbody>
            <For each={page().items}>
              {(entry) => (
                <tr>
                  <td class="nowrap">{formatStamp(entry.createdAt)}</td>
                  <td class="nowrap">{formatStamp(entry.marketTime)}</td>
                  <td>{describeIntent(entry.intent)}</td>
                  <td>
                    <code>{String(entry.intent.clientOrderId ?? '—')}</code>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </>
      )}
    </PagedPanel>
  )
}

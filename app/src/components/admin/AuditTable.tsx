import type { InferResponseType } from 'hono/client'
import { For, Show } from 'solid-js'
import type { Api } from '../../lib/api/client.ts'
import { auditActionLabel, auditDetails } from '../../lib/audit.ts'
import { formatDateTime } from '../../lib/format.ts'
import type { Load } from '../../lib/load.ts'
import type { Pager as PagerState } from '../../lib/paged.ts'
import { Loaded } from '../Loaded.tsx'
import { Pager } from '../Pager.tsx'

type AuditPage = InferResponseType<Api['api']['v1']['admin']['audit']['$get'], 200>

/** A page of audit entries, newest first. */
export function AuditTable(props: { entries: Load<AuditPage>; pager: PagerState; empty: string }) {
  return (
    <Loaded load={props.entries} what="entries">
      {(page) => (
        <Show when={page().items.length} fallback={<p class="empty">{props.empty}</p>}>
          <div class="table-wrap">
            <table class="wide">
              <thead>
                <tr>
                  <th scope="col" class="numeric">
                    #
                  </th>
                  <th scope="col">When</th>
                  <th scope="col">Action</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                <For each={page().items}>
                  {(entry) => (
                    <tr>
                      <td class="numeric">{entry.seq}</td>
                      <td>
                        {formatDateTime(entry.at)}
                        <Show when={entry.ip}>
                          <span class="sub">{entry.ip}</span>
                        </Show>
                      </td>
                      <td>
                        {auditActionLabel(entry.action)}
                        <span class="sub">
                          <code>{entry.action}</code>
                        </span>
                      </td>
                      <td>
                        <span class="sub-line">{entry.actorUserId ?? 'System'}</span>
                        <Show when={entry.target}>
                          <span class="sub">on {entry.target}</span>
                        </Show>
                      </td>
                      <td>
                        <ul class="audit-details">
                          <For each={auditDetails(entry.data)}>{(line) => <li>{line}</li>}</For>
                        </ul>
                        <span class="hash" title={`hash ${entry.hash}`}>
                          {entry.hash.slice(0, 12)}…
                        </span>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
            <Pager
              label="Audit pages"
              pager={props.pager}
              nextCursor={page().nextCursor}
              loading={props.entries.loading()}
            />
          </div>
        </Show>
      )}
    </Loaded>
  )
}

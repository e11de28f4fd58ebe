import { A } from '@solidjs/router'
import { For, Show } from 'solid-js'
import { api, read } from '../../lib/api/client.ts'
import { timeAgo } from '../../lib/format.ts'
import { createPagedLoad } from '../../lib/paged-load.ts'
import type { Plugin } from '../../lib/plugins.ts'
import { Loaded } from '../Loaded.tsx'
import { Pager } from '../Pager.tsx'

const PAGE_SIZE = 20

/**
 * A plugin's stored versions, newest first: open one in the editor, deploy a strategy's.
 * `refresh` changes after each save, which reloads the list.
 */
export function VersionList(props: {
  plugin: Plugin
  openId: string | undefined
  refresh: number
}) {
  const { pager, load: versions } = createPagedLoad(
    (query) =>
      read(
        api().api.v1.plugins[':pluginId'].versions.$get({
          param: { pluginId: props.plugin.id },
          query,
        }),
      ),
    { pageSize: PAGE_SIZE, refresh: () => props.refresh },
  )
  return (
    <section class="panel" aria-labelledby="versions-title">
      <h2 id="versions-title">Versions</h2>
      <p class="muted small">Saved versions never change; saving again adds a new one.</p>
      <Loaded load={versions} what="versions">
        {(page) => (
          <Show when={page().items.length} fallback={<p class="empty">No version saved yet.</p>}>
            <ul class="version-list">
              <For each={page().items}>
                {(v) => (
                  <li classList={{ open: v.id === props.openId }}>
                    <span class="version-name">
                      {v.version}
                      <Show when={v.id === props.openId}>
                        <span class="visually-hidden"> (open in the editor)</span>
                      </Show>
                    </span>
                    <span class="muted small">{timeAgo(v.createdAt)}</span>
                    <span class="row-actions">
                      <Show when={v.id !== props.openId}>
                        <A
                          href={`/plugins/${props.plugin.id}?version=${v.id}`}
                          aria-label={`Open version ${v.version}`}
                        >
                          Open
                        </A>
                      </Show>
                      <Show when={props.plugin.kind === 'strategy'}>
                        <A
                          href={`/deployments?plugin=${props.plugin.id}&version=${v.id}`}
                          aria-label={`Deploy version ${v.version}`}
                        >
                          Deploy
                        </A>
                      </Show>
                    </span>
                  </li>
                )}
              </For>
            </ul>
            <Pager
              label="Version pages"
              pager={pager}
              nextCursor={page().nextCursor}
              loading={versions.loading()}
            />
          </Show>
        )}
      </Loaded>
    </section>
  )
}

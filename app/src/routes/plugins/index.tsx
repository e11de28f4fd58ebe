import { Title } from '@solidjs/meta'
import { A } from '@solidjs/router'
import { For, Show } from 'solid-js'
import { PagedPanel } from '../../components/PagedPanel.tsx'
import { Protected } from '../../components/Protected.tsx'
import { ExampleList } from '../../components/plugins/ExampleList.tsx'
import { api, read } from '../../lib/api/client.ts'
import { formatDate, timeAgo } from '../../lib/format.ts'
import { createPagedLoad } from '../../lib/paged-load.ts'
import { KIND_LABEL } from '../../lib/plugins.ts'

const PAGE_SIZE = 25

export default function Plugins() {
  return (
    <main class="page">
      <Title>Plugins · vm-algo</Title>
      <div class="page-head">
        <h1>Plugins</h1>
        <A class="button primary" href="/plugins/new">
          New plugin
        </A>
      </div>
      <Protected>{() => <PluginsPage />}</Protected>
    </main>
  )
}

function PluginsPage() {
  const { pager, load: plugins } = createPagedLoad(
    (query) => read(api().api.v1.plugins.$get({ query })),
    { pageSize: PAGE_SIZE },
  )
  return (
    <>
      <p class="lead">
        Your workspace's strategies and scanners, written in TypeScript against the SDK. Every saved
        version is kept as it was: deployments and scans run a version, never a draft.
      </p>
      <PagedPanel
        id="plugins"
        title="Your plugins"
        what="plugins"
        load={plugins}
        pager={pager}
        empty={
          <>
            <h3>Start from an example</h3>
            <p>
              No plugins yet. Open an example in the editor, change what you like and save it — or{' '}
              <A href="/plugins/new">start from a blank strategy</A>.
            </p>
            <ExampleList />
          </>
        }
      >
        {(page) => (
          <>
            <thead>
              <tr>
                <th scope="col">Plugin</th>
                <th scope="col">Kind</th>
                <th scope="col">Latest version</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              <For each={page().items}>
                {(plugin) => (
                  <tr>
                    <td>
                      <A href={`/plugins/${plugin.id}`}>{plugin.name}</A>
                      <Show when={plugin.description}>
                        <span class="sub">{plugin.description}</span>
                      </Show>
                    </td>
                    <td>{KIND_LABEL[plugin.kind]}</td>
                    <td>
                      <Show
                        when={plugin.latestVersion}
                        fallback={<span class="muted">None saved</span>}
                      >
                        {(v) => (
                          <>
                            {v().version}
                            <span class="sub">{timeAgo(v().createdAt)}</span>
                          </>
                        )}
                      </Show>
                    </td>
                    <td>{formatDate(plugin.createdAt)}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </>
        )}
      </PagedPanel>
      <Show when={plugins.data()?.items.length}>
        <details class="panel">
          <summary>Examples to start from</summary>
          <ExampleList />
        </details>
      </Show>
    </>
  )
}

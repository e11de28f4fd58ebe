import { Title } from '@solidjs/meta'
import { A, useParams, useSearchParams } from '@solidjs/router'
import { createEffect, createSignal, on, Show } from 'solid-js'
import { Alert } from '../../components/Alert.tsx'
import { Loaded } from '../../components/Loaded.tsx'
import { Protected } from '../../components/Protected.tsx'
import { PluginEditor } from '../../components/plugins/PluginEditor.tsx'
import { VersionList } from '../../components/plugins/VersionList.tsx'
import { api, read } from '../../lib/api/client.ts'
import { BLANK_STRATEGY, EXAMPLES } from '../../lib/examples.ts'
import { createLoad } from '../../lib/load.ts'
import { KIND_LABEL, type Plugin, type Version } from '../../lib/plugins.ts'

export default function PluginPage() {
  return (
    <main class="page">
      <Title>Plugin · vm-algo</Title>
      <p class="breadcrumb">
        <A href="/plugins">← All plugins</A>
      </p>
      <Protected>{() => <PluginDetail />}</Protected>
    </main>
  )
}

function PluginDetail() {
  const params = useParams<{ id: string }>()
  const plugin = createLoad(
    () => params.id,
    (pluginId) => read(api().api.v1.plugins[':pluginId'].$get({ param: { pluginId } })),
  )
  return (
    <Loaded load={plugin} what="plugin">
      {(p) => <PluginWorkspace plugin={p()} reload={() => plugin.reload()} />}
    </Loaded>
  )
}

function PluginWorkspace(props: { plugin: Plugin; reload: () => Promise<void> }) {
  const [search, setSearch] = useSearchParams()
  const openId = () =>
    (typeof search.version === 'string' ? search.version : undefined) ??
    props.plugin.latestVersion?.id
  const version = createLoad(openId, (versionId) =>
    versionId
      ? read(
          api().api.v1.plugins[':pluginId'].versions[':versionId'].$get({
            param: { pluginId: props.plugin.id, versionId },
          }),
        )
      : Promise.resolve(undefined),
  )
  const [refresh, setRefresh] = createSignal(0)
  const [saved, setSaved] = createSignal<Version>()
  // The editor opens a version's source when one is loaded — not the version just saved from
  // it, which is what the editor holds already (re-opening would lose the undo history).
  const [editorDoc, setEditorDoc] = createSignal<{ doc: string }>()
  let justSaved: string | undefined
  createEffect(
    on(
      () => version.data(),
      (v) => {
        if (v && v.id !== justSaved) setEditorDoc({ doc: v.source })
      },
    ),
  )
  // A plugin with no version yet.
  createEffect(() => {
    if (!openId() && !editorDoc()) setEditorDoc({ doc: blankFor(props.plugin) })
  })

  const onSaved = async ({ version: stored }: { plugin: Plugin; version: Version }) => {
    justSaved = stored.id
    setSaved(stored)
    setSearch({ version: stored.id, saved: undefined })
    setRefresh((n) => n + 1)
    await props.reload()
  }

  return (
    <>
      <Title>{props.plugin.name} · Plugins · vm-algo</Title>
      <div class="page-head">
        <h1>
          {props.plugin.name}{' '}
          <span class="badge" data-tone="neutral">
            {KIND_LABEL[props.plugin.kind]}
          </span>
        </h1>
        <Show when={props.plugin.kind === 'strategy' && openId()}>
          {(id) => (
            <A
              class="button primary"
              href={`/deployments?plugin=${props.plugin.id}&version=${id()}`}
            >
              Deploy this version
            </A>
          )}
        </Show>
      </div>
      <Show when={props.plugin.description}>
        <p class="lead">{props.plugin.description}</p>
      </Show>
      <Show when={saved() ?? (search.saved ? version.data() : undefined)}>
        {(v) => (
          <Alert tone="success">
            Saved as version {v().version}.
            {props.plugin.kind === 'strategy' ? ' Deploy it to run it on the live feed.' : ''}
          </Alert>
        )}
      </Show>
      <Show when={version.problem()}>
        {(problem) => <Alert tone="error">{problem().message}</Alert>}
      </Show>
      <div class="editor-layout">
        <Show when={editorDoc()} keyed fallback={<p class="loading">Loading the source…</p>}>
          {(opened) => <PluginEditor plugin={props.plugin} doc={opened.doc} onSaved={onSaved} />}
        </Show>
        <VersionList plugin={props.plugin} openId={openId()} refresh={refresh()} />
      </div>
    </>
  )
}

/** What a plugin with no version yet starts with. */
function blankFor(plugin: Plugin): string {
  return plugin.kind === 'strategy'
    ? BLANK_STRATEGY
    : (EXAMPLES.find((e) => e.kind === 'scanner')?.source ?? '')
}

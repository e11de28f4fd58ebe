import { Title } from '@solidjs/meta'
import { A, useNavigate, useSearchParams } from '@solidjs/router'
import { Show } from 'solid-js'
import { SelectField } from '../../components/Field.tsx'
import { Protected } from '../../components/Protected.tsx'
import { PluginEditor } from '../../components/plugins/PluginEditor.tsx'
import { BLANK_STRATEGY, EXAMPLES, findExample } from '../../lib/examples.ts'
import { KIND_LABEL } from '../../lib/plugins.ts'

export default function NewPlugin() {
  return (
    <main class="page">
      <Title>New plugin · vm-algo</Title>
      <p class="breadcrumb">
        <A href="/plugins">← All plugins</A>
      </p>
      <h1>New plugin</h1>
      <Protected>{() => <NewPluginPage />}</Protected>
    </main>
  )
}

function NewPluginPage() {
  const navigate = useNavigate()
  const [search, setSearch] = useSearchParams()
  const exampleId = () => (typeof search.example === 'string' ? search.example : '')
  const example = () => findExample(exampleId())
  return (
    <>
      <div class="start-from">
        <SelectField
          label="Start from"
          value={example()?.id ?? ''}
          onValue={(id) => setSearch({ example: id || undefined })}
          options={[
            { value: '', label: 'A blank strategy' },
            ...EXAMPLES.map((e) => ({
              value: e.id,
              label: `${e.name} (${KIND_LABEL[e.kind].toLowerCase()} example)`,
            })),
          ]}
        />
        <p class="muted small">
          {example()?.summary ??
            'The smallest strategy that compiles: it logs every closed bar of NIFTY50.'}{' '}
          The manifest's name becomes the plugin's name when you save.
        </p>
      </div>
      {/* Keyed: choosing another starting point opens a fresh editor with its source. */}
      <Show when={example()?.source ?? BLANK_STRATEGY} keyed>
        {(doc) => (
          <PluginEditor
            plugin={undefined}
            doc={doc}
            onSaved={({ plugin, version }) =>
              navigate(`/plugins/${plugin.id}?version=${version.id}&saved=1`)
            }
          />
        )}
      </Show>
    </>
  )
}

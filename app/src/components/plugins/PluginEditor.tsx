import { createSignal, For, Match, onMount, Show, Switch } from 'solid-js'
import { api, read } from '../../lib/api/client.ts'
import { ApiProblem, asProblem } from '../../lib/api/problem.ts'
import { readSuccess } from '../../lib/api-success.ts'
import type { CodeEditor as Editor } from '../../lib/codemirror.ts'
import { countProblems, type SdkIndex } from '../../lib/editor.ts'
import {
  KIND_LABEL,
  type Plugin,
  readManifest,
  savePlan,
  type Validation,
  type Version,
} from '../../lib/plugins.ts'
import { loadSdk } from '../../lib/sdk.ts'
import { createTask, useHydrated } from '../../lib/task.ts'
import { Alert, ProblemAlert } from '../Alert.tsx'
import { CodeEditor } from './CodeEditor.tsx'

const refused = (message: string) =>
  new ApiProblem({ status: 422, code: 'not_saved', title: 'Not saved', message })

/**
 * The source of a plugin in the code editor, checked by the compiler as it is typed (and with
 * Validate), its problems listed with their places, and Save: a new plugin named after its
 * manifest, or a new immutable version of `plugin`.
 */
export function PluginEditor(props: {
  plugin: Plugin | undefined
  doc: string
  onSaved: (saved: { plugin: Plugin; version: Version }) => void
}) {
  const hydrated = useHydrated()
  const [source, setSource] = createSignal(props.doc)
  const [verdict, setVerdict] = createSignal<{ source: string; result: Validation }>()
  const [checking, setChecking] = createSignal(false)
  const [checkProblem, setCheckProblem] = createSignal<ApiProblem>()
  const [sdk, setSdk] = createSignal<SdkIndex>()
  const [sdkMissing, setSdkMissing] = createSignal(false)
  // A plugin this editor created whose first version then failed: saving again adds to it.
  const [created, setCreated] = createSignal<Plugin>()
  let editor: Editor | undefined

  onMount(() => {
    loadSdk().then(setSdk, () => setSdkMissing(true))
  })

  let ticket = 0
  const validate = async (text: string): Promise<Validation> => {
    const result = await read(api().api.v1.plugins.validate.$post({ json: { source: text } }))
    setVerdict({ source: text, result })
    return result
  }
  const check = async (text: string) => {
    if (!text.trim()) return []
    const mine = ++ticket
    setChecking(true)
    try {
      const result = await validate(text)
      if (mine === ticket) setCheckProblem(undefined)
      return result.diagnostics
    } catch (error) {
      if (mine === ticket) setCheckProblem(asProblem(error))
      return undefined
    } finally {
      if (mine === ticket) setChecking(false)
    }
  }

  /** The compiler's verdict on the text as it is now; none while it changed since. */
  const current = () => {
    const v = verdict()
    return v && v.source === source() ? v.result : undefined
  }
  const diagnostics = () =>
    [...(current()?.diagnostics ?? [])].sort((a, b) => a.line - b.line || a.column - b.column)

  const save = createTask(async () => {
    const text = source()
    let result = current()
    if (!result) {
      result = await validate(text)
      editor?.showDiagnostics(text, result.diagnostics)
    }
    if (!result.ok) {
      const errors = result.diagnostics.filter((d) => d.severity === 'error')
      throw refused(`Fix the ${countProblems(errors)} listed below, then save.`)
    }
    const plan = savePlan(props.plugin ?? created(), readManifest(result.manifest))
    if (!plan.ok) throw refused(plan.message)
    let plugin = props.plugin ?? created()
    if (plan.create) {
      plugin = await read(api().api.v1.plugins.$post({ json: plan.create }))
      setCreated(plugin)
    }
    const version = await readSuccess(
      api().api.v1.plugins[':pluginId'].versions.$post({
        param: { pluginId: plugin!.id },
        json: { source: text },
      }),
    )
    props.onSaved({ plugin: plugin!, version })
  })

  const checkNow = () => {
    if (editor) editor.checkNow()
    else void check(source())
  }

  return (
    <section class="panel editor-panel" aria-labelledby="editor-title">
      <div class="panel-head">
        <h2 id="editor-title">Source</h2>
        <div class="row-actions">
          <button
            type="button"
            class="secondary"
            disabled={!hydrated() || checking()}
            onClick={checkNow}
          >
            {checking() ? 'Checking…' : 'Validate'}
          </button>
          <button
            type="button"
            class="primary"
            disabled={!hydrated() || save.pending()}
            onClick={() => void save.run()}
          >
            {save.pending()
              ? 'Saving…'
              : props.plugin || created()
                ? 'Save as new version'
                : 'Save plugin'}
          </button>
        </div>
      </div>
      <ProblemAlert problem={save.problem()} title="Not saved" />
      <Show when={checkProblem()}>
        {(problem) => (
          <Alert tone="warning" title="Could not check the code">
            {problem().message}
          </Alert>
        )}
      </Show>
      <CodeEditor
        doc={props.doc}
        label="Plugin source (TypeScript)"
        onChange={setSource}
        check={check}
        sdk={sdk}
        ref={(e) => {
          editor = e
        }}
      />
      <p class="verdict" role="status" data-ok={current() ? String(current()!.ok) : undefined}>
        <Switch fallback={checking() ? 'Checking…' : 'Checked as you type, or with Validate.'}>
          <Match when={current()?.ok && current()}>
            {(result) => {
              const manifest = () => readManifest(result().manifest)
              return (
                <>
                  Compiles: {manifest().name} {manifest().version}
                  {manifest().kind ? ` (${KIND_LABEL[manifest().kind!].toLowerCase()})` : ''}
                  {result().diagnostics.length
                    ? `, with ${countProblems(result().diagnostics)}`
                    : ''}
                  .
                </>
              )
            }}
          </Match>
          <Match when={current()}>
            {(result) => {
              const errors = () => result().diagnostics.filter((d) => d.severity === 'error')
              return (
                <>{`${countProblems(result().diagnostics)}: fix ${errors().length === 1 ? 'the error' : 'the errors'} to save.`}</>
              )
            }}
          </Match>
        </Switch>
      </p>
      <Show when={diagnostics().length}>
        <ol class="problems" aria-label="Problems">
          <For each={diagnostics()}>
            {(d) => (
              <li data-severity={d.severity}>
                <button type="button" class="link-button" onClick={() => editor?.goTo(d)}>
                  Line {d.line}, column {d.column}
                </button>{' '}
                <span class="badge" data-tone={d.severity === 'error' ? 'danger' : 'warning'}>
                  {d.severity}
                </span>{' '}
                {d.message}
                <Show when={d.code}>
                  {' '}
                  <code>{d.code}</code>
                </Show>
              </li>
            )}
          </For>
        </ol>
      </Show>
      <Show when={sdkMissing()}>
        <p class="muted small">
          Completion of the SDK is off: its types could not be loaded. The compiler still checks the
          code.
        </p>
      </Show>
    </section>
  )
}

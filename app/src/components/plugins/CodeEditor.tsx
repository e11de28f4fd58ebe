import { type Accessor, createSignal, onCleanup, onMount, Show } from 'solid-js'
import type { CodeDiagnostic, CodeEditor as Editor } from '../../lib/codemirror.ts'
import type { SdkIndex } from '../../lib/editor.ts'

/**
 * The plugin source in CodeMirror, loaded in the browser only (a dynamic import in onMount):
 * the server renders the source as plain text, which the editor replaces once it has loaded.
 */
export function CodeEditor(props: {
  doc: string
  label: string
  onChange: (doc: string) => void
  check: (doc: string) => Promise<readonly CodeDiagnostic[] | undefined>
  sdk: Accessor<SdkIndex | undefined>
  /** The editor, once loaded: for the Validate button and the problem list's links. */
  ref?: (editor: Editor) => void
}) {
  let parent!: HTMLDivElement
  const [ready, setReady] = createSignal(false)
  const [failed, setFailed] = createSignal(false)
  onMount(() => {
    let editor: Editor | undefined
    let disposed = false
    onCleanup(() => {
      disposed = true
      editor?.destroy()
    })
    import('../../lib/codemirror.ts')
      .then(({ createCodeEditor }) => {
        if (disposed) return
        editor = createCodeEditor({
          parent,
          doc: props.doc,
          label: props.label,
          onChange: props.onChange,
          check: props.check,
          sdk: props.sdk,
        })
        setReady(true)
        props.ref?.(editor)
      })
      .catch(() => setFailed(true))
  })
  return (
    <div class="code-editor" data-ready={ready() ? 'true' : undefined}>
      <Show when={!ready()}>
        <p class="muted small" role="status">
          {failed()
            ? 'The editor could not load. Reload the page to try again.'
            : 'Loading the editor…'}
        </p>
        <pre class="code-fallback">{props.doc}</pre>
      </Show>
      <div ref={parent} />
    </div>
  )
}

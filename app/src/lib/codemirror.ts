// The plugin editor's CodeMirror: TypeScript highlighting, completion of the SDK's exports and
// context members, and the compiler's diagnostics as lint marks. Browser only: the editor
// component imports this module in onMount, so server rendering never loads CodeMirror.
import type { CompletionContext, CompletionResult } from '@codemirror/autocomplete'
import { javascript, javascriptLanguage } from '@codemirror/lang-javascript'
import { syntaxTree } from '@codemirror/language'
import { type Diagnostic, forceLinting, linter, lintGutter, setDiagnostics } from '@codemirror/lint'
import { EditorState } from '@codemirror/state'
import { EditorView } from '@codemirror/view'
import { basicSetup } from 'codemirror'
import { completionsFor, diagnosticRange, type Place, type SdkIndex } from './editor.ts'

/** A compiler diagnostic as the API gives it. */
export interface CodeDiagnostic extends Place {
  severity: 'error' | 'warning'
  message: string
  code?: string | undefined
}

export interface CodeEditorOptions {
  parent: HTMLElement
  doc: string
  /** The accessible name of the editing area. */
  label: string
  onChange(doc: string): void
  /** The compiler's verdict on `doc`; undefined when it could not say (shown elsewhere). */
  check(doc: string): Promise<readonly CodeDiagnostic[] | undefined>
  /** The SDK's index for completion, once loaded. */
  sdk(): SdkIndex | undefined
}

export interface CodeEditor {
  /** Replaces the whole text (opening another version). */
  setDoc(doc: string): void
  /** Checks the text now instead of after the typing pause. */
  checkNow(): void
  /** Shows a verdict on `doc` got elsewhere (saving checks too), when the text is still `doc`. */
  showDiagnostics(doc: string, diagnostics: readonly CodeDiagnostic[]): void
  /** Puts the cursor at a 1-based line and column and shows it. */
  goTo(place: Place): void
  destroy(): void
}

// Node names of the JavaScript grammar where completing SDK names makes no sense.
const NO_COMPLETION = new Set(['String', 'TemplateString', 'LineComment', 'BlockComment'])

/** How long the editor waits after the last keystroke before asking the compiler. */
const CHECK_DELAY_MS = 800

/**
 * Mounts the editor in `options.parent`.
 *
 * @example
 * const editor = createCodeEditor({ parent, doc: source, label: 'Plugin source', onChange, check, sdk })
 */
export function createCodeEditor(options: CodeEditorOptions): CodeEditor {
  const sdkCompletion = (context: CompletionContext): CompletionResult | null => {
    const index = options.sdk()
    if (!index) return null
    const node = syntaxTree(context.state).resolveInner(context.pos, -1)
    if (NO_COMPLETION.has(node.name)) return null
    const line = context.state.doc.lineAt(context.pos)
    const plan = completionsFor(
      index,
      line.text.slice(0, context.pos - line.from),
      context.explicit,
    )
    if (!plan) return null
    return {
      from: line.from + plan.from,
      options: plan.options.map((o) => ({
        label: o.label,
        type: o.type,
        detail: o.detail,
        ...(o.info ? { info: o.info } : {}),
      })),
      validFor: /^[\w$]*$/,
    }
  }

  const compilerLint = linter(
    async (view): Promise<Diagnostic[]> => {
      const text = view.state.doc.toString()
      return toLint(text, (await options.check(text)) ?? [])
    },
    { delay: CHECK_DELAY_MS },
  )

  const view = new EditorView({
    parent: options.parent,
    state: EditorState.create({
      doc: options.doc,
      extensions: [
        basicSetup,
        javascript({ typescript: true }),
        javascriptLanguage.data.of({ autocomplete: sdkCompletion }),
        lintGutter(),
        compilerLint,
        EditorView.contentAttributes.of({ 'aria-label': options.label }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) options.onChange(update.state.doc.toString())
        }),
        EditorView.theme({
          '&': { height: '34rem', fontSize: '0.875rem' },
          '.cm-scroller': { overflow: 'auto' },
        }),
      ],
    }),
  })

  return {
    setDoc(doc) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: doc } })
    },
    checkNow: () => forceLinting(view),
    showDiagnostics(doc, diagnostics) {
      if (view.state.doc.toString() !== doc) return
      view.dispatch(setDiagnostics(view.state, toLint(doc, diagnostics)))
    },
    goTo(place) {
      const { from } = diagnosticRange(view.state.doc.toString(), { ...place, length: 0 })
      view.dispatch({ selection: { anchor: from }, scrollIntoView: true })
      view.focus()
    },
    destroy: () => view.destroy(),
  }
}

function toLint(text: string, diagnostics: readonly CodeDiagnostic[]): Diagnostic[] {
  return diagnostics.map((d) => ({
    ...diagnosticRange(text, d),
    severity: d.severity,
    message: d.code ? `${d.message} (${d.code})` : d.message,
    source: `line ${d.line}, column ${d.column}`,
  }))
}

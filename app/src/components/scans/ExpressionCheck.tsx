import { For, Match, Show, Switch } from 'solid-js'
import { caretLine, type ScanPreview } from '../../lib/scans.ts'

/**
 * The verdict on a scan expression as it is typed: each problem under the part of the
 * expression it is about, or the canonical expression and the scanner it becomes.
 */
export function ExpressionCheck(props: {
  expression: string
  preview: ScanPreview | undefined
  checking: boolean
}) {
  const lines = () => props.expression.split('\n')
  return (
    <div class="expression-check" role="status" aria-live="polite">
      <Switch
        fallback={
          <p class="muted small">
            {props.checking ? 'Checking…' : 'The expression is checked as you type.'}
          </p>
        }
      >
        <Match when={props.preview && !props.preview.ok && props.preview}>
          {(preview) => (
            <ul class="expression-problems" aria-label="Expression problems">
              <For each={preview().diagnostics}>
                {(d) => (
                  <li>
                    <pre class="caret" aria-hidden="true">
                      {`${lines()[d.line - 1] ?? ''}\n${caretLine(d)}`}
                    </pre>
                    <p>
                      {/column \d/i.test(d.message)
                        ? d.message
                        : `Column ${d.column}: ${d.message}`}
                    </p>
                  </li>
                )}
              </For>
            </ul>
          )}
        </Match>
        <Match when={props.preview?.ok && props.preview}>
          {(preview) => (
            <>
              <p class="ok-text">
                Valid: <code>{preview().expression}</code>
              </p>
              <Show when={preview().source}>
                {(source) => (
                  <details class="generated">
                    <summary>The scanner it becomes (TypeScript, generated)</summary>
                    <pre>{source()}</pre>
                  </details>
                )}
              </Show>
            </>
          )}
        </Match>
      </Switch>
    </div>
  )
}

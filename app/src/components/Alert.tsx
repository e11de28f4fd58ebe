import { type JSX, Show } from 'solid-js'

export type AlertTone = 'error' | 'warning' | 'success' | 'info'

/**
 * A message in the flow of the page. Errors and warnings are announced to screen readers at
 * once (role="alert"); the others politely (role="status").
 */
export function Alert(props: { tone: AlertTone; title?: string; children?: JSX.Element }) {
  return (
    <div
      class="alert"
      data-tone={props.tone}
      role={props.tone === 'error' || props.tone === 'warning' ? 'alert' : 'status'}
    >
      <Show when={props.title}>
        <p class="alert-title">{props.title}</p>
      </Show>
      <Show when={props.children}>
        <div class="alert-body">{props.children}</div>
      </Show>
    </div>
  )
}

/**
 * The failure of a task, or nothing. A form that shows per-field messages names those fields
 * in `shownFields`: when every complaint is next to its field, no general message repeats it.
 */
export function ProblemAlert(props: {
  problem: { message: string; fields: Readonly<Record<string, string>> } | undefined
  title?: string
  shownFields?: readonly string[]
}) {
  const visible = () => {
    const problem = props.problem
    if (!problem) return undefined
    const fields = Object.keys(problem.fields)
    const allShown = fields.length > 0 && fields.every((f) => props.shownFields?.includes(f))
    return allShown ? undefined : problem
  }
  return (
    <Show when={visible()}>
      {(problem) => (
        <Alert tone="error" {...(props.title ? { title: props.title } : {})}>
          {problem().message}
        </Alert>
      )}
    </Show>
  )
}

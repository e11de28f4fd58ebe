import { createSignal, type JSX } from 'solid-js'
import { ApiProblem } from '../../lib/api/problem.ts'
import { createTask, useHydrated } from '../../lib/task.ts'
import { checkSecondFactor } from '../../lib/totp.ts'
import { ProblemAlert } from '../Alert.tsx'
import { Field } from '../Field.tsx'

/**
 * A form asking for a current second-factor code before a sensitive change. `allowBackup`
 * also accepts a backup code (turning two-factor off after losing the phone).
 */
export function CodeForm(props: {
  submitLabel: string
  pendingLabel: string
  allowBackup?: boolean
  danger?: boolean
  onCode: (code: string) => Promise<unknown>
  children?: JSX.Element
}) {
  const hydrated = useHydrated()
  const [code, setCode] = createSignal('')
  const task = createTask(async () => {
    const app = checkSecondFactor(code(), 'app')
    const backup = props.allowBackup ? checkSecondFactor(code(), 'backup') : undefined
    const checked = app.ok ? app : backup?.ok ? backup : app
    if (!checked.ok) {
      throw new ApiProblem({
        status: 0,
        code: 'invalid_input',
        title: '',
        message: checked.message,
      })
    }
    await props.onCode(checked.code)
    setCode('')
  })
  return (
    <form
      class="form"
      method="post"
      onSubmit={(event) => {
        event.preventDefault()
        void task.run()
      }}
    >
      {props.children}
      <ProblemAlert problem={task.problem()} />
      <div class="inline-form">
        <Field
          label={props.allowBackup ? 'Code from your app, or a backup code' : 'Code from your app'}
          inputMode={props.allowBackup ? 'text' : 'numeric'}
          autocomplete="one-time-code"
          required
          value={code()}
          onValue={setCode}
        />
        <button
          type="submit"
          class={props.danger ? 'danger' : 'primary'}
          disabled={!hydrated() || task.pending()}
        >
          {task.pending() ? props.pendingLabel : props.submitLabel}
        </button>
      </div>
    </form>
  )
}

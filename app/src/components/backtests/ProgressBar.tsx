import { Show } from 'solid-js'
import { progressPercent } from '../../lib/backtests.ts'

/** How far a job has got, as a bar with its percentage (and what it is doing, when known). */
export function ProgressBar(props: {
  progress: number
  label: string
  message?: string | undefined
}) {
  const percent = () => progressPercent(props.progress)
  return (
    <div class="progress">
      <div
        class="progress-track"
        role="progressbar"
        aria-label={props.label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent()}
        aria-valuetext={`${percent()}%${props.message ? `, ${props.message}` : ''}`}
      >
        <div class="progress-fill" style={{ width: `${percent()}%` }} />
      </div>
      <span class="progress-text">
        {percent()}%<Show when={props.message}>{(m) => <span class="muted"> · {m()}</span>}</Show>
      </span>
    </div>
  )
}

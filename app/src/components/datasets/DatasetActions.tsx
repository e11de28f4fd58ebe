import { A } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { api, read } from '../../lib/api/client.ts'
import { downloadText } from '../../lib/clipboard.ts'
import { type Dataset, downloadCsv } from '../../lib/datasets.ts'
import { useSession } from '../../lib/session.tsx'
import { createTask, useHydrated } from '../../lib/task.ts'
import { ProblemAlert } from '../Alert.tsx'

/** The timeframes backtests run on (the API's `timeframe`). */
const BACKTESTED = new Set(['1m', '1d'])

/**
 * Backtest on a dataset (the form with it ticked), download its CSV as it was imported, or
 * delete it after a second click that names it (backtests already run on it keep their results).
 */
export function DatasetActions(props: { dataset: Dataset; onDeleted: () => void }) {
  const hydrated = useHydrated()
  const [confirming, setConfirming] = createSignal(false)
  const download = createTask(async () => {
    const file = await downloadCsv(props.dataset)
    downloadText(file.name, file.text)
  })
  const remove = createTask(async () => {
    await read(
      api().api.v1.datasets[':datasetId'].$delete({ param: { datasetId: props.dataset.id } }),
    )
    setConfirming(false)
    props.onDeleted()
  })
  const session = useSession()
  const name = () => props.dataset.name
  return (
    <div class="deployment-actions">
      <div class="row-actions">
        <Show
          when={confirming()}
          fallback={
            <>
              <Show when={session.can('backtest') && BACKTESTED.has(props.dataset.timeframe)}>
                <A href={`/backtests/new?dataset=${props.dataset.id}`}>
                  Backtest on it<span class="visually-hidden"> ({name()})</span>
                </A>
              </Show>
              <button
                type="button"
                class="secondary small"
                disabled={!hydrated() || download.pending()}
                aria-label={`Download ${name()}`}
                onClick={() => void download.run()}
              >
                {download.pending() ? 'Downloading…' : 'Download'}
              </button>
              <button
                type="button"
                class="secondary small danger-text"
                disabled={!hydrated()}
                aria-label={`Delete ${name()}`}
                onClick={() => setConfirming(true)}
              >
                Delete
              </button>
            </>
          }
        >
          <button
            type="button"
            class="danger small"
            disabled={remove.pending()}
            onClick={() => void remove.run()}
          >
            Yes, delete “{name()}”
          </button>
          <button
            type="button"
            class="secondary small"
            onClick={() => {
              remove.clear()
              setConfirming(false)
            }}
          >
            Cancel
          </button>
        </Show>
      </div>
      <ProblemAlert problem={download.problem() ?? remove.problem()} />
    </div>
  )
}

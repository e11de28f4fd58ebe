import { createSignal, Show } from 'solid-js'
import { api, read } from '../../lib/api/client.ts'
import { downloadText } from '../../lib/clipboard.ts'
import { type Dataset, downloadCsv } from '../../lib/datasets.ts'
import { createTask, useHydrated } from '../../lib/task.ts'
import { ProblemAlert } from '../Alert.tsx'

/**
 * Download a dataset's CSV as it was imported, or delete it after a second click that names
 * it (backtests already run on it keep their results).
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
  const name = () => props.dataset.name
  return (
    <div class="deployment-actions">
      <div class="row-actions">
        <Show
          when={confirming()}
          fallback={
            <>
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

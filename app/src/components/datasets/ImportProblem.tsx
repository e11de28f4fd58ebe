import { Match, Show, Switch } from 'solid-js'
import type { ApiProblem } from '../../lib/api/problem.ts'
import { lineAt } from '../../lib/csv-preview.ts'
import { CsvRefused } from '../../lib/datasets.ts'
import { Alert } from '../Alert.tsx'
import { PlanProblem } from '../deployments/PlanProblem.tsx'

/**
 * Why an import was refused, with what to do: a bad row (422) names its line, quotes it from
 * the file and says whether the preview marks it; a file over the size limit (413, or caught
 * before uploading) says to split it; the plan's limit (402) links to the plans; a taken name
 * (409) and per-field complaints are shown at their fields (`shownFields`), not here.
 */
export function ImportProblem(props: {
  problem: ApiProblem | undefined
  /** The file as uploaded, to quote the refused line from. */
  csv: string
  /** The last line number the preview shows. */
  previewedTo: number
  shownFields: readonly string[]
}) {
  const refused = () => (props.problem instanceof CsvRefused ? props.problem : undefined)
  return (
    <Switch
      fallback={
        <Show when={props.problem?.code !== 'conflict'}>
          <PlanProblem problem={props.problem} shownFields={props.shownFields} />
        </Show>
      }
    >
      <Match when={refused()}>
        {(problem) => (
          <Alert tone="error" title="Not imported: the file has a problem">
            <p>{problem().message}</p>
            <Show when={lineAt(props.csv, problem().line)}>
              {(text) => (
                <p>
                  Line {problem().line} reads <code class="bad-line">{text()}</code>
                  {problem().line <= props.previewedTo
                    ? ' — it is marked in the preview.'
                    : ', past the rows previewed.'}
                </p>
              )}
            </Show>
            <p>Correct that line in the file (and any others like it), then pick it again.</p>
          </Alert>
        )}
      </Match>
      <Match when={props.problem?.code === 'payload_too_large'}>
        <TooLarge />
      </Match>
    </Switch>
  )
}

/** A file over the edge's limit, said before or after uploading it. */
export function TooLarge() {
  return (
    <Alert tone="warning" title="The file is too large">
      A dataset holds at most 8 MiB of CSV (about 130,000 one-minute bars). Split the file by date
      range and import each part as a dataset of its own.
    </Alert>
  )
}

import { For, Show } from 'solid-js'
import type { CsvPreview as Preview } from '../../lib/csv-preview.ts'

/**
 * The first rows of a picked file, numbered by their line in the file, with the line the core
 * refused (`badLine`) marked when it is one of them.
 */
export function CsvPreview(props: { preview: Preview; badLine?: number | undefined }) {
  const rest = () => props.preview.count - props.preview.rows.length
  return (
    <div class="table-wrap csv-preview">
      <table aria-label="Preview of the file">
        <caption>
          {props.preview.count.toLocaleString('en-IN')} {props.preview.count === 1 ? 'bar' : 'bars'}{' '}
          in the file
          <Show when={rest() > 0}>, the first {props.preview.rows.length} shown</Show>
        </caption>
        <thead>
          <tr data-bad={props.badLine === 1 ? 'true' : undefined}>
            <th scope="col" class="numeric">
              Line
            </th>
            <For each={props.preview.header}>{(name) => <th scope="col">{name}</th>}</For>
          </tr>
        </thead>
        <tbody>
          <For each={props.preview.rows}>
            {(row) => (
              <tr data-bad={row.line === props.badLine ? 'true' : undefined}>
                <td class="numeric muted">{row.line}</td>
                <For each={row.cells}>{(cell) => <td class="mono">{cell}</td>}</For>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  )
}

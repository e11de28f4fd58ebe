import { Show } from 'solid-js'
import type { Pager as PagerModel } from '../lib/paged.ts'

/** Previous / next buttons of a cursor-paginated table; nothing when it has one page. */
export function Pager(props: {
  pager: PagerModel
  /** The `nextCursor` of the page shown. */
  nextCursor: string | null | undefined
  loading: boolean
  label: string
}) {
  return (
    <Show when={props.pager.hasPrevious() || props.nextCursor}>
      <nav class="pager" aria-label={props.label}>
        <button
          type="button"
          class="secondary small"
          disabled={!props.pager.hasPrevious() || props.loading}
          onClick={() => props.pager.previous()}
        >
          ← Previous
        </button>
        <span aria-live="polite">Page {props.pager.page()}</span>
        <button
          type="button"
          class="secondary small"
          disabled={!props.nextCursor || props.loading}
          onClick={() => props.nextCursor && props.pager.next(props.nextCursor)}
        >
          Next →
        </button>
      </nav>
    </Show>
  )
}

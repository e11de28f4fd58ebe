import { type Accessor, type JSX, Show } from 'solid-js'
import type { Load } from '../lib/load.ts'
import type { Pager as PagerModel } from '../lib/paged.ts'
import { Loaded } from './Loaded.tsx'
import { Pager } from './Pager.tsx'

/**
 * A panel holding one page of a cursor-paginated list as a table: its heading, the loading
 * and failure states, an empty state, the table (`children` give its head and body) and the
 * pager.
 *
 * @example
 * <PagedPanel id="logs" title="Log" what="the log" load={load} pager={pager} empty={<p>…</p>}>
 *   {(page) => <><thead>…</thead><tbody>…</tbody></>}
 * </PagedPanel>
 */
export function PagedPanel<
  T extends { items: readonly unknown[]; nextCursor: string | null },
>(props: {
  id: string
  title: string
  /** Named in "Loading …". */
  what: string
  load: Load<T>
  pager: PagerModel
  empty: JSX.Element
  children: (page: Accessor<T>) => JSX.Element
}) {
  const titleId = () => `${props.id}-title`
  return (
    <section class="panel" aria-labelledby={titleId()}>
      <h2 id={titleId()}>{props.title}</h2>
      <Loaded load={props.load} what={props.what}>
        {(page) => (
          <Show when={page().items.length || props.pager.hasPrevious()} fallback={props.empty}>
            <div class="table-wrap">
              <table class="wide" aria-labelledby={titleId()}>
                {props.children(page)}
              </table>
              <Pager
                label={`${props.title} pages`}
                pager={props.pager}
                nextCursor={page().nextCursor}
                loading={props.load.loading()}
              />
            </div>
          </Show>
        )}
      </Loaded>
    </section>
  )
}

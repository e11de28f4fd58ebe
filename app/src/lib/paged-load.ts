import type { Accessor } from 'solid-js'
import { createLoad, type Load } from './load.ts'
import { createPager, type Pager } from './paged.ts'

/** The query of one page of a list endpoint: its size and, after the first page, the cursor. */
export type PageQuery = { limit: string; cursor?: string }

/**
 * A cursor-paginated list and its pager: loads the page shown, again when the pager moves and
 * whenever `refresh` changes (a live table ticking, a save).
 *
 * @example
 * const { pager, load } = createPagedLoad((query) => read(api().api.v1.scans.$get({ query })), { pageSize: 25 })
 */
export function createPagedLoad<T>(
  fetchPage: (query: PageQuery) => Promise<T>,
  options: { pageSize: number; refresh?: Accessor<unknown> },
): { pager: Pager; load: Load<T> } {
  const pager = createPager()
  const load = createLoad(
    () => ({ cursor: pager.cursor(), refresh: options.refresh?.() }),
    ({ cursor }) => fetchPage({ limit: String(options.pageSize), ...(cursor ? { cursor } : {}) }),
  )
  return { pager, load }
}

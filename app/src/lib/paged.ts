import { type Accessor, createSignal } from 'solid-js'
import {
  currentCursor,
  firstPage,
  hasPrevious,
  nextPage,
  type PagerState,
  pageNumber,
  previousPage,
} from './pager.ts'

/**
 * A table's pager as signals. `filtersKey` names what the list is filtered by: when it changes
 * the pager is back on page 1 at once (derived, not by an effect), so a list never loads a
 * page of the old filters first.
 */
export function createPager(filtersKey: Accessor<string> = () => '') {
  const [saved, setSaved] = createSignal<{ key: string; state: PagerState }>({
    key: filtersKey(),
    state: firstPage(),
  })
  const state = (): PagerState => {
    const current = saved()
    return current.key === filtersKey() ? current.state : firstPage()
  }
  const move = (to: PagerState) => setSaved({ key: filtersKey(), state: to })
  return {
    cursor: (): string | undefined => currentCursor(state()),
    page: (): number => pageNumber(state()),
    hasPrevious: (): boolean => hasPrevious(state()),
    next: (cursor: string) => move(nextPage(state(), cursor)),
    previous: () => move(previousPage(state())),
    /** Back to page 1; false when already there (nothing reloads then). */
    reset: (): boolean => {
      if (pageNumber(state()) === 1) return false
      move(firstPage())
      return true
    },
  }
}

export type Pager = ReturnType<typeof createPager>

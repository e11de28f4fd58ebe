/**
 * Where a cursor-paginated list is: the cursors that opened each page so far. The API gives
 * only "next" cursors, so going back means remembering them.
 */
export interface PagerState {
  /** cursors[i] opened page i + 1; the first page has none. */
  cursors: ReadonlyArray<string | undefined>
}

export const firstPage = (): PagerState => ({ cursors: [undefined] })

/** The cursor to fetch the current page with. */
export const currentCursor = (state: PagerState): string | undefined =>
  state.cursors[state.cursors.length - 1]

/** 1-based number of the current page. */
export const pageNumber = (state: PagerState): number => state.cursors.length

export const hasPrevious = (state: PagerState): boolean => state.cursors.length > 1

/** The next page, opened with the `nextCursor` the current page came with. */
export const nextPage = (state: PagerState, nextCursor: string): PagerState => ({
  cursors: [...state.cursors, nextCursor],
})

export const previousPage = (state: PagerState): PagerState =>
  hasPrevious(state) ? { cursors: state.cursors.slice(0, -1) } : state

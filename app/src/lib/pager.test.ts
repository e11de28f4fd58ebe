import { expect, test } from 'vitest'
import {
  currentCursor,
  firstPage,
  hasPrevious,
  nextPage,
  pageNumber,
  previousPage,
} from './pager.ts'

test('going forward remembers the cursors, so going back needs none from the API', () => {
  let state = firstPage()
  expect([currentCursor(state), pageNumber(state), hasPrevious(state)]).toEqual([
    undefined,
    1,
    false,
  ])
  state = nextPage(state, 'c2')
  state = nextPage(state, 'c3')
  expect([currentCursor(state), pageNumber(state), hasPrevious(state)]).toEqual(['c3', 3, true])
  state = previousPage(state)
  expect([currentCursor(state), pageNumber(state)]).toEqual(['c2', 2])
  state = previousPage(previousPage(state))
  expect([currentCursor(state), pageNumber(state), hasPrevious(state)]).toEqual([
    undefined,
    1,
    false,
  ])
})

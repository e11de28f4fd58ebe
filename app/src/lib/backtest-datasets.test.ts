import { expect, test } from 'vitest'
import { datasetIdsOf, datasetIssues, datasetsToList } from './backtest-datasets.ts'

const REL = { id: 'dst_rel', symbol: 'RELIANCE', timeframe: '1d' as const }
const REL_AGAIN = { id: 'dst_rel2', symbol: 'RELIANCE', timeframe: '1d' as const }
const INFY_1M = { id: 'dst_infy', symbol: 'INFY', timeframe: '1m' as const }
const TCS_5M = { id: 'dst_tcs', symbol: 'TCS', timeframe: '5m' as const }
const ALL = [REL, REL_AGAIN, INFY_1M, TCS_5M]

test('the form lists the datasets at its timeframe, and every ticked one', () => {
  expect(datasetsToList(ALL, '1d', [])).toEqual({ listed: [REL, REL_AGAIN], missing: [] })
  expect(datasetsToList(ALL, '1m', [])).toEqual({ listed: [INFY_1M], missing: [] })
  // Ticked at daily bars, then switched to minutes: still there, to be unticked; one deleted
  // since it was ticked shows by its id.
  expect(datasetsToList(ALL, '1m', ['dst_rel', 'dst_gone'])).toEqual({
    listed: [REL, INFY_1M],
    missing: ['dst_gone'],
  })
})

test('two ticked datasets of one symbol: the second is named', () => {
  expect(datasetIssues(['dst_rel', 'dst_rel2'], ALL, ['TCS'], '1d')).toEqual({
    'datasets.1': 'RELIANCE is given twice (another ticked dataset holds it).',
  })
  expect(datasetIssues(['dst_tcs'], ALL, [], '1d')).toEqual({
    'datasets.0': 'Holds 5m bars; this backtest runs on daily bars.',
  })
  expect(datasetIssues(['dst_rel', 'dst_infy'], undefined, ['RELIANCE'], '1d')).toEqual({})
})

test('datasetIdsOf reads the ids of a stored request', () => {
  expect(datasetIdsOf({ symbols: [], datasets: ['dst_a', 7, 'dst_b'] })).toEqual(['dst_a', 'dst_b'])
  expect(datasetIdsOf({ symbols: ['TCS'] })).toEqual([])
  expect(datasetIdsOf({ datasets: 'dst_a' })).toEqual([])
  expect(datasetIdsOf(undefined)).toEqual([])
})

import { barsLabel } from './backtests.ts'
import type { Dataset } from './datasets.ts'

// The workspace's imported datasets in the backtest form: which ones it offers at a timeframe,
// and the API's checks of ticked ones (edge/src/routes/v1/backtests/create.ts, checkDatasets)
// made before a request, named by the same paths (`datasets.N`).

/** The most datasets one backtest runs on (the API's limit). */
export const MAX_DATASETS = 10

type Checked = Pick<Dataset, 'id' | 'symbol' | 'timeframe'>

/**
 * What is wrong with the ticked datasets, keyed `datasets.N` by their place in `ticked`: one
 * the workspace does not hold (deleted since), one of bars at another timeframe, a symbol
 * given twice. Nothing is said while the workspace's datasets are not known yet.
 *
 * @example datasetIssues(['dst_1'], [{ id: 'dst_1', symbol: 'TCS', timeframe: '1m' }], [], '1d') // { 'datasets.0': 'Holds 1-minute bars; this backtest runs on daily bars.' }
 */
export function datasetIssues(
  ticked: readonly string[],
  known: readonly Checked[] | undefined,
  symbols: readonly string[],
  timeframe: string,
): Record<string, string> {
  const issues: Record<string, string> = {}
  if (!known) return issues
  const byId = new Map(known.map((d) => [d.id, d]))
  const given = new Set(symbols)
  for (const [i, id] of ticked.entries()) {
    const dataset = byId.get(id)
    const path = `datasets.${i}`
    if (!dataset) issues[path] = 'No dataset with this id in your workspace: it was deleted.'
    else if (dataset.timeframe !== timeframe)
      issues[path] =
        `Holds ${barsLabel(dataset.timeframe)} bars; this backtest runs on ${barsLabel(timeframe)} bars.`
    else if (given.has(dataset.symbol))
      issues[path] = symbols.includes(dataset.symbol)
        ? `${dataset.symbol} is given twice (in symbols and as a dataset).`
        : `${dataset.symbol} is given twice (another ticked dataset holds it).`
    if (dataset) given.add(dataset.symbol)
  }
  return issues
}

/**
 * The datasets the form lists at `timeframe`, in the workspace's order, and the ticked ones at
 * other timeframes (so a ticked one never hides); `missing`: ticked ids the workspace does not
 * hold.
 */
export function datasetsToList<D extends Checked>(
  all: readonly D[],
  timeframe: string,
  ticked: readonly string[],
): { listed: D[]; missing: string[] } {
  return {
    listed: all.filter((d) => d.timeframe === timeframe || ticked.includes(d.id)),
    missing: ticked.filter((id) => !all.some((d) => d.id === id)),
  }
}

/** The `datasets` of a stored request; none when it has none. */
export function datasetIdsOf(request: Record<string, unknown> | undefined): string[] {
  const ids = request?.datasets
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : []
}

const IST_OFFSET_MS = 330 * 60_000
const DAY_MS = 86_400_000

/** The IST day (YYYY-MM-DD) of an instant. */
const istDay = (ms: number) => new Date(ms + IST_OFFSET_MS).toISOString().slice(0, 10)

/**
 * The dates to backtest a dataset over: its bars' days (IST), the last 366 of them when it
 * spans more (every plan backtests that much at a time).
 *
 * @example datasetDates({ firstBar: '2022-12-31T18:30:00.000Z', lastBar: '2023-12-28T18:30:00.000Z' }) // { from: '2023-01-01', to: '2023-12-29' }
 */
export function datasetDates(dataset: Pick<Dataset, 'firstBar' | 'lastBar'>): {
  from: string
  to: string
} {
  const first = Date.parse(dataset.firstBar)
  const last = Date.parse(dataset.lastBar)
  return { from: istDay(Math.max(first, last - 365 * DAY_MS)), to: istDay(last) }
}

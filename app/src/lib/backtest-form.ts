import { datasetDates, datasetIssues, MAX_DATASETS } from './backtest-datasets.ts'
import type { CreateBacktestBody, RequestSummary } from './backtests.ts'
import type { Dataset } from './datasets.ts'
import { type ParamForm, type ParamSpec, type ParamValue, paramValues } from './params.ts'
import { DEFAULT_RANK_BY, isRankMetric, type RankMetric } from './rank-by.ts'
import { parseSymbols } from './scans.ts'

// The backtest form's fields as typed, checked as the API checks them (edge/src/routes/v1/
// backtests/schemas.ts) so most mistakes show before a request, and turned into its body.

export type Timeframe = CreateBacktestBody['timeframe']
export type Product = NonNullable<NonNullable<CreateBacktestBody['costs']>['product']>

export interface BacktestFields {
  symbols: string
  /** Ids of the workspace's datasets ticked to run on, beside or instead of the symbols. */
  datasets: string[]
  timeframe: Timeframe
  from: string
  to: string
  capital: string
  product: Product
  /** Basis points of adverse slippage; empty: one tick (the engine's default). */
  slippageBps: string
  sweep: boolean
  /** One parameter a line: `fast = 5, 10, 20`. */
  grid: string
  /** What the sweep ranks its combinations by. */
  rankBy: RankMetric
  /** A walk-forward test of the grid rather than a sweep over the whole range. */
  walkForward: boolean
  folds: string
  /** Percent of each fold's trading days that picks the parameters; the rest tests them. */
  inSample: string
}

/** A year of RELIANCE's bundled daily bars: within every plan's range and data. */
export const DEFAULT_FIELDS: BacktestFields = {
  symbols: 'RELIANCE',
  datasets: [],
  timeframe: '1d',
  from: '2023-01-01',
  to: '2023-12-31',
  capital: '1000000',
  product: 'CNC',
  slippageBps: '',
  sweep: false,
  grid: '',
  rankBy: DEFAULT_RANK_BY,
  walkForward: false,
  folds: '4',
  inSample: '70',
}

/** Folds of a walk-forward test, and the in-sample share in percent (the API's bounds). */
export const FOLDS = { min: 2, max: 10 } as const
export const IN_SAMPLE_PERCENT = { min: 50, max: 90 } as const

// The API does not list the bundled data yet; this is core/data/nse/MANIFEST.csv in words.
export const BUNDLED_DATA: Record<Timeframe, string> = {
  '1d': 'Bundled daily bars: NSE stocks such as RELIANCE, TCS, INFY, HDFCBANK, ICICIBANK and SBIN from 1 Oct 2020 to 30 Sep 2025; NIFTY50 and BANKNIFTY from 1 Jan to 23 Aug 2024.',
  '1m': 'Bundled 1-minute bars: NIFTY50 and BANKNIFTY from 1 Jan to 23 Aug 2024; RELIANCE, TCS, INFY, HDFCBANK, ICICIBANK and SBIN from 16 Aug to 30 Sep 2016.',
}

/**
 * Parameters the request itself sets: the job fills a strategy's `timeframe` and `product`
 * parameters from the request's timeframe and product, so the form does not ask twice.
 */
const SET_BY_REQUEST = new Set(['timeframe', 'product'])

/** The strategy's parameters the form shows. */
export const formParams = (params: ReadonlyArray<{ name: string; spec: ParamSpec }>) =>
  params.filter((p) => !SET_BY_REQUEST.has(p.name))

const DAY = /^\d{4}-\d{2}-\d{2}$/

/** Days since 1970-01-01 of a YYYY-MM-DD date, or null when it is no calendar date. */
export function dayNumber(value: string): number | null {
  if (!DAY.test(value)) return null
  const [y, m, d] = value.split('-').map(Number) as [number, number, number]
  const back = new Date(Date.UTC(y, m - 1, d))
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d)
    return null
  return back.getTime() / 86_400_000
}

/**
 * The grid typed as lines of `name = value, value, …`, with each value typed as its
 * parameter's spec says; a message when a line cannot be read.
 *
 * @example parseGrid('fast = 5, 10\nslow = 30', params) // { ok: true, grid: { fast: [5, 10], slow: [30] } }
 */
export function parseGrid(
  text: string,
  params: ReadonlyArray<{ name: string; spec: ParamSpec }>,
): { ok: true; grid: Record<string, ParamValue[]> } | { ok: false; message: string } {
  const grid: Record<string, ParamValue[]> = {}
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
  if (lines.length === 0) return { ok: false, message: 'Give at least one parameter to sweep.' }
  for (const line of lines) {
    const match = /^([A-Za-z_]\w*)\s*=\s*(.+)$/.exec(line)
    if (!match) return { ok: false, message: `Write “${line}” as name = value, value, …` }
    const [, name, list] = match as unknown as [string, string, string]
    const spec = params.find((p) => p.name === name)?.spec
    if (!spec) return { ok: false, message: `The strategy has no parameter “${name}”.` }
    if (name in grid) return { ok: false, message: `“${name}” is listed twice.` }
    const values: ParamValue[] = []
    for (const raw of list.split(',').map((v) => v.trim())) {
      const checked = paramValues([{ name, spec }], { [name]: boolValue(raw, spec) })
      if (!checked.ok) return { ok: false, message: `${name}: ${raw} — ${checked.errors[name]}` }
      values.push(checked.values[name]!)
    }
    grid[name] = values
  }
  return { ok: true, grid }
}

const boolValue = (raw: string, spec: ParamSpec): string | boolean =>
  spec.type === 'bool' ? raw === 'true' || raw === 'on' || raw === 'yes' : raw

/** Combinations a grid runs: the product of its value counts. */
export const gridSize = (grid: Record<string, readonly unknown[]>): number =>
  Object.values(grid).reduce((n, values) => n * values.length, 1)

export type Strategy = { example: CreateBacktestBody['example'] } | { pluginVersionId: string }

/**
 * The request body, or a message per field in the form's names (`symbols`, `datasets.0`, `to`,
 * `capital`, `params.fast`, `grid`, …, the paths the API names its complaints by). `known`:
 * the workspace's datasets, to check the ticked ones against (left to the API until loaded).
 */
export function backtestBody(
  strategy: Strategy,
  fields: BacktestFields,
  params: ReadonlyArray<{ name: string; spec: ParamSpec }>,
  paramForm: ParamForm,
  known?: ReadonlyArray<Pick<Dataset, 'id' | 'symbol' | 'timeframe'>>,
): { ok: true; body: CreateBacktestBody } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {}
  const symbols = parseSymbols(fields.symbols)
  const datasets = fields.datasets
  if (symbols.length === 0 && datasets.length === 0)
    errors.symbols = 'Give at least one symbol, such as RELIANCE, or tick one of your datasets.'
  else if (symbols.length > 50) errors.symbols = 'At most 50 symbols.'
  if (datasets.length > MAX_DATASETS) errors.datasets = `At most ${MAX_DATASETS} datasets.`
  Object.assign(errors, datasetIssues(datasets, known, symbols, fields.timeframe))
  const from = dayNumber(fields.from)
  const to = dayNumber(fields.to)
  if (from === null) errors.from = 'Enter a date.'
  if (to === null) errors.to = 'Enter a date.'
  else if (from !== null && to < from) errors.to = 'Must not be before the first day.'
  const capital = Number(fields.capital)
  if (fields.capital.trim() === '' || !Number.isFinite(capital))
    errors.capital = 'Enter an amount in ₹.'
  else if (capital < 1_000) errors.capital = 'At least ₹1,000.'
  else if (capital > 10_000_000_000) errors.capital = 'At most ₹1,000 crore.'
  if (fields.product === 'MIS' && fields.timeframe !== '1m')
    errors['costs.product'] = 'MIS (intraday) needs 1-minute bars; use CNC for daily bars.'
  let slippageBps: number | null = null
  if (fields.slippageBps.trim() !== '') {
    slippageBps = Number(fields.slippageBps)
    if (!Number.isFinite(slippageBps) || slippageBps < 0 || slippageBps > 1_000)
      errors['costs.slippageBps'] = 'Enter 0 to 1000 basis points, or leave it empty for one tick.'
  }
  const shown = formParams(params)
  const checked = paramValues(shown, paramForm)
  if (!checked.ok)
    for (const [name, message] of Object.entries(checked.errors)) errors[`params.${name}`] = message
  let grid: Record<string, ParamValue[]> | undefined
  if (fields.sweep) {
    const parsed = parseGrid(fields.grid, shown)
    if (parsed.ok) grid = parsed.grid
    else errors.grid = parsed.message
  }
  const walkForward =
    fields.sweep && fields.walkForward ? readWalkForward(fields, errors) : undefined
  if (Object.keys(errors).length > 0 || !checked.ok) return { ok: false, errors }
  return {
    ok: true,
    body: {
      ...strategy,
      symbols,
      ...(datasets.length > 0 ? { datasets } : {}),
      timeframe: fields.timeframe,
      from: fields.from,
      to: fields.to,
      capital,
      params: checked.values,
      costs: { product: fields.product, slippageBps },
      ...(grid ? { grid, rankBy: fields.rankBy } : {}),
      ...(walkForward ? { walkForward } : {}),
    },
  }
}

/** The walk-forward settings typed, or their complaints added to `errors` (API field names). */
function readWalkForward(
  fields: Pick<BacktestFields, 'folds' | 'inSample'>,
  errors: Record<string, string>,
): { folds: number; inSampleRatio: number } | undefined {
  const folds = Number(fields.folds)
  if (
    fields.folds.trim() === '' ||
    !Number.isInteger(folds) ||
    folds < FOLDS.min ||
    folds > FOLDS.max
  )
    errors['walkForward.folds'] = `Enter a whole number from ${FOLDS.min} to ${FOLDS.max}.`
  const percent = Number(fields.inSample)
  const { min, max } = IN_SAMPLE_PERCENT
  if (fields.inSample.trim() === '' || !(percent >= min && percent <= max))
    errors['walkForward.inSampleRatio'] = `Enter ${min} to ${max} percent.`
  if (errors['walkForward.folds'] || errors['walkForward.inSampleRatio']) return undefined
  return { folds, inSampleRatio: percent / 100 }
}

/**
 * The form filled from an earlier run's request (and the datasets it ran on, `datasetIdsOf`),
 * to run it again with changes.
 *
 * @example fieldsFromRequest(readRequest({ symbols: ['TCS'], timeframe: '1d' })).fields.symbols // 'TCS'
 */
export function fieldsFromRequest(
  request: RequestSummary,
  datasets: readonly string[] = [],
): {
  fields: BacktestFields
  params: ParamForm
} {
  const params: ParamForm = {}
  for (const [name, value] of Object.entries(request.params)) {
    if (typeof value === 'boolean') params[name] = value
    else if (typeof value === 'number' || typeof value === 'string') params[name] = String(value)
  }
  const grid = request.grid
    ? Object.entries(request.grid)
        .map(([name, values]) => `${name} = ${values.map(String).join(', ')}`)
        .join('\n')
    : ''
  return {
    fields: {
      // A run on datasets alone stays so: the default symbol could be one of theirs.
      symbols: request.symbols.join(', ') || (datasets.length > 0 ? '' : DEFAULT_FIELDS.symbols),
      datasets: [...datasets],
      timeframe: request.timeframe === '1m' ? '1m' : '1d',
      from: request.from || DEFAULT_FIELDS.from,
      to: request.to || DEFAULT_FIELDS.to,
      capital: request.capital !== undefined ? String(request.capital) : DEFAULT_FIELDS.capital,
      product: request.product === 'MIS' ? 'MIS' : 'CNC',
      slippageBps: request.slippageBps === null ? '' : String(request.slippageBps),
      sweep: grid !== '',
      grid,
      rankBy: isRankMetric(request.rankBy) ? request.rankBy : DEFAULT_RANK_BY,
      walkForward: request.walkForward !== undefined,
      folds: String(request.walkForward?.folds ?? DEFAULT_FIELDS.folds),
      inSample: request.walkForward
        ? String(Math.round(request.walkForward.inSampleRatio * 10_000) / 100)
        : DEFAULT_FIELDS.inSample,
    },
    params,
  }
}

/**
 * The form set to backtest one dataset: ticked, its timeframe, its dates (the last year of
 * them at most), and no bundled symbol beside it.
 *
 * @example fieldsForDataset({ id: 'dst_1', timeframe: '1d', firstBar, lastBar }).datasets // ['dst_1']
 */
export function fieldsForDataset(
  dataset: Pick<Dataset, 'id' | 'timeframe' | 'firstBar' | 'lastBar'>,
): BacktestFields {
  return {
    ...DEFAULT_FIELDS,
    symbols: '',
    datasets: [dataset.id],
    // Backtests run on 1m and 1d bars only; another timeframe is then flagged at the dataset.
    timeframe: dataset.timeframe === '1m' ? '1m' : '1d',
    ...datasetDates(dataset),
  }
}

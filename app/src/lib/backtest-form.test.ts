import { describe, expect, test } from 'vitest'
import {
  backtestBody,
  DEFAULT_FIELDS,
  dayNumber,
  fieldsForDataset,
  fieldsFromRequest,
  formParams,
  gridSize,
  parseGrid,
} from './backtest-form.ts'
import { readRequest } from './backtests.ts'
import type { ParamSpec } from './params.ts'

// The SMA crossover example's parameters, as its manifest declares them.
const PARAMS: Array<{ name: string; spec: ParamSpec }> = [
  { name: 'fast', spec: { type: 'int', default: 10, min: 2, max: 200 } },
  { name: 'slow', spec: { type: 'int', default: 30, min: 3, max: 400 } },
  { name: 'type', spec: { type: 'enum', values: ['sma', 'ema'], default: 'sma' } },
  { name: 'timeframe', spec: { type: 'enum', values: ['1m', '1d'], default: '1d' } },
  { name: 'product', spec: { type: 'enum', values: ['CNC', 'MIS'], default: 'CNC' } },
]
const example = { example: 'sma-crossover' as const }

test('the request sets timeframe and product: the form does not ask for them', () => {
  expect(formParams(PARAMS).map((p) => p.name)).toEqual(['fast', 'slow', 'type'])
})

test('dayNumber accepts calendar dates only', () => {
  expect(dayNumber('1970-01-02')).toBe(1)
  expect(dayNumber('2023-02-29')).toBeNull()
  expect(dayNumber('2023-1-1')).toBeNull()
})

describe('backtestBody', () => {
  test('the defaults make the body the API takes', () => {
    const built = backtestBody(example, DEFAULT_FIELDS, PARAMS, { fast: '5', slow: '20' })
    expect(built).toEqual({
      ok: true,
      body: {
        example: 'sma-crossover',
        symbols: ['RELIANCE'],
        timeframe: '1d',
        from: '2023-01-01',
        to: '2023-12-31',
        capital: 1_000_000,
        params: { fast: 5, slow: 20, type: 'sma' },
        costs: { product: 'CNC', slippageBps: null },
      },
    })
  })

  test('each mistake is named by the field the API would name', () => {
    const built = backtestBody(
      example,
      {
        ...DEFAULT_FIELDS,
        symbols: ' , ',
        from: '2023-06-01',
        to: '2023-01-01',
        capital: '500',
        product: 'MIS',
        slippageBps: '-1',
      },
      PARAMS,
      { fast: '1' },
    )
    expect(built).toEqual({
      ok: false,
      errors: {
        symbols: 'Give at least one symbol, such as RELIANCE, or tick one of your datasets.',
        to: 'Must not be before the first day.',
        capital: 'At least ₹1,000.',
        'costs.product': 'MIS (intraday) needs 1-minute bars; use CNC for daily bars.',
        'costs.slippageBps': 'Enter 0 to 1000 basis points, or leave it empty for one tick.',
        'params.fast': 'Enter at least 2.',
      },
    })
  })

  test('a sweep sends its grid; a plugin version its id', () => {
    const built = backtestBody(
      { pluginVersionId: 'plv_1' },
      { ...DEFAULT_FIELDS, sweep: true, grid: 'fast = 5, 10\nslow = 30, 50' },
      PARAMS,
      {},
    )
    expect(built.ok && built.body).toMatchObject({
      pluginVersionId: 'plv_1',
      grid: { fast: [5, 10], slow: [30, 50] },
      rankBy: 'sharpe',
    })
    expect(built.ok && 'walkForward' in built.body).toBe(false)
    const bad = backtestBody(example, { ...DEFAULT_FIELDS, sweep: true, grid: '' }, PARAMS, {})
    expect(bad).toEqual({ ok: false, errors: { grid: 'Give at least one parameter to sweep.' } })
  })
})

describe('backtestBody of a sweep’s ranking and walk-forward', () => {
  const sweep = { ...DEFAULT_FIELDS, sweep: true, grid: 'fast = 5, 10' }

  test('the chosen ranking goes with the grid, and only with a grid', () => {
    const built = backtestBody(example, { ...sweep, rankBy: 'maxDrawdown' }, PARAMS, {})
    expect(built.ok && built.body).toMatchObject({ grid: { fast: [5, 10] }, rankBy: 'maxDrawdown' })
    const plain = backtestBody(example, { ...sweep, sweep: false, rankBy: 'calmar' }, PARAMS, {})
    expect(plain.ok && 'rankBy' in plain.body).toBe(false)
  })

  test('a walk-forward sends its folds and in-sample share as a ratio', () => {
    const built = backtestBody(
      example,
      { ...sweep, walkForward: true, folds: '5', inSample: '75' },
      PARAMS,
      {},
    )
    expect(built.ok && built.body).toMatchObject({
      grid: { fast: [5, 10] },
      rankBy: 'sharpe',
      walkForward: { folds: 5, inSampleRatio: 0.75 },
    })
    // Unticking the sweep drops the walk-forward with it (the API needs a grid for one).
    const plain = backtestBody(example, { ...sweep, sweep: false, walkForward: true }, PARAMS, {})
    expect(plain.ok && 'walkForward' in plain.body).toBe(false)
  })

  test('folds and share out of the API’s bounds are named by its fields', () => {
    for (const [folds, inSample] of [
      ['1', '95'],
      ['2.5', ''],
      ['', '40'],
    ] as const) {
      const built = backtestBody(
        example,
        { ...sweep, walkForward: true, folds, inSample },
        PARAMS,
        {},
      )
      expect(built).toEqual({
        ok: false,
        errors: {
          'walkForward.folds': 'Enter a whole number from 2 to 10.',
          'walkForward.inSampleRatio': 'Enter 50 to 90 percent.',
        },
      })
    }
  })
})

describe('backtestBody on datasets', () => {
  // The workspace's datasets as GET /api/v1/datasets lists them (the fields checked).
  const KNOWN = [
    { id: 'dst_rel', symbol: 'RELIANCE', timeframe: '1d' as const },
    { id: 'dst_tcs', symbol: 'TCS', timeframe: '1d' as const },
    { id: 'dst_min', symbol: 'INFY', timeframe: '1m' as const },
  ]
  // `null`: the workspace's datasets not read yet.
  const body = (fields: Partial<typeof DEFAULT_FIELDS>, known: typeof KNOWN | null = KNOWN) =>
    backtestBody(example, { ...DEFAULT_FIELDS, ...fields }, PARAMS, {}, known ?? undefined)

  test('a ticked dataset alone runs without symbols, and is sent as `datasets`', () => {
    const built = body({ symbols: '', datasets: ['dst_rel'] })
    expect(built.ok && built.body).toMatchObject({ symbols: [], datasets: ['dst_rel'] })
    expect(body({ symbols: 'INFY', datasets: ['dst_rel', 'dst_tcs'] })).toMatchObject({
      ok: true,
      body: { symbols: ['INFY'], datasets: ['dst_rel', 'dst_tcs'] },
    })
  })

  test('no symbol and no dataset is refused at the symbols', () => {
    expect(body({ symbols: ' ', datasets: [] })).toEqual({
      ok: false,
      errors: {
        symbols: 'Give at least one symbol, such as RELIANCE, or tick one of your datasets.',
      },
    })
  })

  test('a sweep may run on datasets', () => {
    const out = body({ symbols: '', datasets: ['dst_rel'], sweep: true, grid: 'fast = 5, 10' })
    expect(out).toMatchObject({
      ok: true,
      body: { datasets: ['dst_rel'], grid: { fast: [5, 10] } },
    })
  })

  test('each ticked dataset is checked as the API checks it, named datasets.N', () => {
    expect(
      body({ symbols: 'RELIANCE', datasets: ['dst_tcs', 'dst_gone', 'dst_min', 'dst_rel'] }),
    ).toEqual({
      ok: false,
      errors: {
        'datasets.1': 'No dataset with this id in your workspace: it was deleted.',
        'datasets.2': 'Holds 1-minute bars; this backtest runs on daily bars.',
        'datasets.3': 'RELIANCE is given twice (in symbols and as a dataset).',
      },
    })
  })

  test('until the workspace’s datasets are read, the API checks them', () => {
    expect(body({ symbols: '', datasets: ['dst_gone'] }, null)).toMatchObject({ ok: true })
  })

  test('at most ten datasets', () => {
    const ids = Array.from({ length: 11 }, (_, i) => `dst_${i}`)
    const built = body({ datasets: ids }, null)
    expect(built.ok ? {} : built.errors).toEqual({ datasets: 'At most 10 datasets.' })
  })
})

test('parseGrid types values by the parameter and says what is wrong', () => {
  expect(parseGrid('fast = 5, 10\n\n type = sma,ema ', PARAMS)).toEqual({
    ok: true,
    grid: { fast: [5, 10], type: ['sma', 'ema'] },
  })
  expect(parseGrid('fast 5', PARAMS)).toEqual({
    ok: false,
    message: 'Write “fast 5” as name = value, value, …',
  })
  expect(parseGrid('nope = 1', PARAMS)).toEqual({
    ok: false,
    message: 'The strategy has no parameter “nope”.',
  })
  expect(parseGrid('fast = 5, 1', PARAMS)).toEqual({
    ok: false,
    message: 'fast: 1 — Enter at least 2.',
  })
  expect(parseGrid('fast = 5\nfast = 6', PARAMS)).toEqual({
    ok: false,
    message: '“fast” is listed twice.',
  })
  expect(gridSize({ fast: [5, 10, 20], slow: [30, 50] })).toBe(6)
})

test('fieldsFromRequest fills the form from an earlier run', () => {
  const { fields, params } = fieldsFromRequest(
    readRequest({
      example: 'sma-crossover',
      symbols: ['TCS', 'INFY'],
      timeframe: '1m',
      from: '2024-01-01',
      to: '2024-01-31',
      capital: 250_000,
      params: { fast: 5, type: 'ema' },
      costs: { product: 'MIS', slippageBps: 2 },
      grid: { slow: [20, 40] },
      rankBy: 'calmar',
      walkForward: { folds: 3, inSampleRatio: 0.65 },
    }),
  )
  expect(fields).toEqual({
    symbols: 'TCS, INFY',
    datasets: [],
    timeframe: '1m',
    from: '2024-01-01',
    to: '2024-01-31',
    capital: '250000',
    product: 'MIS',
    slippageBps: '2',
    sweep: true,
    grid: 'slow = 20, 40',
    rankBy: 'calmar',
    walkForward: true,
    folds: '3',
    inSample: '65',
  })
  expect(params).toEqual({ fast: '5', type: 'ema' })
})

test('a run on datasets is filled again with them, and no symbol it did not have', () => {
  const request = readRequest({
    example: 'sma-crossover',
    symbols: [],
    datasets: ['dst_rel'],
    timeframe: '1d',
  })
  expect(fieldsFromRequest(request, ['dst_rel']).fields).toMatchObject({
    symbols: '',
    datasets: ['dst_rel'],
  })
  // A stored request from before datasets: the default symbol, as before.
  expect(fieldsFromRequest(readRequest({ symbols: [] })).fields).toMatchObject({
    symbols: 'RELIANCE',
    datasets: [],
    // A sweep stored before `rankBy` was ranked by Sharpe; none was a walk-forward.
    rankBy: 'sharpe',
    walkForward: false,
    folds: '4',
    inSample: '70',
  })
})

test('fieldsForDataset ticks it alone, at its timeframe, over its days (a year at most)', () => {
  // RELIANCE's daily bars of 2023 as imported: open times at midnight IST.
  const year = fieldsForDataset({
    id: 'dst_rel',
    timeframe: '1d',
    firstBar: '2023-01-01T18:30:00.000Z',
    lastBar: '2023-12-28T18:30:00.000Z',
  })
  expect(year).toEqual({
    ...DEFAULT_FIELDS,
    symbols: '',
    datasets: ['dst_rel'],
    timeframe: '1d',
    from: '2023-01-02',
    to: '2023-12-29',
  })
  const minutes = fieldsForDataset({
    id: 'dst_min',
    timeframe: '1m',
    firstBar: '2016-08-16T03:45:00.000Z',
    lastBar: '2016-09-30T09:59:00.000Z',
  })
  expect(minutes).toMatchObject({ timeframe: '1m', from: '2016-08-16', to: '2016-09-30' })
  const fiveYears = fieldsForDataset({
    id: 'dst_long',
    timeframe: '1d',
    firstBar: '2020-09-30T18:30:00.000Z',
    lastBar: '2025-09-29T18:30:00.000Z',
  })
  expect([fiveYears.from, fiveYears.to]).toEqual(['2024-09-30', '2025-09-30'])
})

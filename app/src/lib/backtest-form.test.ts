import { describe, expect, test } from 'vitest'
import {
  backtestBody,
  DEFAULT_FIELDS,
  dayNumber,
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
        symbols: 'Give at least one symbol, such as RELIANCE.',
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
    })
    const bad = backtestBody(example, { ...DEFAULT_FIELDS, sweep: true, grid: '' }, PARAMS, {})
    expect(bad).toEqual({ ok: false, errors: { grid: 'Give at least one parameter to sweep.' } })
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
    }),
  )
  expect(fields).toEqual({
    symbols: 'TCS, INFY',
    timeframe: '1m',
    from: '2024-01-01',
    to: '2024-01-31',
    capital: '250000',
    product: 'MIS',
    slippageBps: '2',
    sweep: true,
    grid: 'slow = 20, 40',
  })
  expect(params).toEqual({ fast: '5', type: 'ema' })
})

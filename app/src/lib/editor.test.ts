import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { completionsFor, countProblems, diagnosticRange, indexSdk, membersOf } from './editor.ts'

// The declarations the edge serves at GET /api/v1/sdk/types, as generated in the repository.
const dts = readFileSync(new URL('../../../plugins/sdk.d.ts', import.meta.url), 'utf8')
const index = indexSdk(dts)
const labels = (textBefore: string, explicit = false) =>
  completionsFor(index, textBefore, explicit)?.options.map((o) => o.label)

describe('indexSdk', () => {
  test('finds the exports an author imports, with their kind and JSDoc', () => {
    const byName = new Map(index.exports.map((e) => [e.name, e]))
    expect(byName.get('defineStrategy')).toMatchObject({ kind: 'function' })
    expect(byName.get('defineStrategy')?.doc).toMatch(/^Defines this file's trading strategy/)
    expect(byName.get('param')).toMatchObject({ kind: 'const' })
    expect(byName.get('ist')).toMatchObject({ kind: 'function' })
    expect(byName.get('Timeframe')).toMatchObject({ kind: 'type' })
  })

  test("reads a context's members through what it extends", () => {
    const names = membersOf(index, 'StrategyContext').map((m) => m.name)
    expect(names).toEqual(expect.arrayContaining(['buy', 'sell', 'position', 'openOrders']))
    // From BaseContext:
    expect(names).toEqual(expect.arrayContaining(['params', 'state', 'log', 'indicators', 'bars']))
    const buy = membersOf(index, 'StrategyContext').find((m) => m.name === 'buy')!
    expect(buy).toMatchObject({
      kind: 'method',
      detail: 'buy(symbol: string, qty: number, options?: OrderOptions): string',
    })
    expect(buy.doc).toMatch(/^Places a buy order/)
  })

  test('joins a signature written over several lines', () => {
    const sma = membersOf(index, 'Indicators').find((m) => m.name === 'sma')!
    expect(sma.detail).toBe(
      'sma(symbol: string, timeframe: Timeframe, period: number, options?: IndicatorOptions): number | undefined',
    )
  })
})

describe('completionsFor', () => {
  test('ctx. offers what a strategy and a scanner may call', () => {
    const offered = labels('    ctx.')!
    expect(offered).toEqual(expect.arrayContaining(['buy', 'match', 'log', 'indicators']))
    expect(completionsFor(index, '    ctx.po', false)?.from).toBe(8)
  })

  test('follows properties to their interfaces: ctx.indicators., ctx.log.', () => {
    expect(labels('const r = ctx.indicators.')).toEqual(
      expect.arrayContaining(['sma', 'ema', 'rsi', 'macd', 'bollinger']),
    )
    expect(labels('ctx.log.')).toEqual(['debug', 'info', 'warn', 'error'])
  })

  test('a member shows a short signature, and the whole one with its JSDoc as info', () => {
    const buy = completionsFor(index, 'ctx.', false)!.options.find((o) => o.label === 'buy')!
    expect(buy).toMatchObject({
      type: 'method',
      detail: '(symbol: string, qty: number, options?: OrderOp…',
    })
    expect(buy.info).toMatch(
      /^buy\(symbol: string, qty: number, options\?: OrderOptions\): string\n\nPlaces a buy order/,
    )
  })

  test('param. offers the parameter builders', () => {
    expect(labels('fast: param.')).toEqual(['int', 'number', 'enum', 'bool'])
  })

  test('a word offers the exports and the definition keys, types last', () => {
    const offered = labels('export default def')!
    expect(offered).toEqual(
      expect.arrayContaining(['defineStrategy', 'defineScanner', 'param', 'onBar', 'onStart']),
    )
    expect(offered.indexOf('Timeframe')).toBeGreaterThan(offered.indexOf('onBar'))
  })

  test('nothing after an unknown object, inside a number, or with no word unless asked', () => {
    expect(labels('window.')).toBeUndefined()
    expect(labels('const x = 12')).toBeUndefined()
    expect(labels('  ')).toBeUndefined()
    expect(labels('  ', true)).toContain('defineStrategy')
  })
})

describe('diagnosticRange', () => {
  const text = "import x from 'y'\n  const lots: number = 'one'\n"

  test('line and column are 1-based; the length is used when given', () => {
    expect(diagnosticRange(text, { line: 2, column: 9, length: 4 })).toEqual({ from: 26, to: 30 })
    expect(text.slice(26, 30)).toBe('lots')
  })

  test('without a length it covers the word at the column', () => {
    const range = diagnosticRange(text, { line: 2, column: 3 })
    expect(text.slice(range.from, range.to)).toBe('const')
  })

  test('places outside the text are clamped into it', () => {
    expect(diagnosticRange(text, { line: 99, column: 5 })).toEqual({
      from: text.length,
      to: text.length,
    })
    expect(diagnosticRange('abc', { line: 1, column: 99, length: 3 })).toEqual({ from: 3, to: 3 })
  })
})

test('countProblems', () => {
  expect(countProblems([])).toBe('no problems')
  expect(countProblems([{ severity: 'error' }])).toBe('1 error')
  expect(
    countProblems([{ severity: 'error' }, { severity: 'warning' }, { severity: 'error' }]),
  ).toBe('2 errors and 1 warning')
})

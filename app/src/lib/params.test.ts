import { describe, expect, test } from 'vitest'
import { defaultForm, paramHint, paramValues, readParams } from './params.ts'

// The manifest's params as the compiler stores them for the SMA crossover example.
const stored = {
  fast: { type: 'int', default: 10, min: 2, max: 200, label: 'Fast period' },
  type: { type: 'enum', values: ['sma', 'ema'], default: 'sma', label: 'Average' },
  stopPct: { type: 'number', default: 1.5, min: 0 },
  allowShort: { type: 'bool', default: false },
  broken: { type: 'int' },
}

describe('readParams', () => {
  test('keeps every parameter the form can show, in order, with labels and ranges', () => {
    const params = readParams(stored)
    expect(params.map((p) => p.name)).toEqual(['fast', 'type', 'stopPct', 'allowShort'])
    expect(params[0]!.spec).toEqual({
      type: 'int',
      default: 10,
      min: 2,
      max: 200,
      label: 'Fast period',
    })
  })

  test('anything that is not an object reads as no parameters', () => {
    expect(readParams(undefined)).toEqual([])
    expect(readParams('x')).toEqual([])
  })
})

test('defaultForm holds numbers as text, the rest as they are', () => {
  expect(defaultForm(readParams(stored))).toEqual({
    fast: '10',
    type: 'sma',
    stopPct: '1.5',
    allowShort: false,
  })
})

test('paramHint says the range and the default', () => {
  const [fast, type, stopPct, allowShort] = readParams(stored).map((p) => p.spec)
  expect(paramHint(fast!)).toBe('2 to 200 · default 10')
  expect(paramHint(type!)).toBe('default sma')
  expect(paramHint(stopPct!)).toBe('a number, at least 0 · default 1.5')
  expect(paramHint(allowShort!)).toBe('default off')
})

describe('paramValues', () => {
  const params = readParams(stored)

  test('converts the form into typed values', () => {
    expect(
      paramValues(params, { fast: ' 12 ', type: 'ema', stopPct: '0.5', allowShort: true }),
    ).toEqual({ ok: true, values: { fast: 12, type: 'ema', stopPct: 0.5, allowShort: true } })
  })

  test('each wrong value gets its own message', () => {
    expect(
      paramValues(params, { fast: '1', type: 'wma', stopPct: 'x', allowShort: false }),
    ).toEqual({
      ok: false,
      errors: {
        fast: 'Enter at least 2.',
        type: 'Choose one of sma, ema.',
        stopPct: 'Enter a number.',
      },
    })
    expect(paramValues(params, { ...defaultForm(params), fast: '2.5' })).toEqual({
      ok: false,
      errors: { fast: 'Enter a whole number.' },
    })
    expect(paramValues(params, { ...defaultForm(params), fast: '' })).toMatchObject({
      errors: { fast: 'Enter a number.' },
    })
  })
})

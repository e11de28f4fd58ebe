import { describe, expect, it } from 'vitest'
import { ParamDefinitionError, param, validateParams } from './params.ts'

const specs = {
  fast: param.int({ default: 10, min: 2, max: 200 }),
  ratio: param.number({ default: 1.5, min: 0 }),
  kind: param.enum({ values: ['sma', 'ema'], default: 'sma' }),
  short: param.bool({ default: false, label: 'Allow shorts' }),
}

describe('param builders', () => {
  it('describe the parameter as plain data (what the manifest stores)', () => {
    expect(specs.fast).toEqual({ type: 'int', default: 10, min: 2, max: 200 })
    expect(specs.kind).toEqual({ type: 'enum', values: ['sma', 'ema'], default: 'sma' })
    expect(specs.short).toEqual({ type: 'bool', default: false, label: 'Allow shorts' })
  })

  it('refuse inconsistent definitions with a message naming the problem', () => {
    expect(() => param.int({ default: 500, max: 200 })).toThrow(/default 500 is outside -∞..200/)
    expect(() => param.int({ default: 1.5 })).toThrow(/default must be an integer/)
    expect(() => param.number({ default: 1, min: 5, max: 2 })).toThrow(
      /min \(5\) is greater than max \(2\)/,
    )
    expect(() => param.number({ default: Number.NaN })).toThrow(/finite number/)
    expect(() => param.enum({ values: ['a', 'b'], default: 'c' as 'a' })).toThrow(
      /default 'c' is not one of 'a', 'b'/,
    )
    expect(() => param.enum({ values: [], default: '' as never })).toThrow(/must not be empty/)
    expect(() => param.int({ default: 500, max: 200 })).toThrow(ParamDefinitionError)
  })
})

describe('validateParams', () => {
  it('fills defaults for missing values', () => {
    expect(validateParams(specs, {})).toEqual({
      ok: true,
      values: { fast: 10, ratio: 1.5, kind: 'sma', short: false },
    })
    expect(validateParams(specs, undefined)).toEqual(validateParams(specs, {}))
  })

  it('keeps valid values', () => {
    const result = validateParams(specs, { fast: 2, ratio: 0, kind: 'ema', short: true })
    expect(result).toEqual({ ok: true, values: { fast: 2, ratio: 0, kind: 'ema', short: true } })
  })

  it('reports every problem with a message naming the parameter and what is allowed', () => {
    const result = validateParams(specs, {
      fast: 201,
      ratio: -1,
      kind: 'wma',
      short: 'yes',
      slow: 3,
    })
    expect(result.ok).toBe(false)
    expect(!result.ok && result.issues).toEqual([
      { param: 'slow', message: "unknown parameter 'slow' (known: fast, ratio, kind, short)" },
      { param: 'fast', message: 'fast must be at most 200, got 201' },
      { param: 'ratio', message: 'ratio must be at least 0, got -1' },
      { param: 'kind', message: "kind must be one of 'sma', 'ema', got 'wma'" },
      { param: 'short', message: "short must be true or false, got 'yes'" },
    ])
  })

  it('refuses fractions for int, non-finite numbers and numeric strings', () => {
    const issues = (value: unknown) => {
      const r = validateParams(specs, { fast: value })
      return r.ok ? [] : r.issues.map((i) => i.message)
    }
    expect(issues(10.5)).toEqual(['fast must be a whole number, got 10.5'])
    expect(issues(Number.POSITIVE_INFINITY)).toEqual(['fast must be a number, got Infinity'])
    expect(issues('10')).toEqual(["fast must be a number, got '10'"])
    expect(issues(null)).toEqual(['fast must be a number, got null'])
  })

  it('refuses a non-object', () => {
    expect(validateParams(specs, [1])).toMatchObject({ ok: false })
    expect(validateParams(specs, 'fast=3')).toEqual({
      ok: false,
      issues: [{ param: '', message: 'parameters must be an object' }],
    })
  })
})

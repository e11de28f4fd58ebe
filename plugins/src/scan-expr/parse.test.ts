import { describe, expect, it } from 'vitest'
import type { Expr } from './ast.ts'
import { closestName, parseScanExpression, printScanExpression, SCAN_INDICATORS } from './index.ts'

/** The tree without source positions, to compare trees parsed from different texts. */
function shape(node: Expr): unknown {
  return JSON.parse(
    JSON.stringify(node, (key, value) =>
      key === 'span' || key === 'nameSpan' ? undefined : value,
    ),
  )
}

function parsed(text: string) {
  const result = parseScanExpression(text)
  if (!result.ok) throw new Error(`${text}: ${result.diagnostics.map((d) => d.message).join('; ')}`)
  return result
}

describe('scan expressions: canonical form and round trips', () => {
  it.each([
    ['RSI(14) < 30 AND close > SMA(50)', 'RSI(14) < 30 AND close > SMA(50)'],
    ['rsi(14)<30 and close>sma(50)', 'RSI(14) < 30 AND close > SMA(50)'],
    ['close > highest(high, 252)', 'close > HIGHEST(high, 252)'],
    ['EMA(9) crosses above EMA(21)', 'EMA(9) CROSSES ABOVE EMA(21)'],
    ['ema(9) CROSSES below ema(21)', 'EMA(9) CROSSES BELOW EMA(21)'],
    ['volume > 2 * SMA(volume, 20)', 'volume > 2 * SMA(volume, 20)'],
    [
      '(RSI(14) < 30 OR RSI(14) > 70) AND volume > 0',
      '(RSI(14) < 30 OR RSI(14) > 70) AND volume > 0',
    ],
    ['((close > open))', 'close > open'],
    [
      'close > open OR (close < open AND volume > 10)',
      'close > open OR close < open AND volume > 10',
    ],
    ['NOT (close < SMA(200))', 'NOT close < SMA(200)'],
    ['not not close > 1', 'NOT NOT close > 1'],
    ['(high + low) / 2 >= close[1] - 0.5', '(high + low) / 2 >= close[1] - 0.5'],
    ['close - (open - low) > 1', 'close - (open - low) > 1'],
    ['close / (high / low) > 1', 'close / (high / low) > 1'],
    ['-close < -1.25', '-close < -1.25'],
    ['close == open', 'close = open'],
    ['close <> open', 'close != open'],
    ['MACD() > MACD_SIGNAL(12, 26, 9)', 'MACD() > MACD_SIGNAL(12, 26, 9)'],
    ['close < bb_lower(20, 2.5)', 'close < BB_LOWER(20, 2.5)'],
    ['SMA(50)[1] < SMA(200)[1]', 'SMA(50)[1] < SMA(200)[1]'],
    ['close >\n  SMA(50)', 'close > SMA(50)'],
    ['close > 0.0000001', 'close > 0.0000001'],
  ])('%j prints as %j and parses back to the same tree', (text, canonical) => {
    const first = parsed(text)
    expect(first.expression).toBe(canonical)
    expect(printScanExpression(first.expr)).toBe(canonical)
    const again = parsed(canonical)
    expect(shape(again.expr)).toEqual(shape(first.expr))
    expect(again.expression).toBe(canonical)
  })

  it('binds AND tighter than OR, NOT tighter than AND, * tighter than +', () => {
    const tree = parsed('close > 1 OR close > 2 AND NOT close > 3').expr
    expect(tree).toMatchObject({
      kind: 'logical',
      op: 'or',
      right: { kind: 'logical', op: 'and', right: { kind: 'not' } },
    })
    expect(parsed('close > 1 + 2 * 3').expr).toMatchObject({
      right: { kind: 'arithmetic', op: '+', right: { kind: 'arithmetic', op: '*' } },
    })
  })

  it('records where each node came from', () => {
    const text = 'RSI(14) < 30 AND close > SMA(50)'
    const tree = parsed(text).expr as Extract<Expr, { kind: 'logical' }>
    const right = tree.right as Extract<Expr, { kind: 'compare' }>
    expect(text.slice(right.span.start, right.span.end)).toBe('close > SMA(50)')
    expect(text.slice(right.right.span.start, right.right.span.end)).toBe('SMA(50)')
  })

  it('accepts every indicator of the catalog with its default arguments', () => {
    for (const spec of SCAN_INDICATORS) {
      const needed = spec.params.filter((p) => p.kind !== 'source' && p.default === undefined)
      const call = `${spec.name}(${needed.map(() => '14').join(', ')})`
      expect(parsed(`${call} > 0`).expression).toBe(`${call} > 0`)
    }
  })
})

describe('scan expressions: errors point at the problem', () => {
  const errors = (text: string) => {
    const result = parseScanExpression(text)
    if (result.ok) throw new Error(`${text} parsed`)
    return result.diagnostics.map(({ message, line, column, length }) => ({
      message,
      line,
      column,
      length,
    }))
  }

  it.each([
    [
      'RSX(14) < 30',
      'unknown indicator "RSX" at column 1 — did you mean RSI?',
      { line: 1, column: 1, length: 3 },
    ],
    [
      'close > SMAA(50)',
      'unknown indicator "SMAA" at column 9 — did you mean SMA?',
      { line: 1, column: 9, length: 4 },
    ],
    [
      'clsoe > 10',
      'unknown field "clsoe" at column 1 — did you mean close?',
      { line: 1, column: 1, length: 5 },
    ],
    ['RSI < 30', 'RSI needs parentheses at column 1 — write RSI(14)', { column: 1, length: 3 }],
    [
      'close >',
      'expected a number, a field or an indicator, found the end of the expression at column 8 — finish the condition, e.g. close > SMA(50)',
      { column: 8, length: 0 },
    ],
    [
      'close > SMA(50',
      'expected ")" to close the arguments of SMA, found the end of the expression at column 15',
      { column: 15 },
    ],
    ['close && open', 'unexpected character "&" at column 7 — write AND', { column: 7, length: 1 }],
    [
      '10 < RSI(14) < 70',
      'comparisons cannot be chained at column 14 — join them with AND, e.g. 30 < RSI(14) AND RSI(14) < 70',
      { column: 14 },
    ],
    ['SMA(close) > 1', 'SMA needs a period at column 1 — write SMA(14)', { length: 10 }],
    ['SMA(50.5) > 1', "SMA's period must be a whole number at column 5", { column: 5, length: 4 }],
    ['SMA(0) > 1', "SMA's period must be 1 to 1000 at column 5", { column: 5 }],
    [
      'SMA(close, 20, 3) > 1',
      'too many arguments for SMA at column 16 — it takes SMA(source, period)',
      { column: 16, length: 1 },
    ],
    ['SMA(close + 1, 20) > 1', "SMA's period must be a number at column 5 — write SMA(14)", {}],
    [
      'SMA(close[1], 20) > 1',
      "SMA's source cannot look back at column 5 — put [n] after the indicator, e.g. SMA(close, 20)[1]",
      { column: 5, length: 8 },
    ],
    [
      'SMA(vlume, 20) > 1',
      "SMA's source must be one of open, high, low, close, volume, hl2, hlc3, ohlc4 at column 5 — did you mean volume?",
      {},
    ],
    ['close[100] > 1', 'a term may look back at most 99 bars at column 1', { length: 10 }],
    [
      'close[99] crosses above open',
      'CROSSES also reads the previous bar, so its terms may look back at most 98 bars at column 1',
      {},
    ],
    [
      'close + 1',
      'this is a number, not a condition at column 1 — compare it with something, e.g. close > SMA(50)',
      { length: 9 },
    ],
    [
      '(close > 1) + 1 > 2',
      'expected a number, found a condition at column 1 — you cannot use a condition with "+"',
      { length: 11 },
    ],
    [
      'close AND open > 1',
      'expected a condition, found a number at column 1 — you cannot combine numbers with AND',
      { length: 5 },
    ],
    ['close crosses open', 'expected ABOVE or BELOW after CROSSES, found "open" at column 15', {}],
    ['close > 1 open', 'unexpected "open" at column 11 — join conditions with AND or OR', {}],
    [
      '(close + 1)[1] > 2',
      '[n] looks back on a field or an indicator only at column 1 — write e.g. close[1] or SMA(50)[1]',
      {},
    ],
    [
      'close > 1 AND\n  RSX(14) < 3',
      'unknown indicator "RSX" at line 2, column 3 — did you mean RSI?',
      { line: 2, column: 3, length: 3 },
    ],
  ])('%j', (text, message, where) => {
    const [first] = errors(text)
    expect(first).toMatchObject({ message, ...where })
  })

  it('reports every naming problem at once, in order', () => {
    expect(errors('RSX(14) < 30 AND clse > SMAA(50)').map((e) => e.column)).toEqual([1, 18, 25])
  })

  it('refuses expressions that are too long or too deeply nested', () => {
    expect(errors(`close > ${'1 + '.repeat(600)}1`)[0]!.message).toMatch(/longer than 2000/)
    expect(errors(`${'('.repeat(60)}close > 1${')'.repeat(60)}`)[0]!.message).toMatch(
      /nests deeper than 40 levels/,
    )
    expect(errors(`${'-'.repeat(60)}close > 1`)[0]!.message).toMatch(/nests deeper/)
  })

  it('refuses a condition that reads no market data', () => {
    expect(errors('1 < 2')[0]!.message).toMatch(/reads no field or indicator/)
  })
})

describe('closestName', () => {
  it('suggests plausible typos only, a swap of neighbours counting as one', () => {
    expect(closestName('TSC', ['TCS', 'ITC', 'SBIN'])).toBe('TCS')
    expect(closestName('rsx', ['RSI', 'SMA'])).toBe('RSI')
    expect(closestName('RELIANC', ['RELIANCE', 'TCS'])).toBe('RELIANCE')
    expect(closestName('XYZ', ['RSI', 'SMA'])).toBeUndefined()
  })
})

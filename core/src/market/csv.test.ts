import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { BAR_HEADER, CsvError, parseBarColumns, parseBars, parseTicks } from './csv.ts'

const read = (file: string) =>
  readFileSync(new URL(`../../data/nse/${file}`, import.meta.url), 'utf8')
const NIFTY = 'intraday_1min/NIFTY50_1min_2024-01_2024-08.csv'
const niftyText = read(NIFTY)
const ist = (s: string) => Date.parse(`${s}+05:30`)

// Rows 2-4 of the real NIFTY file, for building broken inputs.
const [, row2, row3, row4] = niftyText.split('\n') as [string, string, string, string]

function errorOf(text: string): CsvError {
  try {
    parseBars(text, 'bad.csv')
  } catch (error) {
    if (error instanceof CsvError) return error
    throw error
  }
  throw new Error('expected a CsvError')
}

describe('parseBars on the bundled NIFTY 50 file', () => {
  const bars = parseBars(niftyText, NIFTY)

  it('reads the first 2024 bar', () => {
    expect(bars[0]).toEqual({
      ts: ist('2024-01-01T09:15:00'),
      open: 21727.75,
      high: 21737.35,
      low: 21701.8,
      close: 21712,
      volume: 0,
    })
  })

  it('reads every row the manifest counts, up to the last bar', () => {
    expect(bars).toHaveLength(57_960)
    expect(bars.at(-1)?.ts).toBe(ist('2024-08-23T15:29:00'))
  })

  it('keeps the 105 bars of the 2024-03-02 special session', () => {
    const day = bars.filter(
      (b) => b.ts >= ist('2024-03-02T00:00:00') && b.ts < ist('2024-03-03T00:00:00'),
    )
    expect(day).toHaveLength(105)
  })
})

describe('parseBarColumns', () => {
  it('matches a naive split-and-Number parse of every row', () => {
    const c = parseBarColumns(niftyText, NIFTY)
    const rows = niftyText.trimEnd().split('\n').slice(1)
    expect(c.length).toBe(rows.length)
    expect(c.open).toBeInstanceOf(Float64Array)
    let mismatches = 0
    rows.forEach((row, i) => {
      const [ts, o, h, l, cl, v] = row.split(',')
      const want = [Date.parse(ts!), +o!, +h!, +l!, +cl!, +v!]
      const got = [c.ts[i], c.open[i], c.high[i], c.low[i], c.close[i], c.volume[i]]
      if (want.some((x, k) => x !== got[k])) mismatches++
    })
    expect(mismatches).toBe(0)
  })

  it('reads stock volumes and symbols with & in daily files', () => {
    const c = parseBarColumns(read('daily/adjusted_2020-2025/M&M_1d.csv'))
    expect(c.length).toBe(1241)
    expect([c.ts[0], c.open[0], c.close[0], c.volume[0]]).toEqual([
      ist('2020-10-01T00:00:00'),
      614.7,
      610.15,
      3_842_331,
    ])
  })

  it('accepts CRLF line endings and a byte-order mark', () => {
    const text = `\uFEFF${[BAR_HEADER, row2, row3].join('\r\n')}\r\n`
    expect(parseBarColumns(text).close[1]).toBe(21695.65)
  })
})

describe('bar errors name the file, the line and the problem', () => {
  it.each([
    [
      [BAR_HEADER, row2.replace('21737.35', '21737.3x')],
      2,
      'high is not a positive number: "21737.3x"',
    ],
    [[BAR_HEADER, row2.replace('21737.35', '-1')], 2, 'high is not a positive number'],
    [[BAR_HEADER, row2, row3.replace('21720,', '21690,')], 3, 'high 21690 is below low 21695.35'],
    [[BAR_HEADER, row2, row3.replace('21711.5', '21750')], 3, 'open 21750 is outside low'],
    [[BAR_HEADER, row2, row2], 3, 'timestamp 2024-01-01T09:15:00+05:30 is not after'],
    [[BAR_HEADER, row3, row2], 3, 'is not after'],
    [['timestamp,open,high,low,close', row2], 1, 'expected header'],
    [[BAR_HEADER, row2, `${row3},7`], 3, 'expected 6 fields, found 7'],
    [[BAR_HEADER, row2, '', row4], 3, 'empty line'],
    [[BAR_HEADER, row2.replace('T09:15', ' 09:15')], 2, 'invalid timestamp'],
    [[BAR_HEADER, row2.replace(',0', ',')], 2, 'volume is not a number'],
  ])('case %#', (lines, line, reason) => {
    const error = errorOf(lines.join('\n'))
    expect(error.file).toBe('bad.csv')
    expect(error.line).toBe(line)
    expect(error.reason).toContain(reason)
    expect(error.message).toBe(`bad.csv:${line}: ${error.reason}`)
  })

  it('rejects an empty file', () => {
    expect(() => parseBars('', 'empty.csv')).toThrow('empty.csv:1: empty file')
  })
})

describe('parseTicks on the bundled futures recording', () => {
  const TICKS = 'ticks/NSE_FUT_ticks_2025-11-17.csv'
  const text = read(TICKS)
  const ticks = parseTicks(text, TICKS)

  it('reads the first tick with all its fields', () => {
    expect(ticks[0]).toEqual({
      symbol: 'MCX25NOVFUT',
      ts: Date.UTC(2025, 10, 17, 6, 37, 57, 22),
      price: 9767,
      volume: 349_250,
      lastQty: 125,
      oi: 2_620_375,
      bid: 9760.5,
      bidQty: 125,
      ask: 9768,
      askQty: 125,
      totalBuyQty: 63_750,
      totalSellQty: 67_125,
    })
  })

  it('drops the 1,136 re-appended duplicate rows of the 5,535 and ends in time order', () => {
    expect(text.trimEnd().split('\n')).toHaveLength(5_535 + 1)
    expect(ticks).toHaveLength(4_399)
    expect(ticks.every((t, i) => i === 0 || t.ts >= ticks[i - 1]!.ts)).toBe(true)
    const count = (s: string) => ticks.filter((t) => t.symbol === s).length
    expect([count('MCX25NOVFUT'), count('RELIANCE25NOVFUT')]).toEqual([1_008, 1_221])
    expect([count('TCS25NOVFUT'), count('TRENT25NOVFUT')]).toEqual([1_010, 1_160])
    expect(ticks.at(-1)?.ts).toBe(Date.UTC(2025, 10, 17, 7, 38, 4, 41))
  })

  it('rejects a backwards step that is not a duplicate', () => {
    const [header, a, b] = text.split('\n') as [string, string, string]
    const changed = a.replace(',9767,', ',9768,')
    expect(() => parseTicks([header, b, changed].join('\n'), 't.csv')).toThrow(
      /^t\.csv:3: timestamp 2025-11-17T12:07:57\.022\+05:30 is before/,
    )
  })

  it('leaves empty optional fields out and checks the symbol', () => {
    const [header, a] = text.split('\n') as [string, string]
    const noBid = a.replace(',9760.5,125,', ',,,')
    const tick = parseTicks([header, noBid].join('\n'))[0]
    expect(tick).not.toHaveProperty('bid')
    expect(tick).not.toHaveProperty('bidQty')
    expect(tick?.ask).toBe(9768)
    const lower = a.replace('MCX25NOVFUT', 'mcx fut')
    expect(() => parseTicks([header, lower].join('\n'), 't.csv')).toThrow('t.csv:2: invalid symbol')
  })
})

import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  DATA_DIR,
  listInstruments,
  listSeries,
  loadBarColumns,
  loadBars,
  loadTicks,
  resolveSymbol,
  tickFile,
  UnknownSymbolError,
} from './catalog.ts'
import { formatIst } from './time.ts'

const ist = (s: string) => Date.parse(`${s}+05:30`)

function unknown(symbol: string): UnknownSymbolError {
  try {
    resolveSymbol(symbol)
  } catch (error) {
    if (error instanceof UnknownSymbolError) return error
    throw error
  }
  throw new Error(`${symbol} resolved`)
}

describe('catalog listing', () => {
  it('reads the bundled folder next to core/src, not the shared data', () => {
    expect(fileURLToPath(DATA_DIR)).toMatch(/core\/data\/nse\/$/)
    const sources = readdirSync(new URL('.', import.meta.url)).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
    )
    for (const f of sources) {
      expect(readFileSync(new URL(f, import.meta.url), 'utf8'), f).not.toMatch(/shared/)
    }
  })

  it('lists 8 one-minute and 50 daily series, including M&M and BAJAJ-AUTO', () => {
    const series = listSeries()
    expect(series.filter((s) => s.timeframe === '1m')).toHaveLength(8)
    expect(series.filter((s) => s.timeframe === '1d')).toHaveLength(50)
    const mm = series.find((s) => s.symbol === 'M&M')
    expect(mm).toMatchObject({
      timeframe: '1d',
      file: 'daily/adjusted_2020-2025/M&M_1d.csv',
      first: '2020-10-01T00:00:00+05:30',
      rows: 1241,
      source: { repo: 'Kaldhen-Lepcha/Historical-Data' },
    })
    expect(series.find((s) => s.symbol === 'BAJAJ-AUTO')?.instrument.segment).toBe('EQ')
    expect(series.find((s) => s.symbol === 'BANKNIFTY')?.instrument).toEqual({
      symbol: 'BANKNIFTY',
      exchange: 'NSE',
      segment: 'INDICES',
      name: 'NIFTY BANK',
    })
  })

  it('lists each instrument once: 2 indices, 50 stocks, 4 futures', () => {
    const all = listInstruments()
    expect(all).toHaveLength(56)
    const segments = all.map((i) => i.segment)
    expect(segments.filter((s) => s === 'INDICES')).toHaveLength(2)
    expect(segments.filter((s) => s === 'FUT')).toHaveLength(4)
    expect(all.find((i) => i.symbol === 'TCS25NOVFUT')).toMatchObject({ lotSize: 175 })
  })

  it('describes the tick file from its manifest row', () => {
    expect(tickFile()).toMatchObject({ file: 'ticks/NSE_FUT_ticks_2025-11-17.csv', rows: 5535 })
  })
})

describe('every bundled series loads and matches MANIFEST.csv', () => {
  it.each(listSeries().map((s) => [s.file, s] as const))('%s', async (_, s) => {
    const c = await loadBarColumns(s.symbol, s.timeframe)
    expect(c.length).toBe(s.rows)
    expect(formatIst(c.ts[0]!)).toBe(s.first)
    expect(formatIst(c.ts[c.length - 1]!)).toBe(s.last)
  })
})

describe('resolving symbols', () => {
  it('accepts NSE spellings, any case, and index names', () => {
    expect(resolveSymbol('M&M')).toBe('M&M')
    expect(resolveSymbol('bajaj-auto')).toBe('BAJAJ-AUTO')
    expect(resolveSymbol('NIFTY 50')).toBe('NIFTY50')
    expect(resolveSymbol('nifty bank')).toBe('BANKNIFTY')
  })

  it('lists close matches for an unknown symbol', () => {
    expect(unknown('RELIANC').message).toBe(
      'unknown symbol "RELIANC" in the bundled NSE data; did you mean RELIANCE, RELIANCE25NOVFUT?',
    )
    expect(unknown('M_M').suggestions).toEqual(['M&M'])
    expect(unknown('BAJAJAUTO').suggestions[0]).toBe('BAJAJ-AUTO')
    expect(unknown('NIFTY').suggestions).toContain('NIFTY50')
    expect(unknown('ZZZZZZ').message).toBe('unknown symbol "ZZZZZZ" in the bundled NSE data')
  })
})

describe('loading', () => {
  it('loads daily bars of M&M with their real values', async () => {
    const bars = await loadBars('M&M', '1d')
    expect(bars[0]).toEqual({
      ts: ist('2020-10-01T00:00:00'),
      open: 614.7,
      high: 621.9,
      low: 608.15,
      close: 610.15,
      volume: 3_842_331,
    })
    expect(bars.at(-1)?.close).toBe(3427)
  })

  it('builds 5m NIFTY candles from the 1m file: 154 full days and 2 special sessions', async () => {
    const c = await loadBarColumns('NIFTY 50', '5m')
    expect(c.length).toBe(154 * 75 + 2 * 21)
    expect([c.open[0], c.high[0], c.low[0], c.close[0]]).toEqual([
      21727.75, 21737.35, 21693.55, 21693.75,
    ])
  })

  it('prefers a bundled daily file over resampling the 2016 minutes', async () => {
    const [first] = await loadBars('RELIANCE', '1d')
    expect(first?.ts).toBe(ist('2020-10-01T00:00:00'))
  })

  it('explains a timeframe that cannot be built', async () => {
    await expect(loadBars('TRENT', '5m')).rejects.toThrow(
      'no 5m data for TRENT: only 1d (2020-10-01 .. 2025-09-30) is bundled',
    )
    await expect(loadBars('TRENT25NOVFUT', '1m')).rejects.toThrow('it has only ticks')
    await expect(loadBars('RELIANC', '1m')).rejects.toThrow(UnknownSymbolError)
  })

  it('loads de-duplicated ticks, optionally for some symbols', async () => {
    expect(await loadTicks()).toHaveLength(4_399)
    const tcs = await loadTicks(['tcs25novfut'])
    expect(tcs).toHaveLength(1_010)
    expect(tcs.every((t) => t.symbol === 'TCS25NOVFUT')).toBe(true)
  })
})

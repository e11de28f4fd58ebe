import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseBars } from './csv.ts'
import { bucketStart, resample } from './resample.ts'
import type { Bar } from './types.ts'

const read = (file: string) =>
  parseBars(readFileSync(new URL(`../../data/nse/${file}`, import.meta.url), 'utf8'), file)
const ist = (s: string) => Date.parse(`${s}+05:30`)
const nifty = read('intraday_1min/NIFTY50_1min_2024-01_2024-08.csv')
const onDay = (bars: Bar[], day: string) =>
  bars.filter((b) => b.ts >= ist(`${day}T00:00:00`) && b.ts < ist(`${day}T23:59:59`))
const starts = (bars: Bar[]) =>
  bars.map((b) => new Date(b.ts + 19_800_000).toISOString().slice(11, 16))

describe('resample NIFTY 50 1m bars (values checked by hand against the file)', () => {
  const fiveMin = resample(nifty, '5m')

  it('builds the first 5m candle of 2024-01-01 from the 09:15-09:19 bars', () => {
    expect(fiveMin[0]).toEqual({
      ts: ist('2024-01-01T09:15:00'),
      open: 21727.75, // 09:15 open
      high: 21737.35, // 09:15 high
      low: 21693.55, // 09:19 low
      close: 21693.75, // 09:19 close
      volume: 0,
    })
    expect(fiveMin[1]).toEqual({
      ts: ist('2024-01-01T09:20:00'),
      open: 21693.9,
      high: 21701.05,
      low: 21684.75,
      close: 21696.55,
      volume: 0,
    })
  })

  it('makes 75 5m and 25 15m candles of a full session, from 09:15', () => {
    const day = onDay(nifty, '2024-01-01')
    expect(day).toHaveLength(375)
    expect(resample(day, '5m')).toHaveLength(75)
    const quarter = resample(day, '15m')
    expect(quarter).toHaveLength(25)
    expect(starts(quarter).slice(0, 3)).toEqual(['09:15', '09:30', '09:45'])
    expect(starts(quarter).at(-1)).toBe('15:15')
  })

  it('fabricates nothing in the 2024-03-02 special session break (10:00-11:29)', () => {
    const day = onDay(nifty, '2024-03-02')
    expect(day).toHaveLength(105)
    const quarter = resample(day, '15m')
    expect(starts(quarter)).toEqual(['09:15', '09:30', '09:45', '11:30', '11:45', '12:00', '12:15'])
    expect(resample(day, '5m')).toHaveLength(21)
    expect(quarter[3]).toMatchObject({ open: 22406.7 }) // the 11:30 bar's open
  })

  it('builds one daily candle per IST date, stamped 00:00 IST', () => {
    const daily = resample(nifty, '1d')
    expect(daily).toHaveLength(156) // trading days in MANIFEST.csv
    expect(daily[0]?.ts).toBe(ist('2024-01-01T00:00:00'))
    // Last day's O/H/L/C, computed independently with awk over the 2024-08-23 rows.
    expect(daily.at(-1)).toEqual({
      ts: ist('2024-08-23T00:00:00'),
      open: 24845.4,
      high: 24853.75,
      low: 24771.8,
      close: 24831.85,
      volume: 0,
    })
  })
})

describe('resample stock bars', () => {
  const reliance = read('intraday_1min/RELIANCE_1min_2016-08_2016-09.csv')

  it('sums volume: first RELIANCE 5m candle of 2016-08-16 and its day', () => {
    expect(resample(reliance, '5m')[0]).toEqual({
      ts: ist('2016-08-16T09:15:00'),
      open: 1036.25,
      high: 1039.25,
      low: 1033.75,
      close: 1033.8,
      volume: 57006 + 48335 + 13143 + 16837 + 22220,
    })
    expect(resample(reliance, '1d')[0]?.volume).toBe(3_048_398)
    expect(resample(reliance, '1d')).toHaveLength(19)
  })

  it('leaves a missing minute missing and skips an empty window', () => {
    const day = onDay(reliance, '2016-08-16')
    const without0917 = day.filter((b) => b.ts !== ist('2016-08-16T09:17:00'))
    expect(resample(without0917, '5m')[0]?.volume).toBe(57006 + 48335 + 16837 + 22220)
    const withoutWindow = day.filter(
      (b) => b.ts < ist('2016-08-16T09:20:00') || b.ts >= ist('2016-08-16T09:25:00'),
    )
    expect(starts(resample(withoutWindow, '5m')).slice(0, 3)).toEqual(['09:15', '09:25', '09:30'])
  })

  it('rejects bars out of time order', () => {
    const [a, b] = reliance as [Bar, Bar]
    expect(() => resample([b, a], '5m')).toThrow('resample: bar 1 (2016-08-16T09:15:00+05:30)')
  })
})

describe('bucketStart', () => {
  it('aligns to 09:15 IST, also for special-session times', () => {
    expect(bucketStart(ist('2024-01-01T09:29:59'), '15m')).toBe(ist('2024-01-01T09:15:00'))
    expect(bucketStart(ist('2024-03-02T11:34:00'), '5m')).toBe(ist('2024-03-02T11:30:00'))
    expect(bucketStart(ist('2021-11-04T18:20:00'), '15m')).toBe(ist('2021-11-04T18:15:00'))
    expect(bucketStart(ist('2024-01-01T09:08:00'), '5m')).toBe(ist('2024-01-01T09:05:00'))
    expect(bucketStart(ist('2024-01-01T15:29:00'), '1d')).toBe(ist('2024-01-01T00:00:00'))
  })
})

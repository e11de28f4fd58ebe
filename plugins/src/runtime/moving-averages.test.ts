import { readFileSync } from 'node:fs'
import { EMA, SMA } from 'technicalindicators'
import { describe, expect, it } from 'vitest'
import type { Bar } from '../types.ts'
import { emaStepper, smaStepper } from './moving-averages.ts'

const bar = (close: number, volume = 0): Bar => ({
  ts: 0,
  open: close,
  high: close,
  low: close,
  close,
  volume,
})
const close = (b: Bar) => b.close
const volume = (b: Bar) => b.volume

/** Real closes: the first 3,000 NIFTY 50 minutes of the platform's bundled NSE data. */
function niftyCloses(): number[] {
  const file = new URL(
    '../../../core/data/nse/intraday_1min/NIFTY50_1min_2024-01_2024-08.csv',
    import.meta.url,
  )
  const [header, ...rows] = readFileSync(file, 'utf8').split('\n').slice(0, 3_001)
  const col = header!.split(',').indexOf('close')
  return rows.map((line) => Number(line.split(',')[col]))
}

describe('moving averages', () => {
  it('equal technicalindicators bit for bit on real closes, for short and long periods', () => {
    const closes = niftyCloses()
    expect(closes.every(Number.isFinite)).toBe(true)
    for (const period of [1, 2, 3, 10, 30, 200]) {
      const sma = smaStepper(period, close)
      const ema = emaStepper(period, close)
      const libSma = new SMA({ period, values: [] })
      const libEma = new EMA({ period, values: [] })
      for (const c of closes) {
        expect(sma(bar(c))).toBe(libSma.nextValue(c))
        expect(ema(bar(c))).toBe(libEma.nextValue(c))
      }
    }
  })

  it('follow the library where a series starts with zeros (volume of an index)', () => {
    const volumes = [0, 0, 0, 0, 5, 0, 7, 0, 0, 0, 0, 3]
    for (const period of [1, 2, 3]) {
      const ema = emaStepper(period, volume)
      const sma = smaStepper(period, volume)
      const libEma = new EMA({ period, values: [] })
      const libSma = new SMA({ period, values: [] })
      for (const v of volumes) {
        expect(ema(bar(1, v))).toBe(libEma.nextValue(v))
        expect(sma(bar(1, v))).toBe(libSma.nextValue(v))
      }
    }
  })
})

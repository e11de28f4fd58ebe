import { describe, expect, it } from 'vitest'
import { formatIst, IST_OFFSET_MS, istDayStart, parseIsoTimestamp } from './time.ts'

describe('parseIsoTimestamp', () => {
  it('reads the first NIFTY 2024 bar time as 03:45 UTC', () => {
    expect(parseIsoTimestamp('2024-01-01T09:15:00+05:30')).toBe(Date.UTC(2024, 0, 1, 3, 45))
  })

  it('truncates the tick file microseconds to milliseconds', () => {
    const ts = parseIsoTimestamp('2025-11-17T12:07:57.022308+05:30')
    expect(ts).toBe(Date.UTC(2025, 10, 17, 6, 37, 57, 22))
  })

  it('agrees with Date.parse for other offsets and fractions', () => {
    for (const s of [
      '2024-02-29T23:59:59Z',
      '2016-09-30T15:29:00-04:00',
      '2020-10-01T00:00:00+05:30',
      '2021-12-31T18:30:00.5+00:00',
    ]) {
      expect(parseIsoTimestamp(s)).toBe(Date.parse(s))
    }
  })

  it('reads a field inside a longer line', () => {
    const line = 'x,2024-01-01T09:15:00+05:30,21727.75'
    expect(parseIsoTimestamp(line, 2, 27)).toBe(Date.UTC(2024, 0, 1, 3, 45))
  })

  it('rejects malformed or impossible timestamps', () => {
    parseIsoTimestamp('2023-02-28T09:15:00+05:30') // primes the date cache
    for (const s of [
      '2023-02-29T09:15:00+05:30',
      '2024-02-30T09:15:00+05:30',
      '2024-13-01T09:15:00+05:30',
      '2024-01-01T24:00:00+05:30',
      '2024-01-01T09:60:00+05:30',
      '2024-01-01 09:15:00+05:30',
      '2024-01-01T09:15:00',
      '2024-01-01T09:15:00+0530',
      '2024-01-01T09:15:00+05:30x',
      '2024-01-01T09:15:00.+05:30',
      '2024-1-01T09:15:00+05:30',
      '',
    ]) {
      expect(parseIsoTimestamp(s), s).toBeNaN()
    }
  })
})

describe('IST helpers', () => {
  it('finds the IST day start, also for times before 05:30 IST', () => {
    const day = Date.UTC(2024, 0, 1) - IST_OFFSET_MS
    expect(istDayStart(Date.parse('2024-01-01T09:15:00+05:30'))).toBe(day)
    expect(istDayStart(Date.parse('2024-01-01T00:10:00+05:30'))).toBe(day)
    expect(istDayStart(Date.parse('2024-01-01T23:59:00+05:30'))).toBe(day)
  })

  it('formats epoch ms back to the files’ IST notation', () => {
    expect(formatIst(Date.UTC(2024, 0, 1, 3, 45))).toBe('2024-01-01T09:15:00+05:30')
    expect(formatIst(Date.UTC(2025, 10, 17, 6, 37, 57, 22))).toBe('2025-11-17T12:07:57.022+05:30')
  })
})

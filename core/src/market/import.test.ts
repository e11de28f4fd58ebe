import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { dataPath, listSeries } from './catalog.ts'
import { checkImportedBars, MAX_IMPORT_ROWS } from './import.ts'

const HEADER = 'timestamp,open,high,low,close,volume'
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n')

describe('checkImportedBars', () => {
  it('accepts a bundled file as an upload, with its row count and range', () => {
    const nifty = listSeries().find((s) => s.symbol === 'NIFTY50' && s.timeframe === '1m')!
    const text = readFileSync(dataPath(nifty.file), 'utf8')
    const check = checkImportedBars(text, '1m')
    expect(check).toMatchObject({ ok: true, first: Date.parse(nifty.first) })
    expect(check.ok && check.rows).toBe(text.trim().split('\n').length - 1)
  })

  it('names the line and the problem of a malformed row', () => {
    expect(
      checkImportedBars(
        csv(
          '2024-01-01T09:15:00+05:30,100,101,99,100.5,10',
          '2024-01-01T09:16:00+05:30,100,99,101,100,5',
        ),
        '1m',
      ),
    ).toEqual({ ok: false, line: 3, reason: expect.stringMatching(/high/) })
  })

  it('refuses bars off the timeframe grid, with the line', () => {
    const fiveMinutes = csv(
      '2024-01-01T09:15:00+05:30,1,1,1,1,0',
      '2024-01-01T09:21:00+05:30,1,1,1,1,0',
    )
    expect(checkImportedBars(fiveMinutes, '5m')).toEqual({
      ok: false,
      line: 3,
      reason:
        '2024-01-01T09:21:00+05:30 is not the start of a 5m bar (every 5 minutes from 09:15 IST)',
    })
    expect(checkImportedBars(csv('2024-01-01T15:30:00+05:30,1,1,1,1,0'), '1d')).toMatchObject({
      ok: false,
      line: 2,
    })
    expect(checkImportedBars(csv('2024-01-01T00:00:00+05:30,1,1,1,1,0'), '1d')).toMatchObject({
      ok: true,
      rows: 1,
    })
  })

  it('refuses an empty file and one over the row cap', () => {
    expect(checkImportedBars(HEADER, '1d')).toEqual({
      ok: false,
      line: 2,
      reason: 'no bars after the header',
    })
    const start = Date.parse('2020-01-01T09:15:00+05:30')
    const rows = Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => {
      const iso = new Date(start + i * 60_000 + 5.5 * 3_600_000).toISOString().slice(0, 19)
      return `${iso}+05:30,1,1,1,1,0`
    })
    expect(checkImportedBars([HEADER, ...rows].join('\n'), '1m')).toMatchObject({
      ok: false,
      line: MAX_IMPORT_ROWS + 2,
    })
  })
})

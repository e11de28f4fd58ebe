import { describe, expect, it } from 'vitest'
import { barAt, barsToColumns, columnsToBars, trimColumns } from './columns.ts'

const bars = [
  { ts: 1_704_080_700_000, open: 21727.75, high: 21737.35, low: 21701.8, close: 21712, volume: 0 },
  { ts: 1_704_080_760_000, open: 21711.5, high: 21720, low: 21695.35, close: 21695.65, volume: 0 },
]

describe('bar columns', () => {
  it('round-trips bars through columns', () => {
    const c = barsToColumns(bars)
    expect(c.length).toBe(2)
    expect(c.close).toBeInstanceOf(Float64Array)
    expect([...c.high]).toEqual([21737.35, 21720])
    expect(columnsToBars(c)).toEqual(bars)
  })

  it('trims without copying', () => {
    const c = barsToColumns(bars)
    const first = trimColumns(c, 1)
    expect(first.length).toBe(1)
    expect(first.ts.buffer).toBe(c.ts.buffer)
    expect(barAt(first, 0)).toEqual(bars[0])
  })
})

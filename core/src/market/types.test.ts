import { describe, expect, it } from 'vitest'
import { TIMEFRAME_MS } from './types.ts'

describe('TIMEFRAME_MS', () => {
  it('nests each intraday timeframe in the next, so candles tile a 375-minute session', () => {
    expect(TIMEFRAME_MS['5m'] / TIMEFRAME_MS['1m']).toBe(5)
    expect(TIMEFRAME_MS['15m'] / TIMEFRAME_MS['5m']).toBe(3)
    expect((375 * TIMEFRAME_MS['1m']) % TIMEFRAME_MS['15m']).toBe(0)
    expect(TIMEFRAME_MS['1d']).toBe(86_400_000)
  })
})

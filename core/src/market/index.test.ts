import { describe, expect, it } from 'vitest'
import {
  createBundledReplay,
  createReplayFeed,
  listInstruments,
  listSeries,
  loadBarColumns,
  loadBars,
  loadTicks,
  parseBarColumns,
  parseBars,
  parseTicks,
  resample,
  resampleColumns,
  resolveSymbol,
} from './index.ts'

describe('market public API', () => {
  it('exposes parsing, catalog, resampling and replay from one entry point', async () => {
    const api: unknown[] = [parseBars, parseBarColumns, parseTicks, listSeries, listInstruments]
    api.push(loadBars, loadBarColumns, loadTicks, resolveSymbol, resample, resampleColumns)
    api.push(createReplayFeed, createBundledReplay)
    for (const fn of api) expect(typeof fn).toBe('function')
    const [first] = resample(await loadBars('BANKNIFTY', '1m'), '15m')
    expect(first).toMatchObject({ open: 48203.45 })
  })
})

import { describe, expect, it } from 'vitest'
import { benchBacktest } from './bench.ts'
import type { BatchStrategy } from './types.ts'

// Speed is measured by `npm run bench`; this only checks the harness measures a real run.
describe('benchBacktest', () => {
  it('runs the SMA crossover over the requested number of NIFTY 50 minutes', async () => {
    const r = await benchBacktest({ bars: 20_000, warmup: 0, runs: 1 })
    expect(r.bars).toBe(20_000)
    expect(r.samples).toHaveLength(1)
    expect(r.barsPerSecond).toBeGreaterThan(0)
    expect(r.trades).toBeGreaterThan(100)
    expect(r.fills).toBeGreaterThanOrEqual(2 * (r.trades - 1))
  })

  it('takes another strategy under the same harness (e.g. the sandboxed plugin)', async () => {
    let blocks = 0
    const idle = (): BatchStrategy => ({
      init() {},
      onBlock() {
        blocks++
        return { intents: [] }
      },
    })
    const r = await benchBacktest({ bars: 1_000, warmup: 0, runs: 1, strategy: idle })
    expect(r.trades).toBe(0)
    expect(blocks).toBe(3) // 1,000 minutes: 375 + 375 + 250, one block per day
  })
})

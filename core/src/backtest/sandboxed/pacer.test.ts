import { describe, expect, it } from 'vitest'
import { RangePacer } from './pacer.ts'

describe('RangePacer', () => {
  it('starts small and grows fourfold per call while the plugin is cheap', () => {
    const pace = new RangePacer(50)
    const sizes = [pace.size()]
    for (let i = 0; i < 8; i++) {
      pace.record(pace.size(), pace.size() * 0.0001) // 0.1 µs per event
      sizes.push(pace.size())
    }
    expect(sizes).toEqual([64, 256, 1024, 4096, 16_384, 65_536, 65_536, 65_536, 65_536])
  })

  it('aims at a quarter of the budget as soon as a call shows the plugin is costly', () => {
    const pace = new RangePacer(50)
    pace.record(64, 64 * 0.5) // 0.5 ms per event: 12.5 ms fit 25 events
    expect(pace.size()).toBe(25)
    pace.record(25, 25 * 0.05) // one cheap call does not undo that at once
    expect(pace.size()).toBe(33)
  })

  it('does not grow on calls cut short (by an intent) and ignores empty ones', () => {
    const pace = new RangePacer(50)
    pace.record(3, 0.001)
    expect(pace.size()).toBe(64)
    pace.record(0, 5)
    expect(pace.size()).toBe(64)
  })
})

import { PROTOCOL_LIMITS } from '@vm-algo/plugins'
import { describe, expect, it } from 'vitest'
import { resolveLimits, TIER_LIMITS, TIERS } from './limits.ts'

describe('tier limits', () => {
  it('are valid as shipped and grow with the tier', () => {
    const limits = resolveLimits()
    expect(limits).toEqual(TIER_LIMITS)
    const [free, pro, elite] = TIERS.map((t) => limits[t])
    for (const key of [
      'memoryMb',
      'cpuMsPerBatch',
      'maxIntentsPerBatch',
      'maxResultBytes',
    ] as const) {
      expect(free![key]).toBeLessThan(pro![key])
      expect(pro![key]).toBeLessThan(elite![key])
    }
  })

  it('stay within the plugin protocol’s own bounds', () => {
    for (const t of TIERS) {
      expect(TIER_LIMITS[t].maxIntentsPerBatch).toBeLessThanOrEqual(PROTOCOL_LIMITS.maxIntents)
      expect(TIER_LIMITS[t].maxLogsPerBatch).toBeLessThanOrEqual(PROTOCOL_LIMITS.maxLogs)
      expect(TIER_LIMITS[t].maxResultBytes).toBeLessThanOrEqual(PROTOCOL_LIMITS.maxOutputChars)
    }
  })

  it('merge overrides onto the defaults of their tier only', () => {
    const limits = resolveLimits({ free: { cpuMsPerBatch: 20 } })
    expect(limits.free).toEqual({ ...TIER_LIMITS.free, cpuMsPerBatch: 20 })
    expect(limits.pro).toEqual(TIER_LIMITS.pro)
  })

  it('refuse values that break a rule, naming tier and field', () => {
    expect(() => resolveLimits({ elite: { wallMsPerBatch: 100 } })).toThrow(
      'sandbox limits: elite.wallMsPerBatch: wallMsPerBatch must be at least cpuMsPerBatch',
    )
    expect(() => resolveLimits({ free: { memoryMb: 8 } })).toThrow(/free\.maxCodeBytes/)
    expect(() => resolveLimits({ pro: { maxLogsPerBatch: 0 } })).toThrow(/pro\.maxLogsPerBatch/)
    expect(() => resolveLimits({ pro: { extra: 1 } as never })).toThrow(/pro/)
  })
})

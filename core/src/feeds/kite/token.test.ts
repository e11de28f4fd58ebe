import { describe, expect, it } from 'vitest'
import { kiteTokenExpiry } from './token.ts'

const IST = (s: string) => Date.parse(`${s}+05:30`)

describe('kiteTokenExpiry', () => {
  it('is the next 06:00 IST after the login', () => {
    expect(kiteTokenExpiry(IST('2025-11-17T09:00:00'))).toBe(IST('2025-11-18T06:00:00'))
    expect(kiteTokenExpiry(IST('2025-11-17T23:59:59'))).toBe(IST('2025-11-18T06:00:00'))
    expect(kiteTokenExpiry(IST('2025-11-18T05:59:59'))).toBe(IST('2025-11-18T06:00:00'))
    expect(kiteTokenExpiry(IST('2025-11-18T06:00:00'))).toBe(IST('2025-11-19T06:00:00'))
    // 00:30 UTC is already 06:00 IST.
    expect(kiteTokenExpiry(Date.parse('2025-11-18T00:29:00Z'))).toBe(IST('2025-11-18T06:00:00'))
  })
})

import { describe, expect, it } from 'vitest'
import { kiteExpiry, kiteRedirect } from './broker.ts'

describe('kiteExpiry', () => {
  const morning = Date.parse('2026-11-30T10:00:00+05:30')
  it('reads the next 06:00 IST as tomorrow', () => {
    expect(kiteExpiry('2026-12-01T06:00:00+05:30', morning)).toBe('expires 06:00 IST tomorrow')
  })
  it('reads a login before dawn as today', () => {
    const night = Date.parse('2026-11-30T02:00:00+05:30')
    expect(kiteExpiry('2026-11-30T06:00:00+05:30', night)).toBe('expires 06:00 IST today')
  })
  it('says expired, with the date, for a past session', () => {
    expect(kiteExpiry('2026-11-20T06:00:00+05:30', morning)).toBe('expired 06:00 IST on 20 Nov')
  })
})

describe('kiteRedirect', () => {
  it('takes the request token of a successful login', () => {
    expect(
      kiteRedirect({ request_token: 'abc123DEF456', action: 'login', status: 'success' }),
    ).toEqual({ requestToken: 'abc123DEF456' })
  })
  it('explains a cancelled login or a missing token', () => {
    expect(kiteRedirect({ status: 'cancelled' })).toMatchObject({ problem: expect.any(String) })
    expect(kiteRedirect({ status: 'success' })).toMatchObject({
      problem: expect.stringContaining('no request token'),
    })
    expect(kiteRedirect({ status: 'success', request_token: '<script>' })).toHaveProperty('problem')
  })
})

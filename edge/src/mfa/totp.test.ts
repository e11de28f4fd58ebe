import { generate } from 'otplib'
import { describe, expect, it } from 'vitest'
import { matchTotp, newTotpSecret, TOTP_PERIOD_S, totpQrSvg, totpUri } from './totp.ts'

// RFC 6238 appendix B: the SHA-1 seed "12345678901234567890" in base32, and its codes (last 6
// of 8 digits) at the listed times.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'

describe('TOTP', () => {
  it('matches the RFC 6238 test vectors and returns the time step', async () => {
    expect(await matchTotp(RFC_SECRET, '287082', null, 59_000)).toBe(1)
    expect(await matchTotp(RFC_SECRET, '081804', null, 1_111_111_109_000)).toBe(37_037_036)
    expect(await matchTotp(RFC_SECRET, '050471', null, 1_111_111_111_000)).toBe(37_037_037)
  })

  it('accepts one step of clock drift either way, not two', async () => {
    const secret = newTotpSecret()
    const now = 1_800_000_000_000
    const at = (offset: number) => generate({ secret, epoch: now / 1000 + offset * TOTP_PERIOD_S })
    expect(await matchTotp(secret, await at(-1), null, now)).not.toBeNull()
    expect(await matchTotp(secret, await at(1), null, now)).not.toBeNull()
    expect(await matchTotp(secret, await at(-2), null, now)).toBeNull()
    expect(await matchTotp(secret, await at(2), null, now)).toBeNull()
  })

  it('refuses a code whose step is not after the last used one (replay)', async () => {
    const secret = newTotpSecret()
    const now = 1_800_000_000_000
    const code = await generate({ secret, epoch: now / 1000 })
    const step = await matchTotp(secret, code, null, now)
    expect(step).toBe(Math.floor(now / 1000 / TOTP_PERIOD_S))
    expect(await matchTotp(secret, code, step, now)).toBeNull()
    const previous = await generate({ secret, epoch: now / 1000 - TOTP_PERIOD_S })
    expect(await matchTotp(secret, previous, step, now)).toBeNull()
    const next = await generate({ secret, epoch: now / 1000 + TOTP_PERIOD_S })
    expect(await matchTotp(secret, next, step, now)).toBe(step! + 1)
  })

  it('refuses wrong and malformed codes without throwing', async () => {
    const secret = newTotpSecret()
    for (const bad of ['', '12345', '1234567', 'abcdef', '12 345', '000000']) {
      expect(await matchTotp(secret, bad, null)).toBeNull()
    }
  })

  it('makes 160-bit base32 secrets, an otpauth URI and an SVG QR code', () => {
    const secret = newTotpSecret()
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)
    const uri = totpUri(secret, 'asha@example.in')
    const parsed = new URL(uri)
    expect(parsed.protocol).toBe('otpauth:')
    expect(parsed.host).toBe('totp')
    expect(decodeURIComponent(parsed.pathname)).toBe('/vm-algo:asha@example.in')
    expect(parsed.searchParams.get('secret')).toBe(secret)
    expect(parsed.searchParams.get('issuer')).toBe('vm-algo')
    expect(totpQrSvg(uri)).toMatch(/^<svg[^>]*>[\s\S]*<\/svg>$/)
  })
})

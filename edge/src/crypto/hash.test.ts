import { describe, expect, it } from 'vitest'
import { fromBase64, fromBase64Url, toBase64, toBase64Url } from './encoding.ts'
import { randomToken, sha256Hex, timingSafeEqual } from './hash.ts'

describe('hashing, tokens and encodings', () => {
  it('computes SHA-256 as hex (FIPS 180-2 test vector)', async () => {
    expect(await sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    )
  })

  it('makes 256-bit base64url tokens that do not repeat', () => {
    const tokens = new Set(Array.from({ length: 100 }, () => randomToken()))
    expect(tokens.size).toBe(100)
    for (const t of tokens) expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(fromBase64Url(randomToken(16))).toHaveLength(16)
  })

  it('compares strings and bytes without regard to where they differ', () => {
    expect(timingSafeEqual('same-token', 'same-token')).toBe(true)
    expect(timingSafeEqual('same-token', 'same-tokeN')).toBe(false)
    expect(timingSafeEqual('short', 'shorter')).toBe(false)
    expect(timingSafeEqual('', '')).toBe(true)
    expect(timingSafeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true)
  })

  it('round-trips base64 and base64url, and refuses what is neither', () => {
    const bytes = new Uint8Array([0, 251, 255, 62, 63, 1])
    expect(toBase64Url(bytes)).toBe('APv_Pj8B')
    expect(fromBase64Url('APv_Pj8B')).toEqual(bytes)
    expect(toBase64(bytes, false)).toBe('APv/Pj8B')
    expect(fromBase64('APv/Pj8B')).toEqual(bytes)
    expect(() => fromBase64Url('a+b/')).toThrow()
  })
})

import { describe, expect, it } from 'vitest'
import { ID_PREFIXES, idTime, isId, newId } from './ids.ts'

describe('ids', () => {
  it('carries the type prefix and a 26-character ULID body', () => {
    const id = newId('user')
    expect(id).toMatch(/^usr_[0-9A-HJKMNP-TV-Z]{26}$/)
    expect(isId('user', id)).toBe(true)
    expect(isId('tenant', id)).toBe(false)
  })

  it('sorts by creation time, even within one millisecond', () => {
    const t = Date.UTC(2026, 10, 30, 4, 0, 0)
    const ids = [newId('order', t), newId('order', t), newId('order', t + 1), newId('order', t + 1)]
    expect([...ids].sort()).toEqual(ids)
    expect(new Set(ids).size).toBe(4)
  })

  it('encodes the creation time', () => {
    const t = Date.UTC(2024, 0, 1, 3, 45, 0)
    expect(idTime(newId('tenant', t))).toBe(t)
  })

  it('rejects malformed values', () => {
    expect(isId('user', 'usr_123')).toBe(false)
    expect(isId('user', `usr_${'I'.repeat(26)}`)).toBe(false)
    expect(isId('user', 42)).toBe(false)
  })

  it('has one distinct prefix per kind', () => {
    const prefixes = Object.values(ID_PREFIXES)
    expect(new Set(prefixes).size).toBe(prefixes.length)
  })
})

import { describe, expect, it } from 'vitest'
import { canonicalJson, toJsonValue } from './canonical.ts'

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    )
  })

  it('gives the same text for the same value whatever the key order', () => {
    const one = {
      action: 'x',
      data: { from: 'member', to: 'admin' },
      at: '2024-01-01T00:00:00.000Z',
    }
    const other = { data: { to: 'admin', from: 'member' }, at: one.at, action: 'x' }
    expect(canonicalJson(one)).toBe(canonicalJson(other))
  })

  it('serialises as JSON would: dates as ISO strings, undefined properties dropped', () => {
    const at = new Date('2024-03-05T04:05:06.789Z')
    expect(canonicalJson({ at, gone: undefined, list: [undefined] })).toBe(
      '{"at":"2024-03-05T04:05:06.789Z","list":[null]}',
    )
    expect(toJsonValue({ at })).toEqual({ at: '2024-03-05T04:05:06.789Z' })
  })

  it('escapes strings as JSON does, so unusual text cannot forge structure', () => {
    expect(canonicalJson({ 'a"b': 'line\nbreak ₹ "quoted"' })).toBe(
      '{"a\\"b":"line\\nbreak ₹ \\"quoted\\""}',
    )
  })

  it('refuses a value JSON cannot carry', () => {
    expect(() => canonicalJson(undefined)).toThrow(TypeError)
  })
})

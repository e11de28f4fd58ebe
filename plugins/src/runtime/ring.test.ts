import { describe, expect, it } from 'vitest'
import { NumberRing, Ring } from './ring.ts'

describe('NumberRing', () => {
  it('gives back what was pushed, newest first, as a Ring does — undefined and NaN included', () => {
    const numbers = new NumberRing(3)
    const plain = new Ring<number | undefined>(3)
    const pushed = [undefined, undefined, 1.5, Number.NaN, -0, 7, 8, undefined, 9]
    for (const v of pushed) {
      numbers.push(v)
      plain.push(v)
      for (let ago = -1; ago <= 4; ago++) expect(numbers.back(ago)).toBe(plain.back(ago))
      expect(numbers.length).toBe(plain.length)
    }
    expect([numbers.back(0), numbers.back(1), numbers.back(2)]).toEqual([9, undefined, 8])
  })

  it('starts over when cleared, and refuses what is neither a number nor undefined', () => {
    const ring = new NumberRing(2)
    ring.push(1)
    ring.push(2)
    ring.clear()
    expect([ring.length, ring.back(0)]).toEqual([0, undefined])
    ring.push(3)
    expect([ring.back(0), ring.back(1)]).toEqual([3, undefined])
    expect(() => ring.push({ macd: 1 })).toThrow(TypeError)
  })
})

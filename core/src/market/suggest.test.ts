import { describe, expect, it } from 'vitest'
import { closeMatches } from './suggest.ts'

const symbols = [
  'M&M',
  'BAJAJ-AUTO',
  'BAJAJFINSV',
  'BAJFINANCE',
  'RELIANCE',
  'NIFTY50',
  'LT',
  'TCS',
]

describe('closeMatches', () => {
  it('ignores case and punctuation', () => {
    expect(closeMatches('m_m', symbols)).toEqual(['M&M'])
    expect(closeMatches('bajajauto', symbols)[0]).toBe('BAJAJ-AUTO')
  })

  it('finds typos and contained names', () => {
    expect(closeMatches('RELIANC', symbols)).toEqual(['RELIANCE'])
    expect(closeMatches('NIFTY', symbols)).toEqual(['NIFTY50'])
  })

  it('allows fewer edits for short names', () => {
    expect(closeMatches('LTX', symbols)).toEqual(['LT'])
    expect(closeMatches('TC', symbols)).toEqual([])
    expect(closeMatches('XYZ123', symbols)).toEqual([])
    expect(closeMatches('--', symbols)).toEqual([])
  })
})

import { describe, expect, it } from 'vitest'
import { curvePoints, downsampleCurve } from './downsample.ts'

describe('downsampleCurve', () => {
  const columns = {
    time: [0, 1, 2, 3, 4, 5, 6, 7, 8],
    equity: [100, 101, 99, 97, 98, 102, 103, 101, 104],
    drawdown: [0, 0, -0.02, -0.04, -0.03, 0, 0, -0.02, 0],
    label: 'NIFTY50',
  }

  it('keeps evenly spaced points, always the first and the last', () => {
    expect(downsampleCurve(columns, 3)).toMatchObject({
      time: [0, 4, 8],
      equity: [100, 98, 104],
      label: 'NIFTY50',
    })
    expect(downsampleCurve([1, 2, 3, 4, 5], 2)).toEqual([1, 5])
  })

  it('keeps the deepest drawdown between two kept points', () => {
    expect((downsampleCurve(columns, 3) as { drawdown: number[] }).drawdown).toEqual([
      0, -0.04, -0.02,
    ])
  })

  it('returns small curves and unknown shapes as they are', () => {
    expect(downsampleCurve(columns, 9)).toBe(columns)
    const ragged = { time: [1, 2, 3], equity: [1, 2] }
    expect(downsampleCurve(ragged, 2)).toBe(ragged)
    expect(downsampleCurve(null, 2)).toBeNull()
    expect(downsampleCurve('curve', 2)).toBe('curve')
  })

  it('counts the points of either shape', () => {
    expect(curvePoints(columns)).toBe(9)
    expect(curvePoints([1, 2])).toBe(2)
    expect(curvePoints(null)).toBe(0)
  })
})

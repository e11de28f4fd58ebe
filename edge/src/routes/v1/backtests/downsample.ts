/**
 * Thins an equity curve to at most `maxPoints` points for charting. Takes evenly spaced points
 * (the first and last always), in either stored shape: an array of points, or columns
 * (`{ time: [], equity: [], … }` of equal length). A `drawdown` column keeps the deepest value
 * between two kept points, so the chart keeps its troughs. Anything else comes back as it is.
 *
 * @example downsampleCurve({ time: [1, 2, 3], equity: [10, 11, 9] }, 2) // { time: [1, 3], equity: [10, 9] }
 */
export function downsampleCurve(curve: unknown, maxPoints: number): unknown {
  if (Array.isArray(curve)) {
    if (curve.length <= maxPoints) return curve
    return picks(curve.length, maxPoints).map((i) => curve[i])
  }
  if (!curve || typeof curve !== 'object') return curve
  const columns = Object.entries(curve as Record<string, unknown>)
  const lengths = new Set(
    columns.filter(([, v]) => Array.isArray(v)).map(([, v]) => (v as []).length),
  )
  if (lengths.size !== 1) return curve
  const [length] = lengths
  if (length! <= maxPoints) return curve
  const kept = picks(length!, maxPoints)
  const out: Record<string, unknown> = {}
  for (const [name, value] of columns) {
    if (!Array.isArray(value)) out[name] = value
    else if (name === 'drawdown') out[name] = deepest(value, kept)
    else out[name] = kept.map((i) => value[i])
  }
  return out
}

/** How many points a curve has (the longest column), for the response. */
export function curvePoints(curve: unknown): number {
  if (Array.isArray(curve)) return curve.length
  if (!curve || typeof curve !== 'object') return 0
  return Math.max(0, ...Object.values(curve).map((v) => (Array.isArray(v) ? v.length : 0)))
}

function picks(length: number, maxPoints: number): number[] {
  const out: number[] = []
  for (let k = 0; k < maxPoints; k++) out.push(Math.round((k * (length - 1)) / (maxPoints - 1)))
  return out
}

function deepest(values: unknown[], kept: number[]): unknown[] {
  return kept.map((index, k) => {
    const from = k === 0 ? 0 : kept[k - 1]! + 1
    let low = values[index]
    for (let i = from; i <= index; i++) {
      const v = values[i]
      if (typeof v === 'number' && (typeof low !== 'number' || v < low)) low = v
    }
    return low
  })
}

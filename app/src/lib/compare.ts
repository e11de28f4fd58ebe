import {
  BENCHMARK_METRICS,
  METRICS,
  type MetricDef,
  metricValue,
  readBenchmark,
  shown,
} from './metrics-format.ts'

// Two runs side by side: each metric of both, and which is better where that is unambiguous.

export type Side = 'a' | 'b'

/**
 * The better of two values of a metric: undefined when the metric has no better direction,
 * when either value is missing, or when they are equal.
 *
 * @example betterOf({ better: 'lower' }, 0.12, 0.08) // 'b'
 */
export function betterOf(
  def: Pick<MetricDef, 'better'>,
  a: number | null,
  b: number | null,
): Side | undefined {
  if (!def.better || a === null || b === null || a === b) return undefined
  const aWins = def.better === 'higher' ? a > b : a < b
  return aWins ? 'a' : 'b'
}

export interface CompareRow {
  def: MetricDef
  a: number | null
  b: number | null
  better: Side | undefined
}

/**
 * Every metric either run has, with the better side marked; the benchmark's excess return
 * follows when either run has a benchmark. Metrics neither run has are left out.
 */
export function compareMetrics(
  a: Record<string, unknown> | undefined,
  b: Record<string, unknown> | undefined,
): CompareRow[] {
  const rows: CompareRow[] = []
  const add = (def: MetricDef, va: number | null, vb: number | null) => {
    if (va === null && vb === null) return
    // Compared as shown: values that read the same are not one better than the other.
    rows.push({
      def,
      a: va,
      b: vb,
      better: betterOf(def, shown(va, def.unit), shown(vb, def.unit)),
    })
  }
  for (const def of METRICS) add(def, metricValue(a, def.key), metricValue(b, def.key))
  const ba = readBenchmark(a)
  const bb = readBenchmark(b)
  const excess = BENCHMARK_METRICS.find((d) => d.key === 'excessReturn')!
  add(excess, metricValue(ba?.metrics, excess.key), metricValue(bb?.metrics, excess.key))
  return rows
}

/** How many metrics each side wins. */
export function tally(rows: readonly CompareRow[]): Record<Side, number> {
  return {
    a: rows.filter((r) => r.better === 'a').length,
    b: rows.filter((r) => r.better === 'b').length,
  }
}

/**
 * The parameters of two runs, by name, each with both values (undefined where a run lacks it)
 * and whether they differ.
 *
 * @example paramRows({ fast: 10, slow: 30 }, { fast: 5, slow: 30 })
 * // [{ name: 'fast', a: 10, b: 5, differs: true }, { name: 'slow', a: 30, b: 30, differs: false }]
 */
export function paramRows(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
): Array<{ name: string; a: unknown; b: unknown; differs: boolean }> {
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])]
  return names.map((name) => ({ name, a: a[name], b: b[name], differs: a[name] !== b[name] }))
}

/**
 * A run's name in the comparison: its side, its strategy and what sets it apart from the
 * other run (the first few differing parameters), since two runs of one example read alike.
 *
 * @example runLabel('a', 'SMA', paramRows({ fast: 5 }, { fast: 10 })) // 'A: SMA (fast 5)'
 */
export function runLabel(
  side: Side,
  strategy: string,
  rows: ReadonlyArray<{ name: string; a: unknown; b: unknown; differs: boolean }>,
): string {
  const own = rows
    .filter((r) => r.differs && r[side] !== undefined)
    .slice(0, 3)
    .map((r) => `${r.name} ${String(r[side])}`)
  return `${side.toUpperCase()}: ${strategy}${own.length ? ` (${own.join(', ')})` : ''}`
}

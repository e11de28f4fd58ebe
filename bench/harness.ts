import { readFileSync } from 'node:fs'

/** One benchmark's result: `baseline` is measured in the same run, `ratio` = value / baseline. */
export interface BenchResult {
  value: number
  unit: string
  baseline: number
  ratio: number
  /** Anything else worth keeping (latency percentiles, sizes, parameters). */
  details?: Record<string, number | string>
}

export interface Benchmark {
  name: string
  /** What is measured and against what, one line for the results table. */
  description: string
  run(): Promise<BenchResult>
}

/** Builds a result from a measured value and its same-run baseline. */
export function result(
  value: number,
  unit: string,
  baseline: number,
  details?: BenchResult['details'],
): BenchResult {
  const round = (n: number) => Math.round(n * 1000) / 1000
  return {
    value: round(value),
    unit,
    baseline: round(baseline),
    ratio: baseline === 0 ? 0 : round(value / baseline),
    ...(details ? { details } : {}),
  }
}

/** Percentile (0–100) of unsorted samples. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[index]!
}

/** Runs `fn` repeatedly for about `ms` milliseconds of wall time; returns operations per second. */
export async function opsPerSecond(
  fn: () => unknown | Promise<unknown>,
  ms = 2000,
): Promise<number> {
  const end = performance.now() + ms
  let ops = 0
  const start = performance.now()
  while (performance.now() < end) {
    await fn()
    ops++
  }
  return ops / ((performance.now() - start) / 1000)
}

/**
 * CPU time (ms, all threads) another process has used so far, from Linux's `/proc/<pid>/stat`
 * (user + system, in clock ticks of 10 ms); undefined where there is no such file.
 */
export function processCpuMs(pid: number): number | undefined {
  let stat: string
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return undefined
  }
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

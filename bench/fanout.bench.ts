import { readFileSync } from 'node:fs'
import { createSandboxPool, type Sandbox, type SandboxPool } from '@vm-algo/core'
import { loadTicks } from '../core/src/market/index.ts'
import {
  measureTickFanout,
  type TickDecider,
  type TickFanoutResult,
} from '../core/src/sandbox/fanout-bench.ts'
import {
  compileTickMomentum,
  loadTickMomentum,
  plainTickMomentum,
  sandboxDecider,
} from '../core/src/sandbox/tick-momentum.ts'
import { type Benchmark, result } from './harness.ts'

const SIZES = [100, 1_000] as const
/** Publishing window of each run; decisions still in flight are waited for afterwards. */
const SECONDS = 5
/** The feed: a frame (one tick of each instrument at most) every millisecond. */
const FRAMES_PER_SECOND = 1_000
/** Two cores: the host process and two workers, each packed with half the isolates. */
const WORKERS = 2
/** The free tier's CPU budget per batch, which the run reports against. */
const FREE_CPU_MS = 50

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits

function run(deciders: TickDecider[], ticks: Awaited<ReturnType<typeof loadTicks>>) {
  return measureTickFanout({
    ticks,
    deciders,
    durationMs: SECONDS * 1000,
    framesPerSecond: FRAMES_PER_SECOND,
  })
}

/** One run's figures under `prefix`, e.g. `k1000_p99_ms`. */
function figures(prefix: string, r: TickFanoutResult): Record<string, number | string> {
  return {
    [`${prefix}_deliveries_per_s`]: Math.round(r.decisionsPerSec),
    [`${prefix}_p50_ms`]: round(r.p50Ms),
    [`${prefix}_p99_ms`]: round(r.p99Ms),
    [`${prefix}_ticks_per_s`]: Math.round(r.ticksPerSec),
    [`${prefix}_offered`]: r.offered,
    [`${prefix}_delivered`]: r.delivered,
    [`${prefix}_coalesced`]: r.coalesced,
    [`${prefix}_dropped`]: r.dropped,
    [`${prefix}_errors`]: r.errors,
    ...(r.firstError ? { [`${prefix}_first_error`]: r.firstError.slice(0, 160) } : {}),
  }
}

const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024

/** What the pool and the sandboxes' own accounting say about the run. */
function sandboxFigures(
  prefix: string,
  pool: SandboxPool,
  sandboxes: Sandbox[],
): Record<string, number> {
  const stats = sandboxes.map((sb) => sb.stats())
  const workers = pool.stats().workers
  return {
    [`${prefix}_workers`]: workers.length,
    [`${prefix}_workers_rss_mb`]: Math.round(workers.reduce((mb, w) => mb + rssMb(w.pid), 0)),
    [`${prefix}_failed_instances`]: stats.filter((s) => s.status !== 'ready').length,
    [`${prefix}_max_reported_cpu_ms`]: round(Math.max(...stats.map((s) => s.maxCpuMs)), 1),
    [`${prefix}_instances_over_free_cpu`]: stats.filter((s) => s.maxCpuMs > FREE_CPU_MS).length,
  }
}

/**
 * Live fan-out: the bundled futures ticks on the in-process bus, a frame per millisecond, to
 * K instances of the compiled tick-momentum strategy, each in its own isolate behind an async
 * bus handler (one batch per tick; a busy instance's queue coalesces to the latest tick of its
 * instrument) — against the same rule as plain functions on the same feed in the same run.
 * Value and baseline: deliveries that came back as decisions, per second, at K = 1,000.
 */
export const benchmarks: Benchmark[] = [
  {
    name: 'core.tick_fanout',
    description: `${FRAMES_PER_SECOND} tick frames/s on the memory bus for ${SECONDS} s into ${SIZES.join(' and ')} sandboxed strategies vs plain functions`,
    async run() {
      const ticks = await loadTicks()
      const code = await compileTickMomentum()
      const details: Record<string, number | string> = {}
      let sandboxed: TickFanoutResult | undefined
      let plain: TickFanoutResult | undefined
      for (const k of SIZES) {
        plain = await run(
          Array.from({ length: k }, () => plainTickMomentum()),
          ticks,
        )
        const pool = createSandboxPool({
          workers: WORKERS,
          limitsByTier: {
            // isolated-vm 6.2's prebuilt Linux binary times `cpuTime` with steady_clock (it
            // imports no clock_gettime), so an isolate waiting for a core is charged for the
            // wait: measured here, the isolates reported 5-6x the CPU their worker processes
            // used, and the default 50 ms killed instances that need well under 1 ms. The run
            // reports how many would have been over it instead.
            free: { sandboxesPerWorker: Math.ceil(k / WORKERS), cpuMsPerBatch: 1_000 },
          },
        })
        try {
          const started = performance.now()
          const sandboxes = await loadTickMomentum(pool, { code, count: k, warmUp: ticks[0]! })
          const startSeconds = (performance.now() - started) / 1000
          sandboxed = await run(sandboxes.map(sandboxDecider), ticks)
          Object.assign(details, {
            ...figures(`k${k}`, sandboxed),
            ...sandboxFigures(`k${k}`, pool, sandboxes),
            [`k${k}_start_s`]: round(startSeconds, 1),
            [`k${k}_ratio`]: round(sandboxed.decisionsPerSec / plain.decisionsPerSec, 5),
            ...figures(`k${k}_plain`, plain),
          })
        } finally {
          await pool.close()
        }
      }
      details.instruments = sandboxed!.instruments
      details.publish_s = SECONDS
      return result(sandboxed!.decisionsPerSec, 'deliveries/s', plain!.decisionsPerSec, details)
    },
  },
]

/**
 * Quick measurements for README.md (not a test, not a benchmark gate):
 *   node_modules/.bin/node --no-node-snapshot core/src/sandbox/measure.ts
 * Prints worker start time, sandbox load time, memory per idle sandbox and per-batch overhead.
 */
import { readFileSync } from 'node:fs'
import { compileInThread } from '../compiler/index.ts'
import { createSandboxPool } from './pool.ts'
import type { Sandbox } from './sandbox.ts'
import { bar, batchOf, COUNTER_PLUGIN } from './test-plugins.ts'

const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * p)]!
const p99 = (xs: number[]) => pct(xs, 0.99)

const pool = createSandboxPool({ workers: 1, limitsByTier: { free: { sandboxesPerWorker: 200 } } })
const load = (i: number) =>
  pool.load({ tenantId: `t${i}`, deploymentId: `d${i}`, tier: 'free', code: COUNTER_PLUGIN })

let t = performance.now()
const first = await load(0)
const firstMs = performance.now() - t
const pid = first.stats().workerPid
const rss1 = rssMb(pid)

const loads: number[] = []
const sandboxes: Sandbox[] = [first]
for (let i = 1; i <= 100; i++) {
  t = performance.now()
  sandboxes.push(await load(i))
  loads.push(performance.now() - t)
}
for (const sb of sandboxes) await sb.init({ params: {}, seed: 1 })
const rss101 = rssMb(pid)

// One batch of one bar, round trip host → worker → isolate → host, validated.
const sb = first
const calls: number[] = []
for (let i = 1; i <= 3_000; i++) {
  t = performance.now()
  await sb.run(batchOf(i, bar(i, 99)))
  calls.push(performance.now() - t)
}
// The same batch as 100 bars: one crossing however many events.
const big = batchOf(1, ...Array.from({ length: 100 }, (_, i) => bar(i, 99)))
const bigCalls: number[] = []
for (let i = 0; i < 500; i++) {
  t = performance.now()
  await sb.run(big)
  bigCalls.push(performance.now() - t)
}
// Many sandboxes at once: one batch to each of 100.
t = performance.now()
for (let round = 0; round < 20; round++) {
  await Promise.all(sandboxes.slice(1).map((s, i) => s.run(batchOf(round + 1, bar(i, 99)))))
}
const fanoutPerCallUs = ((performance.now() - t) / 2_000) * 1000

// A real plugin compiled from the SDK's examples (~60 KB bundle with its indicators).
const compiled = await compileInThread(
  readFileSync(new URL('../../../plugins/examples/rsi-mean-reversion.ts', import.meta.url), 'utf8'),
)
if (!compiled.ok) throw new Error('example did not compile')
await pool.close()
const pool2 = createSandboxPool({ workers: 1, limitsByTier: { free: { sandboxesPerWorker: 200 } } })
const loadReal = async (i: number) => {
  const s = await pool2.load({
    tenantId: `r${i}`,
    deploymentId: `r${i}`,
    tier: 'free',
    code: compiled.js,
  })
  await s.init({ params: {}, seed: 1 })
  return s
}
const pid2 = (await loadReal(0)).stats().workerPid
const rssBefore = rssMb(pid2)
const realLoads: number[] = []
for (let i = 1; i <= 50; i++) {
  t = performance.now()
  await loadReal(i)
  realLoads.push(performance.now() - t)
}
const rssReal = (rssMb(pid2) - rssBefore) / 50

await pool2.close()

const fmt = (n: number) => n.toFixed(2)
console.log(`first load (spawns the worker):       ${fmt(firstMs)} ms`)
console.log(
  `load of one more sandbox:             median ${fmt(median(loads))} ms, p99 ${fmt(p99(loads))} ms`,
)
console.log(`worker RSS with 1 sandbox:            ${fmt(rss1)} MB`)
console.log(`RSS per idle sandbox (100 more):      ${fmt((rss101 - rss1) / 100)} MB`)
console.log(
  `batch of 1 bar, round trip:           median ${fmt(median(calls) * 1000)} µs, p95 ${fmt(pct(calls, 0.95) * 1000)} µs, p99 ${fmt(p99(calls) * 1000)} µs`,
)
console.log(`batch of 100 bars, round trip:        median ${fmt(median(bigCalls) * 1000)} µs`)
console.log(`100 sandboxes in parallel, per call:  ${fmt(fanoutPerCallUs)} µs`)
console.log(`compiled example, load + init:        median ${fmt(median(realLoads))} ms`)
console.log(`compiled example, RSS per sandbox:    ${fmt(rssReal)} MB`)

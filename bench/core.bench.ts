import { readFileSync } from 'node:fs'
import { createSandboxPool } from '@vm-algo/core'
import { compileInThread } from '../core/src/compiler/index.ts'
import { loadInVm } from '../core/src/compiler/testing/vm-plugin.ts'
import { type Benchmark, percentile, result } from './harness.ts'

const DEPLOYMENTS = 50

async function compiledExample(): Promise<string> {
  const source = readFileSync(
    new URL('../plugins/examples/sma-crossover.ts', import.meta.url),
    'utf8',
  )
  const compiled = await compileInThread(source)
  if (!compiled.ok) throw new Error(`example does not compile: ${compiled.diagnostics[0]?.message}`)
  return compiled.js
}

const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024

/**
 * What starting one sandboxed deployment costs: load + init of the compiled SMA-crossover in
 * its own isolate (in a worker process), against evaluating the same bundle in a plain
 * node:vm context in this process (no isolation, no process hop) in the same run.
 */
export const benchmarks: Benchmark[] = [
  {
    name: 'core.isolate_start',
    description: `${DEPLOYMENTS} deployments of the compiled SMA crossover: isolated-vm sandbox vs node:vm context`,
    async run() {
      const js = await compiledExample()
      const params = { params: {}, seed: 1 }
      const plain: number[] = []
      for (let i = 0; i < DEPLOYMENTS; i++) {
        const t = performance.now()
        const plugin = loadInVm(js)
        plugin.send({ kind: 'init', ...params })
        plain.push(performance.now() - t)
      }
      const pool = createSandboxPool({
        workers: 1,
        limitsByTier: { pro: { sandboxesPerWorker: DEPLOYMENTS + 1 } },
      })
      try {
        const first = await pool.load({ tenantId: 't0', deploymentId: 'd0', tier: 'pro', code: js })
        await first.init(params)
        const pid = first.stats().workerPid!
        const before = rssMb(pid)
        const starts: number[] = []
        for (let i = 1; i <= DEPLOYMENTS; i++) {
          const t = performance.now()
          const sb = await pool.load({
            tenantId: `t${i}`,
            deploymentId: `d${i}`,
            tier: 'pro',
            code: js,
          })
          await sb.init(params)
          starts.push(performance.now() - t)
        }
        const perDeploymentMb = (rssMb(pid) - before) / DEPLOYMENTS
        const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
        return result(mean(starts), 'ms per deployment', mean(plain), {
          p50_ms: percentile(starts, 50),
          p99_ms: percentile(starts, 99),
          memory_mb_per_deployment: Math.round(perDeploymentMb * 100) / 100,
          baseline_p50_ms: percentile(plain, 50),
        })
      } finally {
        await pool.close()
      }
    },
  },
]

/**
 * A real plugin, compiled by the platform's compiler from the SDK's examples, runs in the
 * hardened isolate exactly as in a bare `node:vm` context: the removals (Intl, Proxy, eval,
 * WeakRef…) and the virtual clock change nothing for code written against the SDK.
 */
import { readFileSync } from 'node:fs'
import type { BatchInput, DispatchInput } from '@vm-algo/plugins'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { compileInThread } from '../compiler/index.ts'
import { loadInVm } from '../compiler/testing/vm-plugin.ts'
import { createSandboxPool, type SandboxPool } from './pool.ts'
import { bar, batchOf } from './test-plugins.ts'

let pool: SandboxPool
let js = ''
beforeAll(async () => {
  const source = readFileSync(
    new URL('../../../plugins/examples/rsi-mean-reversion.ts', import.meta.url),
    'utf8',
  )
  const compiled = await compileInThread(source)
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics))
  js = compiled.js
  pool = createSandboxPool({ workers: 1 })
}, 60_000)
afterAll(() => pool?.close())

it('gives the same outputs in the sandbox as in a plain VM', async () => {
  const sb = await pool.load({ tenantId: 'tnt_x', deploymentId: 'dep_x', tier: 'free', code: js })
  const vm = loadInVm(js)
  const { manifest } = await sb.describe()
  expect(manifest).toEqual(vm.describe().manifest)

  const symbol = manifest.universe[0]!
  const timeframe = manifest.timeframes[0]!
  const inputs: DispatchInput[] = [{ kind: 'init', params: {}, seed: 11 }]
  for (let i = 0; i < 80; i++) {
    const event = { ...bar(i, 100 + 12 * Math.sin(i / 4), symbol), timeframe }
    inputs.push({ kind: 'batch', ...batchOf(i, event), wantState: i % 20 === 0 })
  }
  inputs.push({ kind: 'stop' })

  let intents = 0
  for (const input of inputs) {
    const expected = vm.send(input)
    intents += expected.intents.length
    const { kind, ...rest } = input as BatchInput
    const actual =
      kind === 'batch'
        ? await sb.run(rest)
        : input.kind === 'init'
          ? await sb.init({ params: {}, seed: 11 })
          : await sb.stop()
    expect(actual).toEqual(expected)
  }
  // The series swings enough for the strategy to trade: the comparison covers orders.
  expect(intents).toBeGreaterThan(0)
  expect(sb.stats()).toMatchObject({ status: 'ready', activations: 83 })
})

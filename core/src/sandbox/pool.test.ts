import { spawn } from 'node:child_process'
import { rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PluginCrashed, PluginMemoryExceeded, SandboxUnavailable } from './errors.ts'
import { expectCounter, TEST_LIMITS } from './hostile-harness.ts'
import { createSandboxPool, type SandboxPool, type SandboxPoolEvent } from './pool.ts'
import { bar, batchOf, COUNTER_PLUGIN, onBatch } from './test-plugins.ts'

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (check()) return
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error(`timed out waiting until ${what}`)
}

const MANIFEST = {
  name: 'Counter',
  version: '1.0.0',
  kind: 'strategy',
  description: 'Counts bars',
  universe: ['INFY'],
  timeframes: ['1m'],
  ticks: false,
  history: 50,
  params: { fast: { type: 'int', default: 9, min: 1, max: 50 } },
}

describe('a sandbox', () => {
  let pool: SandboxPool
  beforeAll(() => {
    pool = createSandboxPool({ workers: 4, limitsByTier: { free: TEST_LIMITS } })
  })
  afterAll(() => pool.close())

  it('describes, starts, runs batches in order, stops and reports its stats', async () => {
    const sb = await pool.load({
      tenantId: 'tnt_a',
      deploymentId: 'dep_a',
      tier: 'free',
      code: `${COUNTER_PLUGIN}
        const counter = globalThis.__vmAlgoDispatch
        globalThis.__vmAlgoDispatch = (input) => {
          const kind = JSON.parse(input).kind
          if (kind === 'describe') return JSON.stringify({ manifest: ${JSON.stringify(MANIFEST)}, sdkVersion: '0.1.0' })
          if (kind === 'stop') return JSON.stringify({ intents: [], logs: [], matches: [], state: { count: globalThis.count } })
          return counter(input)
        }`,
    })
    expect(await sb.describe()).toEqual({ manifest: MANIFEST, sdkVersion: '0.1.0' })
    await sb.init({ params: { fast: 9 }, seed: 1 })
    expect(sb.status).toBe('ready')

    // Concurrent calls run one at a time, in call order.
    const outs = await Promise.all([1, 2, 3].map((i) => sb.run(batchOf(i, bar(i, 100 + i)))))
    expect(outs.map((o) => o.intents.map((x) => x.clientOrderId))).toEqual([
      ['c-1'],
      ['c-2'],
      ['c-3'],
    ])

    expect(await sb.stop()).toMatchObject({ state: { count: 3 } })
    const stats = sb.stats()
    expect(stats).toMatchObject({ status: 'ready', activations: 6, logsDropped: 0 })
    expect(stats.cpuMs).toBeGreaterThan(0)
    expect(stats.heapBytes).toBeGreaterThan(0)
    expect(alive(stats.workerPid)).toBe(true)

    await sb.dispose()
    expect(sb.status).toBe('disposed')
    await expect(sb.run(batchOf(4))).rejects.toBeInstanceOf(SandboxUnavailable)
    await sb.dispose()
  })

  it('checks init input (parameters and seed come from users)', async () => {
    const sb = await pool.load({
      tenantId: 't',
      deploymentId: 'd',
      tier: 'free',
      code: COUNTER_PLUGIN,
    })
    await expect(sb.init({ params: {}, seed: -1 })).rejects.toThrow(/sandbox input: seed/)
    await expect(sb.init({ params: { x: { nested: true } as never }, seed: 1 })).rejects.toThrow(
      /sandbox input: params\.x/,
    )
    expect(sb.status).toBe('ready')
  })

  it('puts tiers in separate worker processes, and elite tenants in their own', async () => {
    const load = (tenantId: string, tier: 'free' | 'pro' | 'elite') =>
      pool.load({ tenantId, deploymentId: `d-${tenantId}`, tier, code: COUNTER_PLUGIN })
    const free1 = await load('t1', 'free')
    const free2 = await load('t2', 'free')
    const pro = await load('t3', 'pro')
    expect(free2.stats().workerPid).toBe(free1.stats().workerPid)
    expect(pro.stats().workerPid).not.toBe(free1.stats().workerPid)
    expect(pro.limits.memoryMb).toBe(64)

    const eliteA1 = await load('elite-a', 'elite')
    const eliteA2 = await load('elite-a', 'elite')
    const eliteB = await load('elite-b', 'elite').catch((e) => e)
    expect(eliteA2.stats().workerPid).toBe(eliteA1.stats().workerPid)
    // The pool has 4 workers and 3 in use (free, pro, elite-a): elite-b gets the fourth.
    expect(eliteB.stats().workerPid).not.toBe(eliteA1.stats().workerPid)
    expect(
      pool
        .stats()
        .workers.map((w) => w.tenantId ?? w.tier)
        .sort(),
    ).toEqual(['elite-a', 'elite-b', 'free', 'pro'])
  })

  it('refuses bad limits when the pool is created, naming the field', () => {
    expect(() => createSandboxPool({ limitsByTier: { free: { memoryMb: 4 } } })).toThrow(
      /free\.memoryMb/,
    )
    expect(() =>
      createSandboxPool({ limitsByTier: { pro: { maxIntentsPerBatch: 5000 } } }),
    ).toThrow(/pro\.maxIntentsPerBatch/)
    expect(() => createSandboxPool({ limitsByTier: { gold: {} } as never })).toThrow(
      /unknown tier "gold"/,
    )
    expect(() => createSandboxPool({ workers: 0 })).toThrow(/workers/)
  })
})

describe('a worker process that dies', () => {
  const events: SandboxPoolEvent[] = []
  let pool: SandboxPool
  beforeAll(() => {
    pool = createSandboxPool({
      workers: 3,
      limitsByTier: {
        free: {
          ...TEST_LIMITS,
          memoryMb: 8,
          maxCodeBytes: 65_536,
          cpuMsPerBatch: 5_000,
          wallMsPerBatch: 10_000,
        },
      },
      onEvent: (e) => events.push(e),
    })
  })
  afterAll(() => pool.close())

  // V8 cannot survive some allocations past the heap limit, here an object used as an
  // ever-growing cache (isolated-vm's "catastrophic" error, issue #527): the process must die.
  // Only its sandboxes fail.
  it('fails only its own sandboxes, blames the culprit, and is replaced', async () => {
    const load = (tenantId: string, tier: 'free' | 'pro', code = COUNTER_PLUGIN) =>
      pool.load({ tenantId, deploymentId: `dep-${tenantId}`, tier, code })
    const neighbour = await load('tenant-neighbour', 'free')
    const elsewhere = await load('tenant-elsewhere', 'pro')
    const culprit = await load(
      'tenant-culprit',
      'free',
      onBatch("const o = {}; for (let i = 0; ; i++) o['k' + i] = i"),
    )
    for (const sb of [neighbour, elsewhere, culprit]) await sb.init({ params: {}, seed: 1 })
    const deadPid = culprit.stats().workerPid
    expect(neighbour.stats().workerPid).toBe(deadPid)
    await expectCounter(neighbour, { count: 1, sum: 10 }, 10)

    const error = await culprit.run(batchOf(1)).catch((e) => e)
    expect(error).toBeInstanceOf(PluginMemoryExceeded)
    expect(culprit.status).toBe('failed')

    const lost = await neighbour.run(batchOf(2, bar(2, 10))).catch((e) => e)
    expect(lost).toBeInstanceOf(PluginCrashed)
    expect(lost).toMatchObject({ reason: 'worker-exited', fatal: true, retryable: true })
    expect(lost.message).toMatch(/another plugin in the same worker process exhausted its memory/)

    // The other tier's worker never noticed.
    await expectCounter(elsewhere, { count: 1, sum: 10 }, 10)

    expect(alive(deadPid)).toBe(false)
    await until(() => pool.stats().workers.some((w) => w.tier === 'free'), 'a free worker is back')
    expect(pool.stats().workerExits).toBe(1)
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'worker-exited',
        pid: deadPid,
        sandboxes: 2,
        exit: expect.objectContaining({
          catastrophic: expect.objectContaining({ sandboxId: culprit.id }),
        }),
      }),
    )
    expect(
      events
        .filter((e) => e.type === 'sandbox-failed')
        .map((e) => e.tenantId)
        .sort(),
    ).toEqual(['tenant-culprit', 'tenant-neighbour'])

    // Loading the neighbour again works, in the replacement worker.
    const again = await load('tenant-neighbour', 'free')
    await again.init({ params: {}, seed: 1 })
    expect(again.stats().workerPid).not.toBe(deadPid)
    await expectCounter(again, { count: 1, sum: 10 }, 10)
  })
})

describe('closing', () => {
  it('kills every worker and fails its sandboxes as retryable', async () => {
    const pool = createSandboxPool({ workers: 2 })
    const sb = await pool.load({
      tenantId: 't',
      deploymentId: 'd',
      tier: 'free',
      code: COUNTER_PLUGIN,
    })
    const pid = sb.stats().workerPid
    await pool.close()
    expect(alive(pid)).toBe(false)
    expect(pool.stats().workers).toEqual([])
    const err = await sb.run(batchOf(1)).catch((e) => e)
    expect(err).toBeInstanceOf(SandboxUnavailable)
    expect(err.retryable).toBe(true)
    await expect(
      pool.load({ tenantId: 't', deploymentId: 'd', tier: 'free', code: COUNTER_PLUGIN }),
    ).rejects.toBeInstanceOf(SandboxUnavailable)
  })

  it('refuses a sandbox when every worker is taken', async () => {
    const pool = createSandboxPool({ workers: 1 })
    try {
      await pool.load({ tenantId: 't', deploymentId: 'd', tier: 'elite', code: COUNTER_PLUGIN })
      await expect(
        pool.load({ tenantId: 'u', deploymentId: 'e', tier: 'free', code: COUNTER_PLUGIN }),
      ).rejects.toThrow(/No room for another free sandbox/)
    } finally {
      await pool.close()
    }
  })

  it('leaves no worker behind when the host process is killed', async () => {
    const script = join(tmpdir(), `vm-algo-orphan-${process.pid}.ts`)
    writeFileSync(
      script,
      `import { createSandboxPool } from ${JSON.stringify(new URL('./index.ts', import.meta.url).pathname)}
       const pool = createSandboxPool({ workers: 1 })
       const sb = await pool.load({ tenantId: 't', deploymentId: 'd', tier: 'free', code: 'globalThis.__vmAlgoDispatch = () => "{}"' })
       console.log(sb.stats().workerPid)
       setInterval(() => {}, 1000)`,
    )
    try {
      const host = spawn(process.execPath, ['--no-node-snapshot', script], {
        stdio: ['ignore', 'pipe', 'inherit'],
      })
      const pid = await new Promise<number>((resolve) =>
        host.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))),
      )
      expect(alive(pid)).toBe(true)
      host.kill('SIGKILL')
      await until(() => !alive(pid), 'the orphaned worker is gone')
    } finally {
      rmSync(script, { force: true })
    }
  })
})

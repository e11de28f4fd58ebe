/**
 * The frame of every hostile-plugin test: one worker process hosting a well-behaved neighbour
 * (another tenant's COUNTER_PLUGIN) and, case by case, a hostile plugin beside it. Each case
 * checks that the hostile plugin gets the expected typed error with a clean message, that it
 * shared the neighbour's worker, that the neighbour still computes correctly, and that the
 * host process stays responsive with a stable heap.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SandboxError } from './errors.ts'
import type { SandboxLimits } from './limits.ts'
import { createSandboxPool, type SandboxPool } from './pool.ts'
import type { Sandbox } from './sandbox.ts'
import { bar, batchOf, COUNTER_PLUGIN } from './test-plugins.ts'

/**
 * Small CPU and memory budgets keep the suite fast on two cores; the CPU watchdog stops every
 * hostile loop. Wall-clock limits stay generous so a busy CI machine never fails the
 * well-behaved neighbour.
 */
export const TEST_LIMITS: Partial<SandboxLimits> = {
  memoryMb: 16,
  cpuMsPerBatch: 50,
  wallMsPerBatch: 5_000,
  cpuMsPerStart: 500,
  wallMsPerStart: 5_000,
}

export interface HostileCase {
  name: string
  code: string
  /** Where the plugin misbehaves (default: its first batch). */
  phase?: 'load' | 'init' | 'batch'
  expected: abstract new (...args: never[]) => SandboxError
  /** Whether the sandbox must be gone afterwards (default: what the error says). */
  fatal?: boolean
  /** Extra checks on the error (message wording, reason). */
  check?: (error: SandboxError) => void
  /** Batches to send before giving up (default 1): for misbehaviour that builds up. */
  batches?: number
}

/** Runs the cases against one pool; the neighbour lives through all of them. */
export function describeHostile(
  title: string,
  cases: HostileCase[],
  limits: Partial<SandboxLimits> = {},
): void {
  describe(title, () => {
    let pool: SandboxPool
    let neighbour: Sandbox
    const expected = { count: 0, sum: 0 }
    let heapBefore = 0

    beforeAll(async () => {
      pool = createSandboxPool({
        workers: 1,
        limitsByTier: { free: { ...TEST_LIMITS, ...limits } },
      })
      neighbour = await load(pool, 'tenant-neighbour', COUNTER_PLUGIN)
      await neighbour.init({ params: {}, seed: 7 })
      heapBefore = process.memoryUsage().heapUsed
    })
    afterAll(() => pool.close())

    for (const c of cases) {
      it(c.name, async () => {
        const { error, sandbox } = await provoke(pool, c)
        expect(error).toBeInstanceOf(c.expected)
        expectCleanMessage(error)
        if (sandbox) {
          expect(sandbox.stats().workerPid).toBe(neighbour.stats().workerPid)
          expect(sandbox.status).toBe((c.fatal ?? error.fatal) ? 'failed' : 'ready')
          if (sandbox.status === 'failed') {
            await expect(sandbox.run(batchOf(1))).rejects.toBe(error)
          }
          await sandbox.dispose()
        }
        c.check?.(error)
        expected.count++
        expected.sum += 50
        await expectCounter(neighbour, expected, 50)
        await new Promise<void>((resolve) => setImmediate(resolve))
        expect(pool.stats().workerExits).toBe(0)
      })
    }

    it('leaves the host heap stable', () => {
      expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024)
    })
  })
}

let seq = 0

export function load(pool: SandboxPool, tenantId: string, code: string): Promise<Sandbox> {
  seq++
  return pool.load({ tenantId, deploymentId: `dep-${seq}`, tier: 'free', code })
}

async function provoke(
  pool: SandboxPool,
  c: HostileCase,
): Promise<{ error: SandboxError; sandbox?: Sandbox }> {
  let sandbox: Sandbox | undefined
  try {
    sandbox = await load(pool, 'tenant-hostile', c.code)
    await sandbox.init({ params: {}, seed: 1 })
    for (let i = 1; i <= (c.batches ?? 1); i++) await sandbox.run(batchOf(i))
  } catch (e) {
    if (!(e instanceof SandboxError)) throw e
    const phase =
      sandbox === undefined ? 'load' : sandbox.stats().activations === 0 ? 'init' : 'batch'
    expect(phase).toBe(c.phase ?? 'batch')
    return { error: e, ...(sandbox ? { sandbox } : {}) }
  }
  throw new Error(`${c.name}: the plugin ran without an error`)
}

/** A message for a plugin's author: no host paths, no stack frames, one line. */
export function expectCleanMessage(error: Error): void {
  expect(error.message).not.toMatch(/\/work\/|node_modules|file:\/\/|\n|\s+at\s.+:\d+:\d+/)
  expect(error.message.length).toBeGreaterThan(10)
  expect(error.message.length).toBeLessThanOrEqual(1_000)
}

/**
 * Checks that a COUNTER_PLUGIN sandbox still computes correctly: sends one bar closing at
 * `close` and expects the running count and sum it should have reached.
 */
export async function expectCounter(
  sb: Sandbox,
  expected: { count: number; sum: number },
  close: number,
) {
  const out = await sb.run(batchOf(expected.count, bar(expected.count, close)))
  expect(out.logs.at(-1)?.message).toBe(`count=${expected.count} sum=${expected.sum}`)
  return out
}

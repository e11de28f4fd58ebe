/**
 * Time, randomness and tenants. Plugins see a virtual clock (the batch's `now`) and a seeded
 * Math.random, so a backtest replays exactly and no host time leaks in; two tenants in one
 * worker process have separate isolates and share nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { load, TEST_LIMITS } from './hostile-harness.ts'
import { createSandboxPool, type SandboxPool } from './pool.ts'
import type { Sandbox } from './sandbox.ts'
import { batchOf, dispatchScript, onBatch } from './test-plugins.ts'

let pool: SandboxPool
beforeAll(() => {
  pool = createSandboxPool({ workers: 1, limitsByTier: { free: TEST_LIMITS } })
})
afterAll(() => pool.close())

/** A plugin that logs `expression` (JSON) on each batch; `prelude` runs at load. */
async function reporter(tenantId: string, expression: string, prelude = ''): Promise<Sandbox> {
  return load(
    pool,
    tenantId,
    onBatch(
      `out.logs.push({ level: 'info', ts: msg.now, message: JSON.stringify((() => { ${expression} })()) })`,
      prelude,
    ),
  )
}

async function report(sb: Sandbox, i = 1): Promise<unknown> {
  const out = await sb.run(batchOf(i))
  return JSON.parse(out.logs[0]!.message)
}

describe('timing', () => {
  it('Date reads the batch’s virtual clock, not the host’s', async () => {
    const sb = await reporter(
      't-clock',
      `const before = Date.now()
       let x = 0; for (let i = 0; i < 2e5; i++) x += i
       return [before, Date.now(), new Date().getTime(), Date(), globalThis.atLoad, typeof performance]`,
      'globalThis.atLoad = Date.now()',
    )
    await sb.init({ params: {}, seed: 1 })
    const { now } = batchOf(5)
    const [before, after, constructed, asString, atLoad, perf] = (await report(sb, 5)) as unknown[]
    expect([before, after, constructed]).toEqual([now, now, now])
    expect(atLoad).toBe(0)
    expect(perf).toBe('undefined')
    // Plugins' local time is India's, whatever the host's zone.
    expect(asString).toBe('Mon Jan 01 2024 09:20:00 GMT+0530 (India Standard Time)')
  })

  it('init sets the clock when it carries `now`', async () => {
    const sb = await load(
      pool,
      't-clock2',
      dispatchScript(
        `if (msg.kind === 'init') globalThis.started = Date.now()
         else out.logs.push({ level: 'info', ts: 0, message: String(globalThis.started) })`,
      ),
    )
    await sb.init({ params: {}, seed: 1, now: 1_700_000_000_000 })
    expect((await sb.run(batchOf(1))).logs[0]?.message).toBe('1700000000000')
  })

  it('Math.random follows the seed: same seed, same numbers, in any tenant', async () => {
    const draw = 'return [Math.random(), Math.random(), Math.random()]'
    const a = await reporter('t-rand-a', draw)
    const b = await reporter('t-rand-b', draw)
    const c = await reporter('t-rand-c', draw)
    await a.init({ params: {}, seed: 42 })
    await b.init({ params: {}, seed: 42 })
    await c.init({ params: {}, seed: 43 })
    const [ra, rb, rc] = [await report(a), await report(b), await report(c)]
    expect(ra).toEqual(rb)
    expect(ra).not.toEqual(rc)
    for (const x of ra as number[]) expect(x >= 0 && x < 1).toBe(true)
  })
})

describe('two tenants in one worker', () => {
  it('share no globals, prototypes or random state', async () => {
    const a = await reporter(
      'tenant-a',
      `globalThis.secret = 'a-secret'
       Object.prototype.polluted = true
       Array.prototype.push = function () { throw new Error('hijacked') }
       JSON.parse = () => ({ kind: 'stop' })
       for (let i = 0; i < 1000; i++) Math.random()
       return 'done'`,
    )
    await a.init({ params: {}, seed: 9 })
    expect(await report(a)).toBe('done')

    const b = await reporter(
      'tenant-b',
      `const seen = []
       seen.push(typeof globalThis.secret, ({}).polluted === undefined, JSON.parse('[1]')[0], Math.random())
       return seen`,
    )
    await b.init({ params: {}, seed: 9 })
    const fresh = await reporter('tenant-c', 'return Math.random()')
    await fresh.init({ params: {}, seed: 9 })

    expect(b.stats().workerPid).toBe(a.stats().workerPid)
    expect(await report(b)).toEqual(['undefined', true, 1, await report(fresh)])
  })
})

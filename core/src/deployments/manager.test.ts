/**
 * The deployment manager against a real database, the in-process bus and real sandboxes: what
 * a user sees of a deployed strategy (status, intents, logs) as the engine runs it, pauses,
 * stops, loses a worker, or hands it to another engine.
 */
import { schema, withTenant } from '@vm-algo/db'
import { describeOnDrivers, seedTenant } from '@vm-algo/db/testing'
import { asc, eq } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { createMemoryBus } from '../bus/memory-bus.ts'
import { barTopic } from '../bus/topics.ts'
import type { TickBus } from '../bus/types.ts'
import { jobsDatabase } from '../jobs/testing/database.ts'
import { waitFor } from '../jobs/testing/helpers.ts'
import type { Bar } from '../market/types.ts'
import { createSandboxPool, type SandboxPool } from '../sandbox/index.ts'
import { bundledHistory } from './history.ts'
import { type DeploymentManager, startDeploymentManager } from './manager.ts'
import {
  deploy,
  deploymentRow,
  example,
  feedOneByOne,
  niftyMinutes,
  storeVersion,
  transition,
} from './testing/fixtures.ts'

const FAILS_ON_FOURTH_BAR = `
import { defineStrategy } from '@vm-algo/sdk'
let seen = 0
export default defineStrategy({
  manifest: { name: 'Breaks', version: '1.0.0', description: 'Throws on its fourth bar.',
    universe: ['NIFTY50'], timeframes: ['1m'] },
  params: {},
  onBar(ctx) {
    seen++
    ctx.log.info('bar ' + seen)
    if (seen === 4) throw new RangeError('no fourth bar for me')
  },
})
`

const SMA = { fast: 2, slow: 3, type: 'sma', timeframe: '1m', qty: 5, product: 'MIS' }

let pool: SandboxPool
beforeAll(() => {
  pool = createSandboxPool({ workers: 2 })
})
afterAll(async () => {
  await pool.close()
})

describeOnDrivers('deployment manager', (handle) => {
  const db = jobsDatabase(handle)
  const managers: DeploymentManager[] = []
  let bus: TickBus
  let bars: Bar[]
  let engines = 0

  beforeAll(async () => {
    bars = (await niftyMinutes()).slice(2_000, 2_400)
  })
  afterEach(async () => {
    await Promise.all(managers.splice(0).map((m) => m.stop()))
    await bus?.close()
  })

  const engine = (overrides: Partial<Parameters<typeof startDeploymentManager>[0]> = {}) => {
    bus ??= createMemoryBus()
    const m = startDeploymentManager({
      db: db(),
      pool,
      bus,
      engineId: `test-engine-${++engines}-${process.pid}`,
      history: bundledHistory(),
      pollMs: 25,
      checkpointEveryMs: 0,
      ...overrides,
    })
    managers.push(m)
    return m
  }
  const freshBus = () => {
    bus = createMemoryBus()
    return bus
  }

  const feed = (m: DeploymentManager, id: string, from: number, to: number) =>
    feedOneByOne(bus, m, id, bars.slice(from, to))

  const status = async (id: string) => (await deploymentRow(db(), id)).status
  const logs = (tenantId: string, id: string) =>
    withTenant(db(), { tenantId }, (tx) =>
      tx
        .select()
        .from(schema.deploymentLogs)
        .where(eq(schema.deploymentLogs.deploymentId, id))
        .orderBy(asc(schema.deploymentLogs.id)),
    )
  const intents = (tenantId: string, id: string) =>
    withTenant(db(), { tenantId }, (tx) =>
      tx
        .select()
        .from(schema.orderIntents)
        .where(eq(schema.orderIntents.deploymentId, id))
        .orderBy(asc(schema.orderIntents.id)),
    )

  /** A new workspace's SMA(2)/SMA(3) crossover on NIFTY50, deployed and running on a fresh bus. */
  async function runningCrossover() {
    freshBus()
    const { tenantId } = await seedTenant(db())
    const version = await storeVersion(db(), tenantId, example('sma-crossover'))
    const id = await deploy(db(), tenantId, version, SMA, ['NIFTY50'])
    const m = engine({ tenantIds: [tenantId] })
    await waitFor(
      () => status(id),
      (s) => s === 'running',
    )
    return { tenantId, id, m }
  }

  /** The SMA(2)/SMA(3) crossings of the first `n` live bars (history before them warms both). */
  async function crossings(n: number) {
    const all = await niftyMinutes()
    const start = all.indexOf(bars[0]!)
    const close = (i: number) => all[start + i]!.close
    const sma = (len: number, i: number) => {
      let s = 0
      for (let k = 0; k < len; k++) s += close(i - k)
      return s / len
    }
    const expected: { side: string; at: number }[] = []
    let held = 0
    for (let i = 0; i < n; i++) {
      const up = sma(2, i - 1) <= sma(3, i - 1) && sma(2, i) > sma(3, i)
      const down = sma(2, i - 1) >= sma(3, i - 1) && sma(2, i) < sma(3, i)
      const closeTime = bars[i]!.ts + 60_000
      if (up && held <= 0) {
        expected.push({ side: 'BUY', at: closeTime })
        held = 5
      } else if (down && held > 0) {
        expected.push({ side: 'SELL', at: closeTime })
        held = 0
      }
    }
    return expected
  }

  it('runs a deployed strategy on the bus: running, its intents at the right bars, paper fills reported', async () => {
    const { tenantId, id, m } = await runningCrossover()
    await feed(m, id, 0, 120)

    // What the user expects: a buy at each upward cross of SMA(2) over SMA(3) while flat, a
    // sell at each downward cross while long — computed from the same closes.
    const expected = await crossings(120)
    expect(expected.length).toBeGreaterThan(4)
    const got = await intents(tenantId, id)
    expect(
      got.map((r) => ({ side: (r.intent as { side: string }).side, at: r.marketTime!.getTime() })),
    ).toEqual(expected)
    expect(got[0]!.intent).toMatchObject({
      action: 'place',
      symbol: 'NIFTY50',
      qty: 5,
      product: 'MIS',
    })
    const lines = (await logs(tenantId, id)).map((l) => l.message)
    expect(lines[0]).toMatch(
      /^Started in paper mode on NIFTY50 \(Moving-average crossover 1\.0\.0, free limits\)/,
    )
    expect(lines.filter((l) => l.includes('crossed above'))).toHaveLength(
      expected.filter((e) => e.side === 'BUY').length,
    )
  })

  it('records an intent at the bar it came from when bars arrive faster than the plugin', async () => {
    const { tenantId, id, m } = await runningCrossover()
    // A burst: the bars queue up while the plugin works and go in as few batches.
    for (const bar of bars.slice(0, 60)) {
      bus.publish(barTopic('1m', 'NSE', 'NIFTY50'), {
        type: 'bar',
        exchange: 'NSE',
        symbol: 'NIFTY50',
        timeframe: '1m',
        bar,
      })
    }
    const got = await waitFor(
      () => intents(tenantId, id),
      (rows) => rows.length > 0 && m.running()[0]!.queued === 0,
    )
    expect(m.running()[0]!.batches).toBeLessThan(60)
    const [first] = await crossings(60)
    expect({
      side: (got[0]!.intent as { side: string }).side,
      at: got[0]!.marketTime!.getTime(),
    }).toEqual(first)
    expect(got[0]!.intent).not.toHaveProperty('at')
  })

  it('pause stops the data and keeps the state; start resumes; stop runs onStop and lets go', async () => {
    const { tenantId, id, m } = await runningCrossover()
    await feed(m, id, 0, 60)
    const before = (await intents(tenantId, id)).length

    await transition(db(), id, 'paused')
    // Given back (lease released) once the checkpoint is stored.
    const paused = await waitFor(
      () => deploymentRow(db(), id),
      (r) => r.engineId === null,
    )
    expect(paused.status).toBe('paused')
    expect(paused.state).toMatchObject({ plugin: expect.anything() })
    // Bars while paused reach nobody.
    await feed(m, id, 60, 120)
    expect(await intents(tenantId, id)).toHaveLength(before)

    await transition(db(), id, 'starting')
    await waitFor(
      () => status(id),
      (s) => s === 'running',
    )
    expect((await logs(tenantId, id)).map((l) => l.message)).toEqual(
      expect.arrayContaining([
        'Paused: it receives no market data until started again.',
        expect.stringMatching(/^Resumed in paper mode on NIFTY50/),
      ]),
    )
    await feed(m, id, 120, 200)

    await transition(db(), id, 'stopped')
    const stopped = await waitFor(
      () => deploymentRow(db(), id),
      (r) => r.engineId === null,
    )
    expect(stopped.status).toBe('stopped')
    expect(m.running()).toEqual([])
    expect((await logs(tenantId, id)).at(-1)!.message).toBe('Stopped.')
  })

  it("fails a deployment whose plugin throws, with the plugin's message; its neighbour runs on", async () => {
    freshBus()
    const { tenantId } = await seedTenant(db())
    const bad = await deploy(
      db(),
      tenantId,
      await storeVersion(db(), tenantId, FAILS_ON_FOURTH_BAR),
      {},
      ['NIFTY50'],
    )
    const good = await deploy(
      db(),
      tenantId,
      await storeVersion(db(), tenantId, example('sma-crossover')),
      SMA,
      ['NIFTY50'],
    )
    const m = engine({ tenantIds: [tenantId] })
    await waitFor(
      () => Promise.all([status(bad), status(good)]),
      (s) => s.every((x) => x === 'running'),
    )
    await feed(m, good, 0, 40)

    const failed = await waitFor(
      () => deploymentRow(db(), bad),
      (r) => r.status === 'failed',
    )
    expect(failed.error).toMatch(
      /^RangeError: onBar\(NIFTY50 1m 2024-\S+ \d\d:\d\d IST\): no fourth bar for me$/,
    )
    expect(failed.error).not.toMatch(/\/|node_modules|at /)
    expect((await logs(tenantId, bad)).map((l) => l.message)).toEqual(
      expect.arrayContaining(['bar 3', `Failed: ${failed.error}`]),
    )
    expect(await status(good)).toBe('running')
    expect(m.running().map((r) => r.id)).toEqual([good])
  })

  it('keeps what a failing plugin logged at the bars before, when they came in one batch', async () => {
    freshBus()
    const { tenantId } = await seedTenant(db())
    const bad = await deploy(
      db(),
      tenantId,
      await storeVersion(db(), tenantId, FAILS_ON_FOURTH_BAR),
      {},
      ['NIFTY50'],
    )
    const m = engine({ tenantIds: [tenantId] })
    await waitFor(
      () => status(bad),
      (s) => s === 'running',
    )
    // A burst: the bars queue up and go in as one batch, the fourth of them fatal.
    for (const bar of bars.slice(0, 8)) {
      bus.publish(barTopic('1m', 'NSE', 'NIFTY50'), {
        type: 'bar',
        exchange: 'NSE',
        symbol: 'NIFTY50',
        timeframe: '1m',
        bar,
      })
    }
    const failed = await waitFor(
      () => deploymentRow(db(), bad),
      (r) => r.status === 'failed',
    )
    const lines = (await logs(tenantId, bad)).map((l) => l.message)
    expect(lines.slice(1)).toEqual(['bar 1', 'bar 2', 'bar 3', 'bar 4', `Failed: ${failed.error}`])
    expect(m.running()).toEqual([])
  })

  it('restarts deployments from their checkpoint when their worker process dies', async () => {
    freshBus()
    const { tenantId } = await seedTenant(db())
    const version = await storeVersion(db(), tenantId, example('sma-crossover'))
    const a = await deploy(db(), tenantId, version, SMA, ['NIFTY50'])
    const b = await deploy(db(), tenantId, version, { ...SMA, fast: 3, slow: 5 }, ['NIFTY50'])
    const m = engine({ tenantIds: [tenantId] })
    await waitFor(
      async () => m.running().length,
      (n) => n === 2,
    )
    await feed(m, a, 0, 30)
    expect(m.running(), JSON.stringify(await logs(tenantId, a))).toHaveLength(2)

    const pid = m.running()[0]!.sandbox!.workerPid!
    process.kill(pid, 'SIGKILL')
    for (const id of [a, b]) {
      await waitFor(
        async () => (await logs(tenantId, id)).map((l) => l.message),
        (lines) => lines.some((l) => l.startsWith('Restarting from the last checkpoint')),
      )
    }
    await waitFor(
      async () => m.running().length,
      (n) => n === 2,
    )
    expect(m.running()[0]!.sandbox!.workerPid).not.toBe(pid)
    await feed(m, a, 30, 60)
    expect(await status(a)).toBe('running')
    expect(await status(b)).toBe('running')
  })

  it('takes over a deployment whose engine stopped renewing its lease, but not a live one', async () => {
    freshBus()
    const { tenantId } = await seedTenant(db())
    const version = await storeVersion(db(), tenantId, example('sma-crossover'))
    const orphan = await deploy(db(), tenantId, version, SMA, ['NIFTY50'])
    const held = await deploy(db(), tenantId, version, SMA, ['NIFTY50'])
    const lease = (id: string, engineId: string, ms: number) =>
      db()
        .update(schema.deployments)
        .set({ status: 'running', engineId, leaseUntil: new Date(Date.now() + ms) })
        .where(eq(schema.deployments.id, id))
    await lease(orphan, 'dead-engine', -1_000)
    await lease(held, 'live-engine', 60_000)

    const m = engine({ tenantIds: [tenantId] })
    await waitFor(
      async () => m.running().map((r) => r.id),
      (ids) => ids.includes(orphan),
    )
    await m.reconcile()
    expect(m.running().map((r) => r.id)).toEqual([orphan])
    expect((await logs(tenantId, orphan))[0]!.message).toMatch(/^Resumed in paper mode/)
    expect(await deploymentRow(db(), held)).toMatchObject({ engineId: 'live-engine' })
  })

  it("runs nothing of a suspended workspace, and writes only into each tenant's own rows", async () => {
    freshBus()
    const suspended = await seedTenant(db())
    const other = await seedTenant(db())
    const version = await storeVersion(db(), suspended.tenantId, example('sma-crossover'))
    const id = await deploy(db(), suspended.tenantId, version, SMA, ['NIFTY50'])
    await db()
      .update(schema.tenants)
      .set({ status: 'suspended' })
      .where(eq(schema.tenants.id, suspended.tenantId))
    const m = engine({ tenantIds: [suspended.tenantId, other.tenantId] })
    await m.reconcile()
    await m.reconcile()
    expect(m.running()).toEqual([])
    expect(await status(id)).toBe('starting')
    expect(await logs(other.tenantId, id)).toEqual([])
  })
})

/**
 * Live scans against a real database, the in-process bus and real sandboxes: matches appear
 * per candle close for the scan's universe, a schedule keeps only its times, turning a scan off
 * stops it, and a scanner that breaks says why.
 */
import { schema, withTenant } from '@vm-algo/db'
import { describeOnDrivers, seedTenant } from '@vm-algo/db/testing'
import { compileScanExpression } from '@vm-algo/plugins'
import { asc, eq } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createMemoryBus } from '../bus/memory-bus.ts'
import type { TickBus } from '../bus/types.ts'
import { jobsDatabase } from '../jobs/testing/database.ts'
import { waitFor } from '../jobs/testing/helpers.ts'
import type { Bar } from '../market/types.ts'
import { createSandboxPool, type SandboxPool } from '../sandbox/index.ts'
import { bundledHistory } from './history.ts'
import { type ScanManager, scheduleFilter, startScanManager } from './scans.ts'
import { feedOneByOne, niftyMinutes, storeVersion } from './testing/fixtures.ts'

const BREAKS = `
import { defineScanner } from '@vm-algo/sdk'
export default defineScanner({
  manifest: { name: 'Breaks', version: '1.0.0', description: 'Throws.', universe: ['NIFTY50'], timeframes: ['1m'] },
  params: {},
  onBar() { throw new TypeError('cannot scan this') },
})
`

describe('scheduleFilter', () => {
  const ist = (day: string, hhmm: string) => Date.parse(`${day}T${hhmm}:00+05:30`)
  it('keeps every close without a schedule', () => {
    const due = scheduleFilter(null)
    expect(due(ist('2024-01-02', '09:16'))).toBe(true)
    expect(due(ist('2024-01-02', '09:16'))).toBe(true)
  })
  it('keeps the first close at or after each time of each day', () => {
    const due = scheduleFilter('09:30,15:00')
    expect(
      ['09:29', '09:30', '09:31', '14:59', '15:01', '15:02'].map((t) => due(ist('2024-01-02', t))),
    ).toEqual([false, true, false, false, true, false])
    expect(due(ist('2024-01-03', '09:35'))).toBe(true)
  })
})

let pool: SandboxPool
beforeAll(() => {
  pool = createSandboxPool({ workers: 1 })
})
afterAll(async () => {
  await pool.close()
})

describeOnDrivers('live scans', (handle) => {
  const db = jobsDatabase(handle)
  let bus: TickBus
  let manager: ScanManager | undefined
  let bars: Bar[]
  beforeAll(async () => {
    bars = (await niftyMinutes()).slice(3_000, 3_100)
  })
  afterEach(async () => {
    await manager?.stop()
    await bus?.close()
  })

  const start = (tenantId: string) => {
    bus = createMemoryBus()
    manager = startScanManager({
      db: db(),
      pool,
      bus,
      engineId: `scan-engine-${process.pid}`,
      history: bundledHistory(),
      pollMs: 25,
      tenantIds: [tenantId],
    })
    return manager
  }
  const publish = (m: ScanManager, id: string, from: number, to: number) =>
    feedOneByOne(bus, m, id, bars.slice(from, to))
  async function createScan(tenantId: string, source: string, schedule: string | null = null) {
    const pluginVersionId = await storeVersion(db(), tenantId, source, 'scanner')
    return withTenant(db(), { tenantId }, async (tx) => {
      const [row] = await tx
        .insert(schema.scans)
        .values({
          tenantId,
          name: 'Test scan',
          pluginVersionId,
          universe: ['NIFTY50'],
          timeframe: '1m',
          schedule,
        })
        .returning({ id: schema.scans.id })
      return row!.id
    })
  }
  const matches = (tenantId: string, scanId: string) =>
    withTenant(db(), { tenantId }, (tx) =>
      tx
        .select()
        .from(schema.scanMatches)
        .where(eq(schema.scanMatches.scanId, scanId))
        .orderBy(asc(schema.scanMatches.barTime)),
    )
  const expression = (text: string) => {
    const r = compileScanExpression(text, { name: 'Expr', universe: ['NIFTY50'], timeframe: '1m' })
    if (!r.ok) throw new Error('bad expression')
    return r.source
  }

  it('stores a match per candle close that passes the expression, then stops when turned off', async () => {
    const { tenantId } = await seedTenant(db())
    const id = await createScan(tenantId, expression('close > open'))
    const m = start(tenantId)
    await waitFor(
      async () => m.running().length,
      (n) => n === 1,
    )
    await publish(m, id, 0, 40)

    const up = bars.slice(0, 40).filter((b) => b.close > b.open)
    expect(up.length).toBeGreaterThan(5)
    const got = await matches(tenantId, id)
    expect(got.map((r) => [r.symbol, r.barTime.getTime()])).toEqual(
      up.map((b) => ['NIFTY50', b.ts]),
    )
    const [scan] = await db().select().from(schema.scans).where(eq(schema.scans.id, id))
    expect(scan!.lastRunAt).toBeInstanceOf(Date)

    await db().update(schema.scans).set({ enabled: false }).where(eq(schema.scans.id, id))
    await waitFor(
      async () => m.running().length,
      (n) => n === 0,
    )
    await publish(m, id, 40, 60)
    expect(await matches(tenantId, id)).toHaveLength(up.length)
  })

  it('keeps only scheduled closes', async () => {
    const { tenantId } = await seedTenant(db())
    const first = new Date(bars[0]!.ts + 60_000 + 5 * 60_000)
    const hhmm = first.toLocaleTimeString('en-GB', {
      timeZone: 'Asia/Kolkata',
      hour: '2-digit',
      minute: '2-digit',
    })
    const id = await createScan(tenantId, expression('close > 0'), hhmm)
    const m = start(tenantId)
    await waitFor(
      async () => m.running().length,
      (n) => n === 1,
    )
    await publish(m, id, 0, 20)
    const got = await matches(tenantId, id)
    expect(got.map((r) => r.barTime.getTime() + 60_000)).toEqual([first.getTime()])
  })

  it('stops a scanner that throws, with its reason on the scan', async () => {
    const { tenantId } = await seedTenant(db())
    const id = await createScan(tenantId, BREAKS)
    const m = start(tenantId)
    await waitFor(
      async () => m.running().length,
      (n) => n === 1,
    )
    await publish(m, id, 0, 1)
    const [scan] = await waitFor(
      () => db().select().from(schema.scans).where(eq(schema.scans.id, id)),
      ([s]) => s!.error !== null,
    )
    expect(scan!.error).toMatch(/^TypeError: onBar\(NIFTY50 1m .+\): cannot scan this$/)
    await m.reconcile()
    expect(m.running()).toEqual([])
  })
})

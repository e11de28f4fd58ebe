import { type Database, newId, schema, withTenant } from '@vm-algo/db'
import type { PluginManifest } from '@vm-algo/plugins'
import {
  and,
  asc,
  eq,
  inArray,
  isNotNull,
  isNull,
  lt,
  notInArray,
  or,
  type SQL,
  sql,
} from 'drizzle-orm'
import type { Tier } from '../sandbox/index.ts'
import type { InstanceCheckpoint, InstanceOutput } from './instance.ts'

// The engine's statements on `deployments` and `scans` (contract: edge/src/routes/v1/
// deployments/README.md). Like the job queue they run on the plain database as the system —
// the engine works across tenants — each as one short statement: on embedded PGlite a
// transaction waiting on another connection blocks every connection. What the engine writes
// into a tenant's tables (intents, logs, matches) goes through `withTenant`, so row-level
// security checks the tenant of every row it stores.

const d = schema.deployments
const s = schema.scans

/** A lease is the right of one engine process to run a row until `lease_until`. */
type LeasedTable = typeof d | typeof s

const leaseFor = (ms: number) => sql`now() + ${ms}::double precision * interval '1 millisecond'`

/** Free to take: nobody's, ours from before a restart, or a lease that ran out. */
const takeable = (t: LeasedTable, engineId: string): SQL =>
  or(isNull(t.engineId), eq(t.engineId, engineId), lt(t.leaseUntil, sql`now()`))!

/** Leaves `updated_at` alone: it tells when a user last changed the row, not the engine. */
const keep = (t: LeasedTable): SQL => sql`${t.updatedAt}`

const activeTenant = (t: LeasedTable): SQL =>
  sql`exists (select 1 from ${schema.tenants} where ${schema.tenants.id} = ${t.tenantId} and ${schema.tenants.status} = 'active')`

export interface LeaseOptions {
  engineId: string
  leaseMs: number
  /** Rows this engine already runs: not claimed again. */
  mine: readonly string[]
  limit: number
  /** Only these tenants' rows (dedicated capacity, tests); default every tenant. */
  tenantIds?: readonly string[] | undefined
}

export interface DeploymentRow {
  id: string
  tenantId: string
  pluginVersionId: string
  status: 'starting' | 'running' | 'paused' | 'stopped' | 'failed'
  params: Record<string, number | string | boolean>
  symbols: string[]
  state: InstanceCheckpoint | null
}

/**
 * Takes deployments wanted running (`starting`, or `running` whose engine is gone) of active
 * tenants, oldest first. `FOR UPDATE SKIP LOCKED`: concurrent engines take different rows.
 */
export async function claimDeployments(db: Database, o: LeaseOptions): Promise<DeploymentRow[]> {
  const next = db
    .select({ id: d.id })
    .from(d)
    .where(
      and(
        inArray(d.status, ['starting', 'running']),
        takeable(d, o.engineId),
        o.mine.length > 0 ? notInArray(d.id, [...o.mine]) : undefined,
        o.tenantIds ? inArray(d.tenantId, [...o.tenantIds]) : undefined,
        activeTenant(d),
      ),
    )
    .orderBy(asc(d.createdAt), asc(d.id))
    .limit(o.limit)
    .for('update', { skipLocked: true })
  const rows = await db
    .update(d)
    .set({ engineId: o.engineId, leaseUntil: leaseFor(o.leaseMs), updatedAt: keep(d) })
    .where(inArray(d.id, next))
    .returning({
      id: d.id,
      tenantId: d.tenantId,
      pluginVersionId: d.pluginVersionId,
      status: d.status,
      params: d.params,
      symbols: d.symbols,
      state: d.state,
    })
  return rows.map((r) => ({
    ...r,
    params: (r.params ?? {}) as DeploymentRow['params'],
    state: (r.state ?? null) as InstanceCheckpoint | null,
  }))
}

/**
 * Renews this engine's leases and reads what users did meanwhile: each row still ours with
 * its status and whether its tenant is still active. Rows missing from the answer are no
 * longer ours (deleted, or taken over after our lease ran out).
 */
export async function renewDeployments(
  db: Database,
  engineId: string,
  ids: readonly string[],
  leaseMs: number,
): Promise<Map<string, { status: DeploymentRow['status']; tenantActive: boolean }>> {
  if (ids.length === 0) return new Map()
  const rows = await db
    .update(d)
    .set({ leaseUntil: leaseFor(leaseMs), updatedAt: keep(d) })
    .where(and(inArray(d.id, [...ids]), eq(d.engineId, engineId)))
    .returning({ id: d.id, status: d.status, tenantActive: activeTenant(d).mapWith(Boolean) })
  return new Map(rows.map((r) => [r.id, { status: r.status, tenantActive: r.tenantActive }]))
}

/** `starting` → `running` (a user's pause or stop that came meanwhile wins). */
export async function markRunning(db: Database, id: string, engineId: string): Promise<boolean> {
  const rows = await db
    .update(d)
    .set({ status: 'running', startedAt: sql`now()`, error: null })
    .where(and(eq(d.id, id), eq(d.status, 'starting'), eq(d.engineId, engineId)))
    .returning({ id: d.id })
  return rows.length > 0
}

/** → `failed` with the user-facing reason, and gives the row up. */
export async function markFailed(db: Database, id: string, error: string): Promise<boolean> {
  const rows = await db
    .update(d)
    .set({ status: 'failed', error: error.slice(0, 2_000), engineId: null, leaseUntil: null })
    .where(and(eq(d.id, id), inArray(d.status, ['starting', 'running'])))
    .returning({ id: d.id })
  return rows.length > 0
}

/** Stores a checkpoint, and gives the row up when `release` (paused, stopped, shutting down). */
export async function saveDeployment(
  db: Database,
  id: string,
  engineId: string,
  patch: { state?: InstanceCheckpoint | null; release?: boolean },
): Promise<void> {
  const set: Partial<typeof d.$inferInsert> = { updatedAt: keep(d) as unknown as Date }
  if (patch.state) set.state = patch.state
  if (patch.release) Object.assign(set, { engineId: null, leaseUntil: null })
  if (!patch.state && !patch.release) return
  await db
    .update(d)
    .set(set)
    .where(and(eq(d.id, id), eq(d.engineId, engineId)))
}

export interface VersionToRun {
  code: string
  manifest: PluginManifest
  tier: Tier
}

/** The compiled plugin and the tenant's tier (which sets the sandbox's limits). */
export async function loadVersion(
  db: Database,
  tenantId: string,
  versionId: string,
): Promise<VersionToRun | null> {
  const [row] = await db
    .select({
      code: schema.pluginVersions.compiledJs,
      manifest: schema.pluginVersions.manifest,
      tier: schema.tenants.tier,
    })
    .from(schema.pluginVersions)
    .innerJoin(schema.tenants, eq(schema.tenants.id, schema.pluginVersions.tenantId))
    .where(
      and(eq(schema.pluginVersions.id, versionId), eq(schema.pluginVersions.tenantId, tenantId)),
    )
  return row ? { code: row.code, manifest: row.manifest as PluginManifest, tier: row.tier } : null
}

type Level = 'debug' | 'info' | 'warn' | 'error'

/** The deployment's intents and log lines of one activation, as its tenant. */
export async function recordDeploymentOutput(
  db: Database,
  tenantId: string,
  deploymentId: string,
  out: Pick<InstanceOutput, 'intents' | 'logs'>,
  engineLogs: { level: Level; message: string }[] = [],
): Promise<void> {
  if (out.intents.length === 0 && out.logs.length === 0 && engineLogs.length === 0) return
  await withTenant(db, { tenantId }, async (tx) => {
    if (out.intents.length > 0) {
      await tx.insert(schema.orderIntents).values(
        out.intents.map((i) => ({
          id: newId('orderIntent'),
          tenantId,
          deploymentId,
          intent: i.intent,
          marketTime: new Date(i.marketTime),
        })),
      )
    }
    const logs = [
      ...out.logs.map((l) => ({ level: l.level, message: l.message, marketTime: l.ts })),
      ...engineLogs.map((l) => ({ ...l, marketTime: null })),
    ]
    if (logs.length > 0) {
      await tx.insert(schema.deploymentLogs).values(
        logs.map((l) => ({
          id: newId('deploymentLog'),
          tenantId,
          deploymentId,
          level: l.level,
          message: l.message,
          marketTime: l.marketTime && l.marketTime > 0 ? new Date(l.marketTime) : null,
        })),
      )
    }
  })
}

// ---------------------------------------------------------------------------------------------
// Scans

export interface ScanRow {
  id: string
  tenantId: string
  pluginVersionId: string
  universe: string[]
  timeframe: string
  schedule: string | null
  updatedAt: Date
}

/** Enabled scans without an error, of active tenants, that no live engine runs. */
export async function claimScans(db: Database, o: LeaseOptions): Promise<ScanRow[]> {
  const next = db
    .select({ id: s.id })
    .from(s)
    .where(
      and(
        eq(s.enabled, true),
        isNull(s.error),
        isNotNull(s.pluginVersionId),
        takeable(s, o.engineId),
        o.mine.length > 0 ? notInArray(s.id, [...o.mine]) : undefined,
        o.tenantIds ? inArray(s.tenantId, [...o.tenantIds]) : undefined,
        activeTenant(s),
      ),
    )
    .orderBy(asc(s.createdAt), asc(s.id))
    .limit(o.limit)
    .for('update', { skipLocked: true })
  const rows = await db
    .update(s)
    .set({ engineId: o.engineId, leaseUntil: leaseFor(o.leaseMs), updatedAt: keep(s) })
    .where(inArray(s.id, next))
    .returning({
      id: s.id,
      tenantId: s.tenantId,
      pluginVersionId: s.pluginVersionId,
      universe: s.universe,
      timeframe: s.timeframe,
      schedule: s.schedule,
      updatedAt: s.updatedAt,
    })
  return rows.map((r) => ({ ...r, pluginVersionId: r.pluginVersionId! }))
}

/** Renews leases; each scan still ours, with what decides whether it keeps running. */
export async function renewScans(
  db: Database,
  engineId: string,
  ids: readonly string[],
  leaseMs: number,
): Promise<Map<string, { enabled: boolean; updatedAt: Date; tenantActive: boolean }>> {
  if (ids.length === 0) return new Map()
  const rows = await db
    .update(s)
    .set({ leaseUntil: leaseFor(leaseMs), updatedAt: keep(s) })
    .where(and(inArray(s.id, [...ids]), eq(s.engineId, engineId)))
    .returning({
      id: s.id,
      enabled: s.enabled,
      updatedAt: s.updatedAt,
      tenantActive: activeTenant(s).mapWith(Boolean),
    })
  return new Map(rows.map((r) => [r.id, r]))
}

/** Gives a scan up; with `error`, it stays off until its user changes it. */
export async function releaseScan(
  db: Database,
  id: string,
  engineId: string,
  error?: string,
): Promise<void> {
  await db
    .update(s)
    .set({
      engineId: null,
      leaseUntil: null,
      ...(error ? { error: error.slice(0, 2_000) } : {}),
      // The user's edits, not the engine's, decide when a scan restarts (see renewScans).
      updatedAt: keep(s),
    })
    .where(and(eq(s.id, id), eq(s.engineId, engineId)))
}

/** Stores one candle close's matches as the scan's tenant. */
export async function recordMatches(
  db: Database,
  tenantId: string,
  scanId: string,
  matches: InstanceOutput['matches'],
  engineId: string,
): Promise<void> {
  await withTenant(db, { tenantId }, async (tx) => {
    if (matches.length > 0) {
      await tx.insert(schema.scanMatches).values(
        matches.map((m) => ({
          id: newId('scanMatch'),
          tenantId,
          scanId,
          symbol: m.symbol,
          barTime: new Date(m.ts),
          data: { ...(m.data ?? {}), ...(m.score !== undefined ? { score: m.score } : {}) },
        })),
      )
    }
    await tx
      .update(s)
      .set({ lastRunAt: sql`now()`, updatedAt: keep(s) })
      .where(and(eq(s.id, scanId), eq(s.engineId, engineId)))
  })
}

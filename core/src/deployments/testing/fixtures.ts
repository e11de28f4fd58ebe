import { readFileSync } from 'node:fs'
import { type Database, newId, schema, withTenant } from '@vm-algo/db'
import { eq } from 'drizzle-orm'
import { barTopic } from '../../bus/topics.ts'
import type { TickBus } from '../../bus/types.ts'
import { compileInThread } from '../../compiler/index.ts'
import { waitFor } from '../../jobs/testing/helpers.ts'
import { loadBars } from '../../market/catalog.ts'
import type { Bar } from '../../market/types.ts'
import type { Supervisor } from '../loop.ts'

const compiled = new Map<string, Promise<{ js: string; manifest: unknown }>>()

/** Compiles plugin source once per test file (the TypeScript checker takes seconds). */
export function compile(source: string): Promise<{ js: string; manifest: unknown }> {
  let hit = compiled.get(source)
  if (!hit) {
    hit = compileInThread(source).then((r) => {
      if (!r.ok) throw new Error(`does not compile: ${r.diagnostics[0]?.message}`)
      return { js: r.js, manifest: r.manifest }
    })
    compiled.set(source, hit)
  }
  return hit
}

export const example = (name: string) =>
  readFileSync(new URL(`../../../../plugins/examples/${name}.ts`, import.meta.url), 'utf8')

/** Stores a compiled plugin version for the tenant, as the edge does; returns its id. */
export async function storeVersion(
  db: Database,
  tenantId: string,
  source: string,
  kind: 'strategy' | 'scanner' = 'strategy',
): Promise<string> {
  const { js, manifest } = await compile(source)
  return withTenant(db, { tenantId }, async (tx) => {
    const [plugin] = await tx
      .insert(schema.plugins)
      .values({ tenantId, kind, name: 'Test plugin', slug: newId('plugin').toLowerCase() })
      .returning({ id: schema.plugins.id })
    const [version] = await tx
      .insert(schema.pluginVersions)
      .values({
        tenantId,
        pluginId: plugin!.id,
        version: '1.0.0',
        source,
        compiledJs: js,
        manifest,
        sourceSha256: 'test',
      })
      .returning({ id: schema.pluginVersions.id })
    return version!.id
  })
}

/** Inserts a deployment as the edge's deploy does (`starting`). */
export async function deploy(
  db: Database,
  tenantId: string,
  pluginVersionId: string,
  params: Record<string, unknown>,
  symbols: string[],
): Promise<string> {
  return withTenant(db, { tenantId }, async (tx) => {
    const [row] = await tx
      .insert(schema.deployments)
      .values({ tenantId, pluginVersionId, params, symbols })
      .returning({ id: schema.deployments.id })
    return row!.id
  })
}

export async function deploymentRow(db: Database, id: string) {
  const [row] = await db.select().from(schema.deployments).where(eq(schema.deployments.id, id))
  if (!row) throw new Error(`no deployment ${id}`)
  return row
}

/** Sets the status as the edge's transitions do. */
export async function transition(
  db: Database,
  id: string,
  status: 'starting' | 'paused' | 'stopped',
): Promise<void> {
  await db.update(schema.deployments).set({ status }).where(eq(schema.deployments.id, id))
}

let nifty: Promise<Bar[]> | undefined
/** The bundled NIFTY 50 minute bars (2024). */
export function niftyMinutes(): Promise<Bar[]> {
  nifty ??= loadBars('NIFTY50', '1m')
  return nifty
}

/**
 * Publishes NIFTY 50 minute bars one at a time, each after `id`'s instance has handled the
 * one before (or is gone): deterministic batches of one bar, as a live feed gives them.
 */
export async function feedOneByOne(
  bus: TickBus,
  manager: Pick<Supervisor, 'running'>,
  id: string,
  bars: readonly Bar[],
): Promise<void> {
  for (const bar of bars) {
    const before = manager.running().find((r) => r.id === id)?.batches ?? 0
    bus.publish(barTopic('1m', 'NSE', 'NIFTY50'), {
      type: 'bar',
      exchange: 'NSE',
      symbol: 'NIFTY50',
      timeframe: '1m',
      bar,
    })
    await waitFor(
      async () => manager.running().find((r) => r.id === id),
      (r) => r === undefined || (r.batches > before && r.queued === 0),
    )
  }
}

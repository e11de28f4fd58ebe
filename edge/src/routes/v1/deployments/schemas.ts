import { type IdKind, isId, schema, type Tx, withTenant } from '@vm-algo/db'
import { and, count, eq, inArray } from 'drizzle-orm'
import type { Context } from 'hono'
import { ApiError } from '../../../errors.ts'
import { decodeCursor, toPage } from '../../../lib/pagination.ts'
import { z } from '../../../openapi.ts'
import { PLANS, type Tier } from '../../../plans.ts'
import type { Env } from '../../../services.ts'
import { databaseOf } from '../plugins/store.ts'

// Deployments as the API shows them, and the plan limit on how many run at once. The table
// contract with the core's deployment manager is in README.md beside this file.

const iso = z.string().openapi({ format: 'date-time' })
const { deployments, pluginVersions, plugins, tenants } = schema

export const DeploymentStatusSchema = z.enum(schema.deploymentStatusEnum.enumValues).openapi({
  description:
    '`starting`: wanted running, until the engine runs it (`running`) or cannot (`failed`, see `error`); `paused`: kept, receives no data; `stopped`: ended by its user; `failed`: ended by an error',
})

/** Statuses that hold a place in the plan's limit of strategies deployed at once. */
export const ACTIVE_STATUSES = ['starting', 'running', 'paused'] as const

export const DeploymentSchema = z
  .object({
    id: z.string().openapi({ example: 'dep_01JDX4Q7T3M9Y6ZJ8V2K5N0B1C' }),
    pluginVersionId: z.string(),
    plugin: z.object({ id: z.string(), name: z.string(), version: z.string() }),
    mode: z.enum(schema.tradingModeEnum.enumValues),
    status: DeploymentStatusSchema,
    params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
    symbols: z.array(z.string()),
    error: z.string().nullable().openapi({ description: 'Why it failed, when it did' }),
    userId: z.string().nullable().openapi({ description: 'Who deployed it' }),
    startedAt: iso.nullable().openapi({ description: 'When the engine last started running it' }),
    stoppedAt: iso.nullable(),
    createdAt: iso,
    updatedAt: iso,
  })
  .openapi('Deployment')

export type Deployment = z.infer<typeof DeploymentSchema>

export const DeploymentIdParam = z.object({
  deploymentId: z
    .string()
    .refine((v) => isId('deployment', v), 'must be a deployment id')
    .openapi({
      param: { name: 'deploymentId', in: 'path' },
      example: 'dep_01JDX4Q7T3M9Y6ZJ8V2K5N0B1C',
    }),
})

/** Columns of a deployment with its plugin's name and version, for select(). */
export const deploymentColumns = {
  deployment: deployments,
  pluginId: plugins.id,
  pluginName: plugins.name,
  version: pluginVersions.version,
}

type Row = {
  deployment: typeof deployments.$inferSelect
  pluginId: string
  pluginName: string
  version: string
}

export const presentDeployment = ({ deployment: d, ...plugin }: Row): Deployment => ({
  id: d.id,
  pluginVersionId: d.pluginVersionId,
  plugin: { id: plugin.pluginId, name: plugin.pluginName, version: plugin.version },
  mode: d.mode,
  status: d.status,
  params: d.params as Deployment['params'],
  symbols: d.symbols,
  error: d.error,
  userId: d.userId,
  startedAt: d.startedAt?.toISOString() ?? null,
  stoppedAt: d.stoppedAt?.toISOString() ?? null,
  createdAt: d.createdAt.toISOString(),
  updatedAt: d.updatedAt.toISOString(),
})

/** The tenant's deployment `id` with its plugin; 404 when there is none. */
export async function findDeployment(tx: Tx, tenantId: string, id: string, lock = false) {
  const query = tx
    .select(deploymentColumns)
    .from(deployments)
    .innerJoin(pluginVersions, eq(pluginVersions.id, deployments.pluginVersionId))
    .innerJoin(plugins, eq(plugins.id, pluginVersions.pluginId))
    .where(and(eq(deployments.tenantId, tenantId), eq(deployments.id, id)))
  const [row] = lock ? await query.for('update', { of: deployments }) : await query
  if (!row) throw new ApiError('not_found', 'No such deployment in this workspace.')
  return row
}

/** Locks the tenant row until the transaction ends: deployments change one at a time. */
export async function lockTenant(tx: Tx, tenantId: string): Promise<void> {
  await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId)).for('update')
}

/**
 * Refuses one more active deployment beyond the plan's limit (402 `plan_limit_reached`). Locks
 * the tenant row first, so two requests at once cannot both take the last place.
 */
export async function assertRoomForOneMore(tx: Tx, tenantId: string, tier: Tier): Promise<void> {
  await lockTenant(tx, tenantId)
  const [row] = await tx
    .select({ active: count() })
    .from(deployments)
    .where(
      and(eq(deployments.tenantId, tenantId), inArray(deployments.status, [...ACTIVE_STATUSES])),
    )
  const limit = PLANS[tier].strategies
  const active = row?.active ?? 0
  if (active >= limit) {
    throw new ApiError(
      'plan_limit_reached',
      `Your ${tier} plan runs at most ${limit} ${limit === 1 ? 'strategy' : 'strategies'} at once (starting, running or paused), and ${active} ${active === 1 ? 'is' : 'are'} deployed. Stop one, or upgrade.`,
    )
  }
}

/**
 * One page, newest first (ids sort by creation time), of what a deployment of the caller's
 * tenant left behind; 404 for any other deployment. `query` fetches `limit` rows older than
 * `before`.
 */
export async function newestFirst<T extends { id: string }>(
  c: Context<Env>,
  page: { deploymentId: string; cursor?: string | undefined; limit: number },
  kind: IdKind,
  query: (tx: Tx, at: { tenantId: string; before?: string; limit: number }) => Promise<T[]>,
) {
  const auth = c.get('auth')
  const before = page.cursor ? decodeCursor(page.cursor, (k) => isId(kind, k)) : undefined
  const rows = await withTenant(databaseOf(c), auth, async (tx) => {
    await findDeployment(tx, auth.tenantId, page.deploymentId)
    return query(tx, {
      tenantId: auth.tenantId,
      limit: page.limit + 1,
      ...(before ? { before } : {}),
    })
  })
  return toPage(rows, page.limit, (row) => row.id)
}

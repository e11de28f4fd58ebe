import { type Database, isId, schema, type Tx } from '@vm-algo/db'
import { and, count, desc, eq, inArray } from 'drizzle-orm'
import type { Context } from 'hono'
import { appendAudit, PLATFORM_CHAIN } from '../../../audit/chain.ts'
import { requestActor } from '../../../audit/request.ts'
import { ApiError } from '../../../errors.ts'
import { z } from '../../../openapi.ts'
import type { Env } from '../../../services.ts'

// What the platform-admin tenant routes share: the tenant as an admin sees it (members,
// owners, billing standing), and recording an admin action on both audit chains.

const { tenants, memberships, users, subscriptions } = schema

export const TierSchema = z.enum(['free', 'pro', 'elite'])
export const TenantStatusSchema = z.enum(['active', 'suspended'])

export const TenantSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    slug: z.string(),
    tier: TierSchema,
    status: TenantStatusSchema,
    suspendedAt: z.string().nullable(),
    suspendedReason: z.string().nullable(),
    createdAt: z.string(),
    memberCount: z.number().int(),
    owners: z.array(z.object({ userId: z.string(), email: z.string() })),
    billing: z
      .object({
        status: z.string().openapi({ description: "Stripe's subscription status" }),
        tier: TierSchema,
        currentPeriodEnd: z.string().nullable(),
        cancelAtPeriodEnd: z.boolean(),
        graceUntil: z.string().nullable(),
      })
      .nullable()
      .openapi({ description: 'The latest subscription; null when the tenant never had one' }),
  })
  .openapi('AdminTenant')

export type TenantSummary = z.infer<typeof TenantSummarySchema>

export const TenantIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'tnt_01JDX4Q7T3M9Y6ZJ8V2K5N0B1C' }),
})

type TenantRow = typeof tenants.$inferSelect

/** Adds member counts, owners and billing standing to tenant rows: three queries a page. */
export async function summarise(db: Database | Tx, rows: TenantRow[]): Promise<TenantSummary[]> {
  const ids = rows.map((t) => t.id)
  if (ids.length === 0) return []
  const counts = await db
    .select({ tenantId: memberships.tenantId, members: count() })
    .from(memberships)
    .where(inArray(memberships.tenantId, ids))
    .groupBy(memberships.tenantId)
  const owners = await db
    .select({ tenantId: memberships.tenantId, userId: users.id, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(inArray(memberships.tenantId, ids), eq(memberships.role, 'owner')))
    .orderBy(memberships.id)
  const latest = await db
    .selectDistinctOn([subscriptions.tenantId])
    .from(subscriptions)
    .where(inArray(subscriptions.tenantId, ids))
    .orderBy(subscriptions.tenantId, desc(subscriptions.updatedAt))
  const billing = new Map(latest.map((s) => [s.tenantId, s]))
  const memberCounts = new Map(counts.map((c) => [c.tenantId, c.members]))
  return rows.map((tenant) => {
    const sub = billing.get(tenant.id)
    return {
      id: tenant.id,
      name: tenant.name,
      slug: tenant.slug,
      tier: tenant.tier,
      status: tenant.status,
      suspendedAt: tenant.suspendedAt?.toISOString() ?? null,
      suspendedReason: tenant.suspendedReason,
      createdAt: tenant.createdAt.toISOString(),
      memberCount: memberCounts.get(tenant.id) ?? 0,
      owners: owners
        .filter((o) => o.tenantId === tenant.id)
        .map(({ userId, email }) => ({ userId, email })),
      billing: sub
        ? {
            status: sub.status,
            tier: sub.tier,
            currentPeriodEnd: sub.currentPeriodEnd?.toISOString() ?? null,
            cancelAtPeriodEnd: sub.cancelAtPeriodEnd,
            graceUntil: sub.graceUntil?.toISOString() ?? null,
          }
        : null,
    }
  })
}

/** The tenant row, locked for the change an admin is making; 404 when there is none. */
export async function lockTenant(tx: Tx, id: string) {
  const [tenant] = isId('tenant', id)
    ? await tx.select().from(tenants).where(eq(tenants.id, id)).for('no key update')
    : []
  if (!tenant) throw new ApiError('not_found', 'No such tenant.')
  return tenant
}

/** One tenant's summary; 404 when there is none. */
export async function tenantSummary(db: Database | Tx, id: string): Promise<TenantSummary> {
  const rows = isId('tenant', id) ? await db.select().from(tenants).where(eq(tenants.id, id)) : []
  const [summary] = await summarise(db, rows)
  if (!summary) throw new ApiError('not_found', 'No such tenant.')
  return summary
}

/**
 * Records a platform admin's action on the tenant's chain (so its owners see it) and on the
 * platform chain, in the transaction of the change. Tenant chain first, then platform: every
 * writer takes chain locks in that order.
 */
export async function recordAdminAction(
  tx: Tx,
  c: Context<Env>,
  tenantId: string,
  action: string,
  data: Record<string, unknown>,
): Promise<void> {
  const actor = requestActor(c)
  await appendAudit(tx, { tenantId, ...actor, action, target: tenantId, data })
  await appendAudit(tx, { chain: PLATFORM_CHAIN, ...actor, action, target: tenantId, data })
}

/** `reason` of an admin action: required, so the trail says why. */
export const ReasonSchema = z
  .string()
  .trim()
  .min(3, 'Say why, in a few words.')
  .max(500, 'At most 500 characters.')

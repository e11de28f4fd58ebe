import { schema } from '@vm-algo/db'
import { asc, desc, eq } from 'drizzle-orm'
import { requireAuth, requirePermission } from '../../../auth/middleware.ts'
import { ApiError } from '../../../errors.ts'
import { createRoute, json, problems, router, z } from '../../../openapi.ts'
import { MemberSchema, memberColumns, presentMember } from '../team/members.ts'
import { TenantIdParam, TenantSummarySchema, TierSchema, tenantSummary } from './tenants.ts'

/** Members shown with a tenant; `memberCount` has the total. */
const MEMBERS_SHOWN = 100

const TenantDetailSchema = TenantSummarySchema.extend({
  members: z.array(MemberSchema).openapi({ description: `The first ${MEMBERS_SHOWN} to join` }),
  subscriptions: z.array(
    z.object({
      id: z.string(),
      stripeSubscriptionId: z.string(),
      tier: TierSchema,
      status: z.string(),
      currentPeriodEnd: z.string().nullable(),
      cancelAtPeriodEnd: z.boolean(),
      graceUntil: z.string().nullable(),
      updatedAt: z.string(),
    }),
  ),
  stripeCustomerId: z.string().nullable(),
}).openapi('AdminTenantDetail')

const route = createRoute({
  method: 'get',
  path: '/tenants/{id}',
  tags: ['Admin'],
  summary: 'One tenant: members, owners, subscriptions and standing',
  middleware: [requireAuth(), requirePermission('admin')] as const,
  security: [{ bearer: [] }],
  request: { params: TenantIdParam },
  responses: {
    200: { description: 'The tenant', content: json(TenantDetailSchema) },
    ...problems(400, 401, 403, 404),
  },
})

/** GET /api/v1/admin/tenants/{id} */
export const getTenant = router().openapi(route, async (c) => {
  const { database } = c.get('services')
  if (!database) throw new ApiError('service_unavailable', 'The database is not configured.')
  const { id } = c.req.valid('param')
  const { memberships, users, subscriptions, billingCustomers } = schema
  const db = database.db
  const summary = await tenantSummary(db, id)
  const members = await db
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.tenantId, id))
    .orderBy(asc(memberships.id))
    .limit(MEMBERS_SHOWN)
  const subs = await db
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.tenantId, id))
    .orderBy(desc(subscriptions.updatedAt))
  const [customer] = await db
    .select({ id: billingCustomers.stripeCustomerId })
    .from(billingCustomers)
    .where(eq(billingCustomers.tenantId, id))
  c.header('cache-control', 'no-store')
  return c.json(
    {
      ...summary,
      members: members.map(presentMember),
      subscriptions: subs.map((s) => ({
        id: s.id,
        stripeSubscriptionId: s.stripeSubscriptionId,
        tier: s.tier,
        status: s.status,
        currentPeriodEnd: s.currentPeriodEnd?.toISOString() ?? null,
        cancelAtPeriodEnd: s.cancelAtPeriodEnd,
        graceUntil: s.graceUntil?.toISOString() ?? null,
        updatedAt: s.updatedAt.toISOString(),
      })),
      stripeCustomerId: customer?.id ?? null,
    },
    200,
  )
})

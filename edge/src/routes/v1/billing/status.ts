import { schema, withTenant } from '@vm-algo/db'
import { desc, eq } from 'drizzle-orm'
import { requireAuth, requirePermission } from '../../../auth/middleware.ts'
import { inArrears, isLive } from '../../../billing/entitlement.ts'
import { paidPlanPrices } from '../../../billing/prices.ts'
import { billingOf } from '../../../billing/stripe.ts'
import { settleTenantTier } from '../../../billing/sync.ts'
import { ApiError } from '../../../errors.ts'
import { createRoute, json, problems, router, z } from '../../../openapi.ts'
import { PERMISSIONS, PLANS } from '../../../plans.ts'

const TierSchema = z.enum(['free', 'pro', 'elite'])

export const BillingStatusSchema = z
  .object({
    tier: TierSchema.openapi({ description: 'The plan the workspace has now' }),
    enabled: z.boolean().openapi({ description: 'Checkout and the billing portal are available' }),
    subscription: z
      .object({
        tier: TierSchema,
        status: z.string().openapi({
          description: "Stripe's status: active, trialing, past_due, unpaid, canceled, …",
        }),
        currentPeriodEnd: z.string().nullable(),
        cancelAtPeriodEnd: z.boolean(),
        graceUntil: z
          .string()
          .nullable()
          .openapi({ description: 'After a failed renewal: the plan is kept until then' }),
      })
      .nullable(),
    plans: z.array(
      z.object({
        tier: TierSchema,
        amount: z.number().int().openapi({ description: 'Minor units (paise for INR)' }),
        currency: z.string(),
        interval: z.enum(['month', 'year']),
        requestsPerMinute: z.number().int().nullable(),
        strategies: z.number().int(),
        permissions: z.array(z.enum(PERMISSIONS)),
      }),
    ),
  })
  .openapi('BillingStatus')

const route = createRoute({
  method: 'get',
  path: '/',
  tags: ['Billing'],
  summary: "The workspace's plan, subscription and the plans on offer",
  middleware: [requireAuth(), requirePermission('manage_billing')] as const,
  security: [{ bearer: [] }],
  responses: {
    200: { description: 'Billing state', content: json(BillingStatusSchema) },
    ...problems(401, 403, 503),
  },
})

/** GET /api/v1/billing */
export const billingStatus = router().openapi(route, async (c) => {
  const { config, database } = c.get('services')
  if (!database) throw new ApiError('service_unavailable', 'The database is not configured.')
  const auth = c.get('auth')
  const now = new Date()
  const { subscriptions, tenants } = schema
  const { tier, current } = await withTenant(database.db, auth, async (tx) => {
    const subs = await tx
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.tenantId, auth.tenantId))
      .orderBy(desc(subscriptions.updatedAt))
    // A grace period that ran out since the last sweep ends here, before it is shown.
    if (subs.some((s) => inArrears(s.status) && s.graceUntil && s.graceUntil <= now)) {
      await settleTenantTier(tx, auth.tenantId, now, { reason: 'grace_expired' })
    }
    const [tenant] = await tx
      .select({ tier: tenants.tier })
      .from(tenants)
      .where(eq(tenants.id, auth.tenantId))
    return { tier: tenant?.tier ?? 'free', current: subs.find((s) => isLive(s.status)) ?? subs[0] }
  })
  const billing = billingOf(config)
  const prices = await paidPlanPrices(billing)
  c.header('cache-control', 'no-store')
  return c.json(
    {
      tier,
      enabled: billing !== null,
      subscription: current
        ? {
            tier: current.tier,
            status: current.status,
            currentPeriodEnd: current.currentPeriodEnd?.toISOString() ?? null,
            cancelAtPeriodEnd: current.cancelAtPeriodEnd,
            graceUntil: current.graceUntil?.toISOString() ?? null,
          }
        : null,
      plans: (['free', 'pro', 'elite'] as const).map((t) => ({
        tier: t,
        ...(t === 'free'
          ? { amount: 0, currency: prices.pro.currency, interval: 'month' as const }
          : prices[t]),
        requestsPerMinute: PLANS[t].requestsPerMinute,
        strategies: PLANS[t].strategies,
        permissions: [...PLANS[t].permissions],
      })),
    },
    200,
  )
})

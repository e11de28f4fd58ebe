import { schema, withTenant } from '@vm-algo/db'
import { eq } from 'drizzle-orm'
import type Stripe from 'stripe'
import { requestActor } from '../../../audit/index.ts'
import { requireAuth, requireMfa, requirePermission } from '../../../auth/middleware.ts'
import { auditBilling } from '../../../billing/audit.ts'
import { ensureCustomer } from '../../../billing/customers.ts'
import { isLive } from '../../../billing/entitlement.ts'
import { type Billing, callStripe, isMissing, requireBilling } from '../../../billing/stripe.ts'
import { ApiError } from '../../../errors.ts'
import { createRoute, json, problems, router, z } from '../../../openapi.ts'

export const CheckoutRequestSchema = z
  .object({ tier: z.enum(['pro', 'elite']) })
  .openapi('CheckoutRequest')

export const CheckoutSessionSchema = z
  .object({
    url: z.url().openapi({ description: "Stripe Checkout's page: send the browser there" }),
    sessionId: z.string(),
  })
  .openapi('CheckoutSession')

const route = createRoute({
  method: 'post',
  path: '/checkout',
  tags: ['Billing'],
  summary: 'Start a Stripe Checkout for the pro or elite plan',
  description:
    'The plan changes when Stripe confirms the payment (by webhook), not when this returns. ' +
    'A workspace with a running subscription changes plan in the billing portal instead (409).',
  // Owners must have a second factor before they can move money.
  middleware: [requireAuth(), requirePermission('manage_billing'), requireMfa()] as const,
  security: [{ bearer: [] }],
  request: { body: { required: true, content: json(CheckoutRequestSchema) } },
  responses: {
    200: { description: 'Checkout created', content: json(CheckoutSessionSchema) },
    ...problems(400, 401, 403, 409, 503),
  },
})

/** POST /api/v1/billing/checkout */
export const checkout = router().openapi(route, async (c) => {
  const { config, database, logError } = c.get('services')
  const log = (error: unknown) => logError(error, c.get('requestId'))
  const billing = requireBilling(config)
  if (!database) throw new ApiError('service_unavailable', 'The database is not configured.')
  const auth = c.get('auth')
  const { tier } = c.req.valid('json')
  const { subscriptions } = schema

  const subs = await withTenant(database.db, auth, (tx) =>
    tx
      .select({ status: subscriptions.status })
      .from(subscriptions)
      .where(eq(subscriptions.tenantId, auth.tenantId)),
  )
  if (subs.some((s) => isLive(s.status))) {
    throw new ApiError(
      'already_subscribed',
      'This workspace already has a subscription: change plans in the billing portal.',
    )
  }

  const start = (customer: string) =>
    createSession(billing, { customer, tenantId: auth.tenantId, tier }, config.PUBLIC_URL, log)
  let customer = await ensureCustomer(database.db, billing, auth, { log })
  let session = await start(customer)
  if (!session) {
    // Stripe no longer knows the stored customer: make a new one and try once more.
    customer = await ensureCustomer(database.db, billing, auth, { replace: customer, log })
    session = await start(customer)
  }
  if (!session?.url) {
    throw new ApiError('payment_provider_error', 'The payment provider returned no checkout page.')
  }
  const { id, url } = session
  await withTenant(database.db, auth, (tx) =>
    auditBilling(tx, {
      tenantId: auth.tenantId,
      ...requestActor(c),
      action: 'billing.checkout_started',
      target: id,
      data: { tier },
    }),
  )
  c.header('cache-control', 'no-store')
  return c.json({ url, sessionId: id }, 200)
})

/** A Checkout Session for `tier`; null when Stripe does not know `customer`. */
async function createSession(
  billing: Billing,
  { customer, tenantId, tier }: { customer: string; tenantId: string; tier: 'pro' | 'elite' },
  publicUrl: string,
  log: (error: unknown) => void,
): Promise<Stripe.Checkout.Session | null> {
  const back = new URL('/billing', publicUrl)
  return callStripe(
    () =>
      billing.stripe.checkout.sessions
        .create({
          mode: 'subscription',
          customer,
          client_reference_id: tenantId,
          line_items: [{ price: billing.prices[tier], quantity: 1 }],
          // Stripe fills in {CHECKOUT_SESSION_ID}; the braces must stay unescaped.
          success_url: `${back.href}?checkout=success&session_id={CHECKOUT_SESSION_ID}`,
          cancel_url: `${back.href}?checkout=cancelled`,
          metadata: { tenantId, tier },
          subscription_data: { metadata: { tenantId, tier } },
        })
        .catch((error: unknown) => {
          if (isMissing(error) && (error as { param?: string }).param === 'customer') return null
          throw error
        }),
    log,
  )
}

import { requireAuth, requireMfa, requirePermission } from '../../../auth/middleware.ts'
import { customerOf } from '../../../billing/customers.ts'
import { callStripe, isMissing, requireBilling } from '../../../billing/stripe.ts'
import { ApiError } from '../../../errors.ts'
import { createRoute, json, problems, router, z } from '../../../openapi.ts'

export const PortalSessionSchema = z
  .object({
    url: z.url().openapi({ description: "Stripe's billing portal: send the browser there" }),
  })
  .openapi('PortalSession')

const route = createRoute({
  method: 'post',
  path: '/portal',
  tags: ['Billing'],
  summary: "Open Stripe's billing portal: change plan, cancel, update the card, invoices",
  // Owners must have a second factor before they can move money.
  middleware: [requireAuth(), requirePermission('manage_billing'), requireMfa()] as const,
  security: [{ bearer: [] }],
  responses: {
    200: { description: 'Portal session created', content: json(PortalSessionSchema) },
    ...problems(401, 403, 409, 503),
  },
})

/** POST /api/v1/billing/portal — for the caller's own workspace's customer only. */
export const portal = router().openapi(route, async (c) => {
  const { config, database, logError } = c.get('services')
  const billing = requireBilling(config)
  if (!database) throw new ApiError('service_unavailable', 'The database is not configured.')
  const auth = c.get('auth')
  const customer = await customerOf(database.db, auth)
  const noAccount = new ApiError(
    'no_billing_account',
    'This workspace has no billing account yet: subscribe to a plan first.',
  )
  if (!customer) throw noAccount
  const session = await callStripe(
    () =>
      billing.stripe.billingPortal.sessions
        .create({ customer, return_url: new URL('/billing', config.PUBLIC_URL).href })
        .catch((error: unknown) => {
          if (isMissing(error)) return null
          throw error
        }),
    (error) => logError(error, c.get('requestId')),
  )
  if (!session) throw noAccount
  c.header('cache-control', 'no-store')
  return c.json({ url: session.url }, 200)
})

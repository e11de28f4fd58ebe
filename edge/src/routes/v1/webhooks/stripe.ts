import { bodyLimit } from 'hono/body-limit'
import { requireBilling } from '../../../billing/stripe.ts'
import { handleStripeEvent, verifyStripeEvent } from '../../../billing/webhook.ts'
import { ApiError } from '../../../errors.ts'
import { createRoute, json, problems, router, z } from '../../../openapi.ts'

const DAY_MS = 24 * 60 * 60 * 1000

export const WebhookReceiptSchema = z
  .object({
    received: z.literal(true),
    outcome: z.enum(['processed', 'duplicate', 'ignored', 'stale']),
  })
  .openapi('WebhookReceipt')

const route = createRoute({
  method: 'post',
  path: '/stripe',
  tags: ['Billing'],
  summary: 'Stripe webhook endpoint (signed events; not for API clients)',
  description:
    'Verifies `Stripe-Signature` over the raw body, then applies the event once per event ID. ' +
    'Subscription events, `invoice.paid`, `invoice.payment_failed` and ' +
    '`checkout.session.completed` update the workspace plan; others are acknowledged.',
  middleware: [
    bodyLimit({
      maxSize: 256 * 1024,
      onError: () => {
        throw new ApiError('payload_too_large', 'A Stripe event is never this large.')
      },
    }),
  ] as const,
  responses: {
    200: { description: 'Accepted (also for duplicates)', content: json(WebhookReceiptSchema) },
    ...problems(400, 413, 503),
  },
})

/** POST /api/v1/webhooks/stripe */
export const stripeWebhook = router().openapi(route, async (c) => {
  const { config, database, logError } = c.get('services')
  const billing = requireBilling(config)
  if (!database) throw new ApiError('service_unavailable', 'The database is not configured.')
  // The signature covers the exact bytes Stripe sent: read the body raw, never re-serialised.
  const payload = await c.req.text()
  const event = await verifyStripeEvent(billing, payload, c.req.header('stripe-signature'))
  const { outcome } = await handleStripeEvent(
    {
      db: database.db,
      billing,
      graceMs: config.BILLING_GRACE_DAYS * DAY_MS,
      log: (error) => logError(error, c.get('requestId')),
    },
    event,
  )
  return c.json({ received: true as const, outcome }, 200)
})

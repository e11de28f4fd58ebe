import { router } from '../../../openapi.ts'
import { stripeWebhook } from './stripe.ts'

/** /api/v1/webhooks: signed callbacks from outside services. */
export const webhooks = router().route('/', stripeWebhook)

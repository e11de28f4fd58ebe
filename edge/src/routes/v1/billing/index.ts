import { router } from '../../../openapi.ts'
import { checkout } from './checkout.ts'
import { portal } from './portal.ts'
import { billingStatus } from './status.ts'

/** /api/v1/billing: the workspace's plan, Stripe Checkout and the billing portal. */
export const billing = router().route('/', billingStatus).route('/', checkout).route('/', portal)

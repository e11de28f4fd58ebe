import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type {
  LocalCheckoutSession,
  LocalCustomer,
  LocalInvoice,
  LocalPortalSession,
  LocalPrice,
  LocalProduct,
  LocalSubscription,
  PriceSeed,
} from './objects.ts'
import { productAndPrice } from './objects.ts'

/** Everything the local Stripe account holds. Plain JSON, so it can be kept in a file. */
export interface StripeState {
  secretKey: string
  webhookSecret: string
  customers: Record<string, LocalCustomer>
  products: Record<string, LocalProduct>
  prices: Record<string, LocalPrice>
  checkoutSessions: Record<string, LocalCheckoutSession>
  /** What each checkout sells and the metadata its subscription gets (not part of the object). */
  checkoutDetails: Record<
    string,
    {
      lines: Array<{ price: string; quantity: number }>
      subscriptionMetadata: Record<string, string>
    }
  >
  portalSessions: Record<string, LocalPortalSession>
  subscriptions: Record<string, LocalSubscription>
  invoices: Record<string, LocalInvoice>
}

/** Stripe's error body: `{ error: { type, code, message, param } }` with an HTTP status. */
export class StripeApiError extends Error {
  readonly status: number
  readonly body: { type: string; code?: string; message: string; param?: string }

  constructor(
    status: number,
    body: { type?: string; code?: string; message: string; param?: string },
  ) {
    super(body.message)
    this.status = status
    this.body = { type: body.type ?? 'invalid_request_error', ...body }
  }
}

export const resourceMissing = (kind: string, id: string, param = 'id') =>
  new StripeApiError(404, { code: 'resource_missing', message: `No such ${kind}: '${id}'`, param })

export const parameterMissing = (param: string) =>
  new StripeApiError(400, {
    code: 'parameter_missing',
    message: `Missing required param: ${param}.`,
    param,
  })

export const parameterInvalid = (param: string, message: string) =>
  new StripeApiError(400, { code: 'parameter_invalid', message, param })

/** A fresh account, or the one saved in `file`; `save()` writes it back when there is a file. */
export function openState(options: {
  file?: string
  prices: PriceSeed[]
  secretKey?: string
  webhookSecret?: string
}): { state: StripeState; save(): void } {
  const { file } = options
  const state: StripeState =
    file && existsSync(file)
      ? (JSON.parse(readFileSync(file, 'utf8')) as StripeState)
      : {
          secretKey: options.secretKey ?? `sk_test_local_${randomBytes(18).toString('hex')}`,
          webhookSecret: options.webhookSecret ?? `whsec_${randomBytes(24).toString('base64url')}`,
          customers: {},
          products: {},
          prices: {},
          checkoutSessions: {},
          checkoutDetails: {},
          portalSessions: {},
          subscriptions: {},
          invoices: {},
        }
  // Prices come from the caller every start, so a changed plan table takes effect.
  for (const seed of options.prices) {
    const [product, price] = productAndPrice(seed)
    state.products[product.id] = product
    state.prices[price.id] = price
  }
  const save = () => {
    if (!file) return
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, JSON.stringify(state), { mode: 0o600 })
  }
  save()
  return { state, save }
}

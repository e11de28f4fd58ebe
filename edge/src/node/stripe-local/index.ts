export type { LocalAccount } from './account.ts'
export { type FormObject, parseStripeForm } from './form.ts'
export type { LocalEvent, PriceSeed } from './objects.ts'
export {
  type LocalStripe,
  type LocalStripeOptions,
  planPrices,
  startLocalStripe,
} from './server.ts'
export { type Delivery, signatureHeader, WebhookOutbox } from './webhooks.ts'

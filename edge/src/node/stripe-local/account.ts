import { stripeId, unixNow } from './ids.ts'
import {
  type LocalCheckoutSession,
  type LocalCustomer,
  type LocalPortalSession,
  type LocalPrice,
  type LocalSubscription,
  newInvoice,
  newSubscription,
} from './objects.ts'
import { resourceMissing, StripeApiError, type StripeState } from './store.ts'
import type { WebhookOutbox } from './webhooks.ts'

/**
 * The local account's operations, each doing what Stripe does to its objects and emitting the
 * events Stripe would. The REST API, the hosted pages and tests all go through these.
 */
export class LocalAccount {
  readonly state: StripeState
  readonly outbox: WebhookOutbox
  readonly #save: () => void
  #baseUrl = ''

  constructor(state: StripeState, save: () => void, outbox: WebhookOutbox) {
    this.state = state
    this.#save = save
    this.outbox = outbox
  }

  /** Where the hosted pages are served; set once the server listens. */
  set baseUrl(url: string) {
    this.#baseUrl = url
  }

  customer(id: string, param = 'id'): LocalCustomer {
    const found = this.state.customers[id]
    if (!found) throw resourceMissing('customer', id, param)
    return found
  }

  price(id: string, param = 'id'): LocalPrice {
    const found = this.state.prices[id]
    if (!found) throw resourceMissing('price', id, param)
    return found
  }

  subscription(id: string): LocalSubscription {
    const found = this.state.subscriptions[id]
    if (!found) throw resourceMissing('subscription', id)
    return found
  }

  checkoutSession(id: string): LocalCheckoutSession {
    const found = this.state.checkoutSessions[id]
    if (!found) throw resourceMissing('checkout.session', id)
    return found
  }

  portalSession(id: string): LocalPortalSession {
    const found = this.state.portalSessions[id]
    if (!found) throw resourceMissing('billing_portal.session', id)
    return found
  }

  createCustomer(fields: {
    email?: string
    name?: string
    metadata?: Record<string, string>
  }): LocalCustomer {
    const customer: LocalCustomer = {
      id: stripeId('cus', 14),
      object: 'customer',
      balance: 0,
      created: unixNow(),
      delinquent: false,
      description: null,
      email: fields.email ?? null,
      livemode: false,
      metadata: fields.metadata ?? {},
      name: fields.name ?? null,
      phone: null,
    }
    this.state.customers[customer.id] = customer
    this.#save()
    return customer
  }

  /** Deletes a customer, as the dashboard can; Stripe then answers "No such customer". */
  deleteCustomer(id: string): { id: string; object: 'customer'; deleted: true } {
    this.customer(id)
    delete this.state.customers[id]
    this.#save()
    return { id, object: 'customer', deleted: true }
  }

  createCheckoutSession(fields: {
    customer: string | null
    customerEmail: string | null
    clientReferenceId: string | null
    lines: Array<{ price: string; quantity: number }>
    successUrl: string
    cancelUrl: string | null
    metadata: Record<string, string>
    subscriptionMetadata: Record<string, string>
  }): LocalCheckoutSession {
    const id = stripeId('cs_test', 58)
    const amount = fields.lines.reduce(
      (sum, line) => sum + (this.price(line.price).unit_amount ?? 0) * line.quantity,
      0,
    )
    const now = unixNow()
    const session: LocalCheckoutSession = {
      id,
      object: 'checkout.session',
      amount_subtotal: amount,
      amount_total: amount,
      cancel_url: fields.cancelUrl,
      client_reference_id: fields.clientReferenceId,
      created: now,
      currency: this.price(fields.lines[0]!.price).currency,
      customer: fields.customer,
      customer_email: fields.customerEmail,
      expires_at: now + 24 * 60 * 60,
      invoice: null,
      livemode: false,
      metadata: fields.metadata,
      mode: 'subscription',
      payment_status: 'unpaid',
      status: 'open',
      subscription: null,
      success_url: fields.successUrl,
      url: `${this.#baseUrl}/c/pay/${id}`,
    }
    this.state.checkoutSessions[id] = session
    this.state.checkoutDetails[id] = {
      lines: fields.lines,
      subscriptionMetadata: fields.subscriptionMetadata,
    }
    this.#save()
    return session
  }

  /**
   * What "Pay (test)" does: the payment succeeds, the subscription starts with a paid first
   * invoice, the session completes; the events follow in the order Stripe sends them.
   */
  completeCheckout(sessionId: string): LocalCheckoutSession {
    const session = this.checkoutSession(sessionId)
    if (session.status !== 'open') {
      throw new StripeApiError(400, {
        code: 'checkout_session_not_open',
        message: `This Checkout Session is ${session.status}.`,
      })
    }
    const details = this.state.checkoutDetails[sessionId]!
    const customer =
      session.customer ?? this.createCustomer({ email: session.customer_email ?? undefined }).id
    const price = this.price(details.lines[0]!.price)
    const subscription = newSubscription(customer, price, details.subscriptionMetadata)
    const invoice = newInvoice(subscription, 'subscription_create', true)
    subscription.latest_invoice = invoice.id
    this.state.subscriptions[subscription.id] = subscription
    this.state.invoices[invoice.id] = invoice
    Object.assign(session, {
      customer,
      invoice: invoice.id,
      payment_status: 'paid',
      status: 'complete',
      subscription: subscription.id,
    })
    this.#save()
    this.outbox.emit('customer.subscription.created', subscription)
    this.outbox.emit('invoice.paid', invoice)
    this.outbox.emit('checkout.session.completed', session)
    return session
  }

  createPortalSession(customer: string, returnUrl: string | null): LocalPortalSession {
    this.customer(customer, 'customer')
    const id = stripeId('bps', 24)
    const session: LocalPortalSession = {
      id,
      object: 'billing_portal.session',
      configuration: 'bpc_local_default',
      created: unixNow(),
      customer,
      livemode: false,
      locale: null,
      return_url: returnUrl,
      url: `${this.#baseUrl}/p/session/${id}`,
    }
    this.state.portalSessions[id] = session
    this.#save()
    return session
  }

  /** Plan change and (un)scheduling cancellation, as POST /v1/subscriptions/:id does. */
  updateSubscription(
    id: string,
    changes: { cancelAtPeriodEnd?: boolean; price?: string; metadata?: Record<string, string> },
    idempotencyKey: string | null = null,
  ): LocalSubscription {
    const subscription = this.subscription(id)
    if (subscription.status === 'canceled') {
      throw new StripeApiError(400, {
        message: 'A canceled subscription can only update its cancellation_details and metadata.',
      })
    }
    const previous: Record<string, unknown> = {}
    const item = subscription.items.data[0]!
    if (changes.price && changes.price !== item.price.id) {
      previous.items = structuredClone(subscription.items)
      item.price = this.price(changes.price, 'items[0][price]')
    }
    if (
      changes.cancelAtPeriodEnd !== undefined &&
      changes.cancelAtPeriodEnd !== subscription.cancel_at_period_end
    ) {
      previous.cancel_at_period_end = subscription.cancel_at_period_end
      previous.cancel_at = subscription.cancel_at
      previous.canceled_at = subscription.canceled_at
      subscription.cancel_at_period_end = changes.cancelAtPeriodEnd
      subscription.cancel_at = changes.cancelAtPeriodEnd ? item.current_period_end : null
      subscription.canceled_at = changes.cancelAtPeriodEnd ? unixNow() : null
    }
    if (changes.metadata) {
      previous.metadata = subscription.metadata
      subscription.metadata = { ...subscription.metadata, ...changes.metadata }
    }
    this.#save()
    if (Object.keys(previous).length > 0) {
      this.outbox.emit('customer.subscription.updated', subscription, { previous, idempotencyKey })
    }
    return subscription
  }

  /** Ends a subscription now (DELETE /v1/subscriptions/:id, or the end of a cancelled period). */
  cancelSubscription(id: string, idempotencyKey: string | null = null): LocalSubscription {
    const subscription = this.subscription(id)
    if (subscription.status === 'canceled') return subscription
    const now = unixNow()
    Object.assign(subscription, { status: 'canceled', ended_at: now })
    subscription.canceled_at ??= now
    this.#save()
    this.outbox.emit('customer.subscription.deleted', subscription, { idempotencyKey })
    return subscription
  }

  /** A renewal charge is declined: a new open invoice, the subscription goes past_due. */
  failRenewal(id: string): LocalSubscription {
    const subscription = this.subscription(id)
    const invoice = newInvoice(subscription, 'subscription_cycle', false)
    this.state.invoices[invoice.id] = invoice
    const previous = { status: subscription.status, latest_invoice: subscription.latest_invoice }
    Object.assign(subscription, { status: 'past_due', latest_invoice: invoice.id })
    this.#save()
    this.outbox.emit('invoice.payment_failed', invoice)
    this.outbox.emit('customer.subscription.updated', subscription, { previous })
    return subscription
  }

  /** The open invoice is paid (a retry or a new card): the subscription is active again. */
  payOpenInvoice(id: string): LocalSubscription {
    const subscription = this.subscription(id)
    const invoice = subscription.latest_invoice
      ? this.state.invoices[subscription.latest_invoice]
      : undefined
    if (invoice?.status !== 'open') {
      throw new StripeApiError(400, { message: `Subscription ${id} has no open invoice.` })
    }
    Object.assign(invoice, {
      amount_paid: invoice.amount_due,
      amount_remaining: 0,
      attempt_count: invoice.attempt_count + 1,
      next_payment_attempt: null,
      status: 'paid',
    })
    const previous = { status: subscription.status }
    subscription.status = 'active'
    this.#save()
    this.outbox.emit('invoice.paid', invoice)
    this.outbox.emit('customer.subscription.updated', subscription, { previous })
    return subscription
  }

  /** A customer's subscriptions, newest first (for the portal page). */
  subscriptionsOf(customer: string): LocalSubscription[] {
    return Object.values(this.state.subscriptions)
      .filter((s) => s.customer === customer)
      .sort((a, b) => b.created - a.created)
  }
}

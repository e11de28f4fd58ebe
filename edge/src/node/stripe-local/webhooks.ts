import { createHmac } from 'node:crypto'
import Stripe from 'stripe'
import { stripeId, unixNow } from './ids.ts'
import type { LocalEvent } from './objects.ts'

/**
 * The `Stripe-Signature` header Stripe sends: `t=<unix seconds>,v1=<hex HMAC-SHA256>`, keyed
 * with the whole endpoint secret (`whsec_…`) over `<t>.<raw body>`.
 *
 * @example
 * fetch(url, { method: 'POST', body, headers: { 'stripe-signature': signatureHeader(secret, body) } })
 */
export function signatureHeader(secret: string, payload: string, timestamp = unixNow()): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex')
  return `t=${timestamp},v1=${v1}`
}

export interface Delivery {
  eventId: string
  type: string
  attempt: number
  /** The endpoint's HTTP status; null when it could not be reached. */
  status: number | null
}

const RETRY_DELAYS_MS = [100, 500]

/**
 * The account's events and their delivery to one webhook endpoint. In `auto` mode every event
 * is POSTed, signed, in the order it happened (retried twice on failure); in `manual` mode
 * events only accumulate and a test delivers them with `deliver()` — in any order, twice, or
 * with a doctored body — to exercise the receiving side.
 */
export class WebhookOutbox {
  readonly events: LocalEvent[] = []
  readonly deliveries: Delivery[] = []
  mode: 'auto' | 'manual'
  endpoint: string | null
  readonly #secret: string
  #queue: Promise<void> = Promise.resolve()

  constructor(secret: string, options: { mode?: 'auto' | 'manual'; endpoint?: string | null }) {
    this.#secret = secret
    this.mode = options.mode ?? 'auto'
    this.endpoint = options.endpoint ?? null
  }

  /** Records an event with a snapshot of `object` and, in auto mode, queues its delivery. */
  emit(
    type: string,
    object: unknown,
    options: { previous?: Record<string, unknown>; idempotencyKey?: string | null } = {},
  ): LocalEvent {
    const event: LocalEvent = {
      id: stripeId('evt'),
      object: 'event',
      api_version: Stripe.API_VERSION,
      created: unixNow(),
      data: {
        object: structuredClone(object),
        ...(options.previous ? { previous_attributes: structuredClone(options.previous) } : {}),
      },
      livemode: false,
      pending_webhooks: this.endpoint ? 1 : 0,
      request: { id: stripeId('req', 14), idempotency_key: options.idempotencyKey ?? null },
      type,
    }
    this.events.push(event)
    if (this.mode === 'auto' && this.endpoint) {
      this.#queue = this.#queue.then(() => this.#deliverWithRetries(event))
    }
    return event
  }

  /** Resolves when every queued automatic delivery has been attempted. */
  idle(): Promise<void> {
    return this.#queue
  }

  /** The most recent event of `type` (optionally about object `objectId`). */
  last(type: string, objectId?: string): LocalEvent | undefined {
    return this.events.findLast(
      (e) => e.type === type && (!objectId || (e.data.object as { id?: string }).id === objectId),
    )
  }

  /**
   * POSTs one event to the endpoint once, signed now, and returns the answer. `payload`
   * replaces the body after signing (a tampered delivery); `header` replaces the signature.
   */
  async deliver(
    eventId: string,
    options: { payload?: string; header?: string; endpoint?: string } = {},
  ): Promise<{ status: number; body: string }> {
    const event = this.events.find((e) => e.id === eventId)
    if (!event) throw new Error(`no event ${eventId}`)
    const endpoint = options.endpoint ?? this.endpoint
    if (!endpoint) throw new Error('no webhook endpoint configured')
    const signed = JSON.stringify(event, null, 2)
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        'stripe-signature': options.header ?? signatureHeader(this.#secret, signed),
      },
      body: options.payload ?? signed,
      signal: AbortSignal.timeout(10_000),
    })
    return { status: res.status, body: await res.text() }
  }

  async #deliverWithRetries(event: LocalEvent): Promise<void> {
    for (let attempt = 1; attempt <= RETRY_DELAYS_MS.length + 1; attempt++) {
      let status: number | null = null
      try {
        status = (await this.deliver(event.id)).status
      } catch {
        status = null
      }
      this.deliveries.push({ eventId: event.id, type: event.type, attempt, status })
      if (status !== null && status >= 200 && status < 300) return
      const delay = RETRY_DELAYS_MS[attempt - 1]
      if (delay !== undefined) await new Promise((resolve) => setTimeout(resolve, delay))
    }
  }
}

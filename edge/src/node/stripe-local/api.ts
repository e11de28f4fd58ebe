import { timingSafeEqual } from 'node:crypto'
import { type Context, Hono } from 'hono'
import type { LocalAccount } from './account.ts'
import { type FormObject, type FormValue, parseStripeForm } from './form.ts'
import { stripeId } from './ids.ts'
import { parameterInvalid, parameterMissing, StripeApiError } from './store.ts'

type Vars = { Variables: { params: FormObject; idempotencyKey: string | null } }

/**
 * Stripe's REST API (v1) for what vm-algo uses: customers, prices, Checkout and billing-portal
 * sessions, subscriptions. Speaks the wire format the official SDKs do: form-encoded bodies,
 * bearer secret key, `Idempotency-Key` replay, `{ error: { type, code, message, param } }`.
 */
export function stripeApi(account: LocalAccount): Hono<Vars> {
  const api = new Hono<Vars>()
  const idempotent = new Map<string, { fingerprint: string; status: number; body: string }>()

  api.use('/v1/*', async (c, next) => {
    c.header('request-id', stripeId('req', 14))
    const version = c.req.header('stripe-version')
    if (version) c.header('stripe-version', version)
    if (!authorized(c.req.header('authorization'), account.state.secretKey)) {
      return stripeError(c, unauthorized(c.req.header('authorization')))
    }
    const raw = c.req.method === 'GET' || c.req.method === 'DELETE' ? query(c) : await c.req.text()
    let params: FormObject
    try {
      params = parseStripeForm(raw)
    } catch {
      return stripeError(c, new StripeApiError(400, { message: 'Invalid request body.' }))
    }
    if (params.expand !== undefined) {
      return stripeError(c, parameterInvalid('expand', 'The local server does not expand.'))
    }
    c.set('params', params)
    const key = c.req.method === 'POST' ? (c.req.header('idempotency-key') ?? null) : null
    c.set('idempotencyKey', key)
    if (!key) return next()
    c.header('idempotency-key', key)
    // The same key replays the first answer; with other parameters it is an error.
    const fingerprint = `${c.req.method} ${c.req.path} ${raw}`
    const seen = idempotent.get(key)
    if (seen) {
      if (seen.fingerprint !== fingerprint) {
        return stripeError(
          c,
          new StripeApiError(400, {
            type: 'idempotency_error',
            message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
          }),
        )
      }
      c.header('idempotent-replayed', 'true')
      return c.body(seen.body, seen.status as 200, { 'content-type': 'application/json' })
    }
    await next()
    // Stripe saves a result once the endpoint started executing: not for failed validation.
    if (c.res.status !== 400 && c.res.status < 500) {
      idempotent.set(key, { fingerprint, status: c.res.status, body: await c.res.clone().text() })
    }
  })

  api.post('/v1/customers', (c) => {
    const p = allow(c.get('params'), ['email', 'name', 'metadata', 'description', 'phone'])
    return c.json(
      account.createCustomer({
        email: optionalString(p, 'email'),
        name: optionalString(p, 'name'),
        metadata: strings(p.metadata, 'metadata'),
      }),
    )
  })
  api.get('/v1/customers/:id', (c) => c.json(account.customer(c.req.param('id'))))
  api.delete('/v1/customers/:id', (c) => c.json(account.deleteCustomer(c.req.param('id'))))
  api.get('/v1/prices/:id', (c) => c.json(account.price(c.req.param('id'))))

  api.post('/v1/checkout/sessions', (c) => {
    const p = allow(c.get('params'), [
      'mode',
      'customer',
      'customer_email',
      'client_reference_id',
      'line_items',
      'success_url',
      'cancel_url',
      'metadata',
      'subscription_data',
      'allow_promotion_codes',
      'locale',
    ])
    const mode = required(p, 'mode')
    if (mode !== 'subscription') {
      throw parameterInvalid('mode', 'The local server supports mode=subscription only.')
    }
    const customer = optionalString(p, 'customer')
    if (customer) account.customer(customer, 'customer')
    if (!Array.isArray(p.line_items) || p.line_items.length === 0) {
      throw parameterMissing('line_items')
    }
    const lines = p.line_items.map((line, i) => {
      const l = line as FormObject
      const price = required(l, 'price', `line_items[${i}][price]`)
      account.price(price, `line_items[${i}][price]`)
      const quantity = Number(l.quantity ?? '1')
      if (!Number.isInteger(quantity) || quantity < 1) {
        throw parameterInvalid(`line_items[${i}][quantity]`, 'Invalid positive integer')
      }
      return { price, quantity }
    })
    const subscriptionData = (p.subscription_data ?? {}) as FormObject
    const session = account.createCheckoutSession({
      customer: customer ?? null,
      customerEmail: optionalString(p, 'customer_email') ?? null,
      clientReferenceId: optionalString(p, 'client_reference_id') ?? null,
      lines,
      successUrl: url(p, 'success_url', true)!,
      cancelUrl: url(p, 'cancel_url', false) ?? null,
      metadata: strings(p.metadata, 'metadata') ?? {},
      subscriptionMetadata: strings(subscriptionData.metadata, 'subscription_data[metadata]') ?? {},
    })
    return c.json(session)
  })
  api.get('/v1/checkout/sessions/:id', (c) => c.json(account.checkoutSession(c.req.param('id'))))

  api.post('/v1/billing_portal/sessions', (c) => {
    const p = allow(c.get('params'), ['customer', 'return_url', 'configuration', 'locale'])
    return c.json(
      account.createPortalSession(required(p, 'customer'), url(p, 'return_url', false) ?? null),
    )
  })

  api.get('/v1/subscriptions/:id', (c) => c.json(account.subscription(c.req.param('id'))))
  api.post('/v1/subscriptions/:id', (c) => {
    const p = allow(c.get('params'), [
      'cancel_at_period_end',
      'items',
      'metadata',
      'proration_behavior',
    ])
    const flag = optionalString(p, 'cancel_at_period_end')
    if (flag !== undefined && flag !== 'true' && flag !== 'false') {
      throw parameterInvalid('cancel_at_period_end', 'Invalid boolean')
    }
    const items = Array.isArray(p.items) ? (p.items as FormObject[]) : []
    const price = items[0] ? optionalString(items[0], 'price') : undefined
    return c.json(
      account.updateSubscription(
        c.req.param('id'),
        {
          ...(flag !== undefined ? { cancelAtPeriodEnd: flag === 'true' } : {}),
          ...(price ? { price } : {}),
          ...(p.metadata ? { metadata: strings(p.metadata, 'metadata') } : {}),
        },
        c.get('idempotencyKey'),
      ),
    )
  })
  api.delete('/v1/subscriptions/:id', (c) => {
    allow(c.get('params'), ['invoice_now', 'prorate', 'cancellation_details'])
    return c.json(account.cancelSubscription(c.req.param('id'), c.get('idempotencyKey')))
  })

  api.notFound((c) =>
    stripeError(
      c,
      new StripeApiError(404, {
        message: `Unrecognized request URL (${c.req.method}: ${c.req.path}).`,
      }),
    ),
  )
  api.onError((error, c) =>
    stripeError(
      c,
      error instanceof StripeApiError
        ? error
        : new StripeApiError(500, { type: 'api_error', message: 'Internal error.' }),
    ),
  )
  return api
}

function stripeError(c: Context, error: StripeApiError): Response {
  return c.json({ error: error.body }, error.status as 400)
}

function query(c: Context): string {
  const raw = c.req.url
  const at = raw.indexOf('?')
  return at < 0 ? '' : raw.slice(at + 1)
}

function authorized(header: string | undefined, secretKey: string): boolean {
  const key = header?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? basicUser(header)
  if (!key) return false
  const given = Buffer.from(key)
  const expected = Buffer.from(secretKey)
  return given.length === expected.length && timingSafeEqual(given, expected)
}

function basicUser(header: string | undefined): string | undefined {
  const encoded = header?.match(/^Basic\s+(\S+)$/i)?.[1]
  return encoded ? Buffer.from(encoded, 'base64').toString('utf8').split(':')[0] : undefined
}

function unauthorized(header: string | undefined): StripeApiError {
  if (!header) {
    return new StripeApiError(401, {
      message:
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    })
  }
  const key = header.replace(/^\w+\s+/, '')
  return new StripeApiError(401, {
    code: 'api_key_invalid',
    message: `Invalid API Key provided: ${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`,
  })
}

function allow(params: FormObject, known: string[]): FormObject {
  for (const key of Object.keys(params)) {
    if (!known.includes(key)) {
      throw new StripeApiError(400, {
        code: 'parameter_unknown',
        message: `Received unknown parameter: ${key}`,
        param: key,
      })
    }
  }
  return params
}

function optionalString(params: FormObject, key: string): string | undefined {
  const value = params[key]
  if (value === undefined || value === '') return undefined
  if (typeof value !== 'string') throw parameterInvalid(key, `Invalid string: ${key}`)
  return value
}

function required(params: FormObject, key: string, name = key): string {
  const value = optionalString(params, key)
  if (value === undefined) throw parameterMissing(name)
  return value
}

function url(params: FormObject, key: string, mandatory: boolean): string | undefined {
  const value = mandatory ? required(params, key) : optionalString(params, key)
  if (value === undefined) return undefined
  if (!URL.canParse(value.replace('{CHECKOUT_SESSION_ID}', 'x'))) {
    throw new StripeApiError(400, { code: 'url_invalid', message: 'Not a valid URL', param: key })
  }
  return value
}

function strings(value: FormValue | undefined, param: string): Record<string, string> | undefined {
  if (value === undefined || value === '') return undefined
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw parameterInvalid(param, `Invalid object: ${param}`)
  }
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw parameterInvalid(`${param}[${k}]`, 'Invalid string')
    out[k] = v
  }
  return out
}

import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signatureHeader, WebhookOutbox } from './webhooks.ts'

const secret = 'whsec_test_outbox_secret'
const crypto = Stripe.createSubtleCryptoProvider()

describe('webhook signatures and delivery', () => {
  let server: Server
  let endpoint: string
  let failures = 0
  const received: Array<{ type: string; verified: boolean }> = []

  beforeAll(async () => {
    // An endpoint that verifies every delivery the way Stripe's SDK tells receivers to.
    server = createServer(async (req, res) => {
      const body = await text(req)
      const verified = await Stripe.webhooks
        .constructEventAsync(body, String(req.headers['stripe-signature']), secret, 300, crypto)
        .then(() => true)
        .catch(() => false)
      received.push({ type: (JSON.parse(body) as { type: string }).type, verified })
      res.writeHead(failures-- > 0 ? 500 : 200).end()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it("signs exactly as Stripe's own test helper does", async () => {
    const payload = JSON.stringify({ id: 'evt_1', object: 'event' })
    const expected = await Stripe.webhooks.generateTestHeaderStringAsync({
      payload,
      secret,
      timestamp: 1_700_000_000,
      cryptoProvider: crypto,
    })
    expect(signatureHeader(secret, payload, 1_700_000_000)).toBe(expected)
  })

  it('delivers events in order, signed, and retries an endpoint that fails', async () => {
    const outbox = new WebhookOutbox(secret, { endpoint })
    failures = 1
    outbox.emit('customer.subscription.created', { id: 'sub_1', object: 'subscription' })
    outbox.emit('customer.subscription.updated', { id: 'sub_1', object: 'subscription' })
    await outbox.idle()
    expect(outbox.deliveries.map((d) => [d.type, d.status])).toEqual([
      ['customer.subscription.created', 500],
      ['customer.subscription.created', 200],
      ['customer.subscription.updated', 200],
    ])
    expect(received.slice(-3).every((r) => r.verified)).toBe(true)
  })

  it('snapshots the object at emit time and leaves manual events for the test to deliver', async () => {
    const outbox = new WebhookOutbox(secret, { endpoint, mode: 'manual' })
    const subscription = { id: 'sub_2', object: 'subscription', status: 'active' }
    const event = outbox.emit('customer.subscription.created', subscription)
    subscription.status = 'canceled'
    expect((event.data.object as { status: string }).status).toBe('active')
    expect(event).toMatchObject({
      object: 'event',
      api_version: Stripe.API_VERSION,
      livemode: false,
    })
    expect(outbox.deliveries).toHaveLength(0)

    const count = received.length
    expect((await outbox.deliver(event.id)).status).toBe(200)
    expect(received.at(-1)).toEqual({ type: 'customer.subscription.created', verified: true })
    const tampered = JSON.stringify({ ...event, type: 'customer.subscription.deleted' })
    await outbox.deliver(event.id, { payload: tampered })
    expect(received.at(-1)).toEqual({ type: 'customer.subscription.deleted', verified: false })
    expect(received.length).toBe(count + 2)
  })
})

async function text(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

import { Hono } from 'hono'
import type { LocalAccount } from './account.ts'
import type { LocalPrice } from './objects.ts'
import { StripeApiError } from './store.ts'

/**
 * The hosted pages a checkout or portal session's `url` opens: a test checkout with "Pay (test)"
 * and "Cancel", and a small customer portal (cancel at period end, renew, switch plan). Plain
 * HTML forms with stable labels, so a browser test can click through them. Paying waits until
 * the webhooks are delivered before redirecting, so the app already shows the new plan.
 */
export function hostedPages(account: LocalAccount): Hono {
  const pages = new Hono()

  pages.get('/c/pay/:id', (c) => {
    const session = account.state.checkoutSessions[c.req.param('id')]
    if (!session) return c.html(page('Not found', '<p>This checkout link is not valid.</p>'), 404)
    if (session.status !== 'open') {
      const back = successUrl(session.success_url, session.id)
      return c.html(
        page('Checkout complete', `<p>This checkout is complete.</p>${link(back, 'Continue')}`),
      )
    }
    const line = account.state.checkoutDetails[session.id]!.lines[0]!
    const price = account.price(line.price)
    const name = account.state.products[price.product]?.name ?? price.id
    const body = `
      <p class="test">Test mode: no real payment is made.</p>
      <h1>Subscribe to ${escapeHtml(name)}</h1>
      <p class="amount">${escapeHtml(amountText(price))}</p>
      <form method="post" action="/c/pay/${escapeHtml(session.id)}">
        <button type="submit" name="action" value="pay">Pay (test)</button>
        <button type="submit" name="action" value="cancel" class="secondary">Cancel</button>
      </form>`
    return c.html(page(`Checkout — ${name}`, body))
  })

  pages.post('/c/pay/:id', async (c) => {
    const id = c.req.param('id')
    const session = account.state.checkoutSessions[id]
    if (!session) return c.html(page('Not found', '<p>This checkout link is not valid.</p>'), 404)
    const form = await c.req.parseBody()
    if (form.action === 'cancel') return c.redirect(session.cancel_url ?? `/c/pay/${id}`, 303)
    if (session.status === 'open') {
      account.completeCheckout(id)
      await settled(account)
    }
    return c.redirect(successUrl(session.success_url, id), 303)
  })

  pages.get('/p/session/:id', (c) => {
    const portal = account.state.portalSessions[c.req.param('id')]
    if (!portal) return c.html(page('Not found', '<p>This portal link is not valid.</p>'), 404)
    const customer = account.customer(portal.customer)
    const others = Object.values(account.state.prices)
    const rows = account.subscriptionsOf(customer.id).map((s) => {
      const item = s.items.data[0]!
      const name = account.state.products[item.price.product]?.name ?? item.price.id
      const until = new Date(item.current_period_end * 1000).toISOString().slice(0, 10)
      const state =
        s.status !== 'active'
          ? s.status
          : s.cancel_at_period_end
            ? `active, cancels on ${until}`
            : `active, renews on ${until}`
      const action = (value: string, label: string, extra = '') =>
        `<button type="submit" name="action" value="${value}"${extra}>${escapeHtml(label)}</button>`
      const buttons =
        s.status === 'canceled'
          ? ''
          : [
              s.cancel_at_period_end
                ? action('renew', 'Renew plan')
                : action('cancel', 'Cancel plan', ' class="secondary"'),
              ...others
                .filter((p) => p.id !== item.price.id)
                .map((p) =>
                  action(
                    `switch:${p.id}`,
                    `Switch to ${account.state.products[p.product]?.name ?? p.id}`,
                  ),
                ),
            ].join('')
      return `<section><h2>${escapeHtml(name)}</h2><p>${escapeHtml(amountText(item.price))} · ${escapeHtml(state)}</p>
        <form method="post" action="/p/session/${escapeHtml(portal.id)}">
          <input type="hidden" name="subscription" value="${escapeHtml(s.id)}">${buttons}
        </form></section>`
    })
    const body = `<p class="test">Test mode billing portal for ${escapeHtml(customer.email ?? customer.id)}</p>
      <h1>Your plan</h1>${rows.join('') || '<p>No subscriptions yet.</p>'}
      ${portal.return_url ? link(portal.return_url, 'Return to vm-algo') : ''}`
    return c.html(page('Billing portal', body))
  })

  pages.post('/p/session/:id', async (c) => {
    const portal = account.state.portalSessions[c.req.param('id')]
    if (!portal) return c.html(page('Not found', '<p>This portal link is not valid.</p>'), 404)
    const form = await c.req.parseBody()
    const subscription = account.state.subscriptions[String(form.subscription)]
    // A portal session manages its own customer's subscriptions only.
    if (!subscription || subscription.customer !== portal.customer) {
      return c.html(page('Not found', '<p>No such subscription.</p>'), 404)
    }
    const action = String(form.action)
    try {
      if (action === 'cancel' || action === 'renew') {
        account.updateSubscription(subscription.id, { cancelAtPeriodEnd: action === 'cancel' })
      } else if (action.startsWith('switch:')) {
        account.updateSubscription(subscription.id, { price: action.slice('switch:'.length) })
      }
    } catch (error) {
      if (!(error instanceof StripeApiError)) throw error
      return c.html(page('Not possible', `<p>${escapeHtml(error.message)}</p>`), 400)
    }
    await settled(account)
    return c.redirect(`/p/session/${portal.id}`, 303)
  })

  return pages
}

// Waits for webhook delivery, but never hangs a page on an endpoint that does not answer.
const settled = (account: LocalAccount) =>
  Promise.race([account.outbox.idle(), new Promise((resolve) => setTimeout(resolve, 10_000))])

const successUrl = (template: string | null, id: string) =>
  (template ?? '/').replaceAll('{CHECKOUT_SESSION_ID}', id)

function amountText(price: LocalPrice): string {
  const amount = new Intl.NumberFormat('en-IN', {
    style: 'currency',
    currency: price.currency.toUpperCase(),
  }).format((price.unit_amount ?? 0) / 100)
  return `${amount} per ${price.recurring?.interval ?? 'month'}`
}

const link = (href: string, label: string) =>
  `<p><a href="${escapeHtml(href)}">${escapeHtml(label)}</a></p>`

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  )
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;background:#f6f8fa;margin:0;padding:3rem 1rem;color:#1f2328}
main{max-width:28rem;margin:auto;background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:2rem}
.test{background:#fff8c5;border-radius:4px;padding:.25rem .5rem;font-size:.85rem}
.amount{font-size:1.5rem;font-weight:600}
button{font:inherit;padding:.5rem 1rem;margin:.25rem .5rem .25rem 0;border-radius:6px;border:1px solid #1f6feb;background:#1f6feb;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#1f2328;border-color:#d0d7de}
section{border-top:1px solid #d0d7de;padding-top:.5rem;margin-top:1rem}
</style></head>
<body><main>${body}</main></body></html>`
}

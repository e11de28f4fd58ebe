import { Title } from '@solidjs/meta'
import { A, useSearchParams } from '@solidjs/router'
import { createEffect, createSignal, For, onCleanup, onMount, Show } from 'solid-js'
import { Alert } from '../components/Alert.tsx'
import { type Arrival, ArrivalNotice } from '../components/billing/ArrivalNotice.tsx'
import { CurrentPlan } from '../components/billing/CurrentPlan.tsx'
import { PlanCard } from '../components/billing/PlanCard.tsx'
import { Loaded } from '../components/Loaded.tsx'
import { Protected } from '../components/Protected.tsx'
import { api, read } from '../lib/api/client.ts'
import { checkoutSettled, checkoutTier, forgetCheckout, rememberCheckout } from '../lib/checkout.ts'
import { createLoad } from '../lib/load.ts'
import { type Tier, useSession } from '../lib/session.tsx'
import { createTask } from '../lib/task.ts'

const POLL_MS = 1_500
const POLL_TRIES = 40

export default function Billing() {
  return (
    <main class="page">
      <Title>Plan & billing · vm-algo</Title>
      <h1>Plan & billing</h1>
      <Protected permission="manage_billing">{() => <BillingPage />}</Protected>
    </main>
  )
}

function BillingPage() {
  const session = useSession()
  const [search] = useSearchParams()
  const billing = createLoad(
    () => true,
    () => read(api().api.v1.billing.$get()),
  )
  const [arrival, setArrival] = createSignal<Arrival>('none')
  const [expected, setExpected] = createSignal<Tier>()

  // Back from checkout: poll until the webhook has changed the plan.
  onMount(() => {
    if (search.checkout === 'cancelled') {
      forgetCheckout()
      setArrival('cancelled')
      return
    }
    if (search.checkout !== 'success') return
    setExpected(checkoutTier())
    setArrival('waiting')
    let tries = 0
    const timer = setInterval(() => {
      if (arrival() !== 'waiting') return clearInterval(timer)
      if (++tries > POLL_TRIES) {
        clearInterval(timer)
        setArrival('slow')
        return
      }
      void billing.reload()
    }, POLL_MS)
    onCleanup(() => clearInterval(timer))
  })
  createEffect(() => {
    const status = billing.data()
    if (arrival() !== 'waiting' || !status || !checkoutSettled(status, expected())) return
    setArrival('activated')
    forgetCheckout()
    void session.reload()
  })

  const redirect = createTask(async (to: 'portal' | Exclude<Tier, 'free'>) => {
    const { url } =
      to === 'portal'
        ? await read(api().api.v1.billing.portal.$post())
        : await read(api().api.v1.billing.checkout.$post({ json: { tier: to } }))
    if (to !== 'portal') rememberCheckout(to)
    location.assign(url)
    // Stay "pending" while the browser leaves.
    await new Promise(() => {})
  })

  return (
    <>
      <ArrivalNotice arrival={arrival()} tier={billing.data()?.tier} expected={expected()} />
      <Show when={redirect.problem()}>
        {(problem) => (
          <Alert tone="error">
            {problem().message}
            <Show when={problem().code === 'mfa_required'}>
              {' '}
              <A href="/account/security">Go to two-factor settings</A>
            </Show>
          </Alert>
        )}
      </Show>
      <Loaded load={billing} what="your plan">
        {(status) => (
          <>
            <CurrentPlan
              status={status()}
              busy={redirect.pending()}
              onPortal={() => redirect.run('portal')}
            />
            <section aria-labelledby="plans-title">
              <h2 id="plans-title">Plans</h2>
              <div class="plans">
                <For each={status().plans}>
                  {(plan) => (
                    <PlanCard
                      plan={plan}
                      status={status()}
                      busy={redirect.pending()}
                      onChoose={(to) => redirect.run(to)}
                    />
                  )}
                </For>
              </div>
              <p class="muted">
                Paid plans renew every month. Cancel any time in Manage billing: you keep the plan
                until the end of the period you paid for.
              </p>
            </section>
          </>
        )}
      </Loaded>
    </>
  )
}

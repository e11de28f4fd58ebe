import { Show } from 'solid-js'
import { TIER_LABEL } from '../../lib/plans.ts'
import type { Tier } from '../../lib/session.tsx'
import { Alert } from '../Alert.tsx'

/** How coming back from checkout went: `waiting` while the plan switches (by webhook). */
export type Arrival = 'none' | 'waiting' | 'activated' | 'slow' | 'cancelled'

/** The message at the top of the billing page after checkout. */
export function ArrivalNotice(props: {
  arrival: Arrival
  tier: Tier | undefined
  expected: Tier | undefined
}) {
  const planName = () => (props.expected ? TIER_LABEL[props.expected] : 'new')
  return (
    <>
      <Show when={props.arrival === 'waiting'}>
        <Alert tone="info" title="Payment received">
          Activating your {planName()} plan… this takes a few seconds.
        </Alert>
      </Show>
      <Show when={props.arrival === 'activated' && props.tier}>
        {(tier) => (
          <Alert tone="success" title={`You are on ${TIER_LABEL[tier()]} now`}>
            Thank you for upgrading. Every member of your workspace has the new plan already.
          </Alert>
        )}
      </Show>
      <Show when={props.arrival === 'slow'}>
        <Alert tone="warning" title="Your payment went through">
          The plan has not switched yet. It usually takes a few seconds; reload this page in a
          minute. You will not be charged twice.
        </Alert>
      </Show>
      <Show when={props.arrival === 'cancelled'}>
        <Alert tone="info">
          Checkout cancelled. Nothing was charged and your plan is unchanged.
        </Alert>
      </Show>
    </>
  )
}

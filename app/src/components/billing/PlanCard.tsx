import { For, Show } from 'solid-js'
import {
  type BillingStatus,
  isRunning,
  type PlanOffer,
  planFeatures,
  planPrice,
  TIER_LABEL,
} from '../../lib/plans.ts'
import type { Tier } from '../../lib/session.tsx'

/**
 * One plan on offer: price, what it includes, and the way to it — checkout without a running
 * subscription, the billing portal with one.
 */
export function PlanCard(props: {
  plan: PlanOffer
  status: BillingStatus
  busy: boolean
  onChoose: (to: 'portal' | Exclude<Tier, 'free'>) => void
}) {
  const current = () => props.plan.tier === props.status.tier
  const running = () => isRunning(props.status.subscription)
  const name = () => TIER_LABEL[props.plan.tier]
  return (
    <article
      class="plan"
      classList={{ current: current() }}
      aria-labelledby={`plan-${props.plan.tier}`}
    >
      <div class="plan-head">
        <h3 id={`plan-${props.plan.tier}`}>{name()}</h3>
        <Show when={current()}>
          <span class="badge" data-tone="ok">
            Current
          </span>
        </Show>
      </div>
      <p class="plan-price">
        {planPrice(props.plan).split(' / ')[0]} <small>/ {props.plan.interval}</small>
      </p>
      <ul>
        <For each={planFeatures(props.plan)}>{(feature) => <li>{feature}</li>}</For>
      </ul>
      <div class="plan-action">
        <Show when={!current()} fallback={<p class="plan-note">Your plan</p>}>
          <Show
            when={running()}
            fallback={
              <Show when={props.plan.tier !== 'free'}>
                <button
                  type="button"
                  class="primary"
                  disabled={props.busy || !props.status.enabled}
                  onClick={() => props.onChoose(props.plan.tier as Exclude<Tier, 'free'>)}
                >
                  Upgrade to {name()}
                </button>
              </Show>
            }
          >
            <button
              type="button"
              class="secondary"
              disabled={props.busy || !props.status.enabled}
              onClick={() => props.onChoose('portal')}
            >
              {props.plan.tier === 'free'
                ? 'Cancel in billing portal'
                : `Switch to ${name()} in billing portal`}
            </button>
          </Show>
        </Show>
      </div>
    </article>
  )
}

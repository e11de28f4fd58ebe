import { Show } from 'solid-js'
import { type BillingStatus, describeSubscription, TIER_LABEL } from '../../lib/plans.ts'
import { Alert } from '../Alert.tsx'

/** The workspace's plan and how its subscription stands; Manage billing opens the portal. */
export function CurrentPlan(props: { status: BillingStatus; busy: boolean; onPortal: () => void }) {
  const summary = () =>
    props.status.subscription ? describeSubscription(props.status.subscription) : undefined
  return (
    <section class="panel" aria-labelledby="current-plan-title">
      <div class="panel-head">
        <h2 id="current-plan-title">Current plan</h2>
        <Show when={props.status.subscription && props.status.enabled}>
          <button
            type="button"
            class="secondary"
            disabled={props.busy}
            onClick={() => props.onPortal()}
          >
            Manage billing
          </button>
        </Show>
      </div>
      <p class="current-plan">
        <span class="tier large" data-tier={props.status.tier}>
          {TIER_LABEL[props.status.tier]}
        </span>
        <Show when={summary()}>
          {(s) => (
            <span class="badge" data-tone={s().tone}>
              {s().label}
            </span>
          )}
        </Show>
      </p>
      <Show
        when={summary()}
        fallback={
          <p class="muted">
            Your workspace is on the Free plan: backtesting with one strategy. Upgrade for paper and
            live trading, scanners and alerts.
          </p>
        }
      >
        {(s) => (
          <>
            <p>{s().next}</p>
            <Show when={s().warning}>{(warning) => <Alert tone="warning">{warning()}</Alert>}</Show>
          </>
        )}
      </Show>
      <Show when={!props.status.enabled}>
        <Alert tone="info">
          Billing is not set up on this server, so plans cannot be bought here. Ask the operator to
          configure Stripe.
        </Alert>
      </Show>
    </section>
  )
}

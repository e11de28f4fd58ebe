import { createSignal, Show } from 'solid-js'
import { api, read } from '../../lib/api/client.ts'
import { TIER_LABEL } from '../../lib/plans.ts'
import type { Tier } from '../../lib/session.tsx'
import { createTask, useHydrated } from '../../lib/task.ts'
import { ProblemAlert } from '../Alert.tsx'
import { SelectField, TextAreaField } from '../Field.tsx'

interface TenantState {
  id: string
  name: string
  tier: Tier
  status: 'active' | 'suspended'
}

/**
 * A platform admin's changes to a tenant: its plan, and suspending or reinstating it. Each one
 * needs a reason, which goes into both audit chains.
 */
export function TenantActions(props: { tenant: TenantState; onChanged: (notice: string) => void }) {
  const hydrated = useHydrated()
  const [tier, setTier] = createSignal<Tier>(props.tenant.tier)
  const [tierReason, setTierReason] = createSignal('')
  const [standingReason, setStandingReason] = createSignal('')
  const param = () => ({ id: props.tenant.id })

  const changeTier = createTask(async () => {
    const updated = await read(
      api().api.v1.admin.tenants[':id'].tier.$patch({
        param: param(),
        json: { tier: tier(), reason: tierReason() },
      }),
    )
    setTierReason('')
    props.onChanged(`Plan set to ${TIER_LABEL[updated.tier]}.`)
  })
  const changeStanding = createTask(async () => {
    const json = { reason: standingReason() }
    if (props.tenant.status === 'active') {
      const { sessionsRevoked } = await read(
        api().api.v1.admin.tenants[':id'].suspend.$post({ param: param(), json }),
      )
      props.onChanged(
        `${props.tenant.name} is suspended; ${sessionsRevoked} ${sessionsRevoked === 1 ? 'session' : 'sessions'} ended.`,
      )
    } else {
      await read(api().api.v1.admin.tenants[':id'].reinstate.$post({ param: param(), json }))
      props.onChanged(`${props.tenant.name} is active again. Its members can log in.`)
    }
    setStandingReason('')
  })

  return (
    <section class="panel" aria-labelledby="tenant-actions-title">
      <h2 id="tenant-actions-title">Actions</h2>
      <form
        class="form"
        method="post"
        onSubmit={(event) => {
          event.preventDefault()
          void changeTier.run()
        }}
      >
        <h3>Change plan</h3>
        <p class="muted small">
          A workspace with a Stripe subscription gets its subscription's plan back at the next
          billing event.
        </p>
        <ProblemAlert problem={changeTier.problem()} shownFields={['reason']} />
        <SelectField
          label="Plan"
          value={tier()}
          onValue={(value) => setTier(value as Tier)}
          options={(['free', 'pro', 'elite'] as const).map((t) => ({
            value: t,
            label: TIER_LABEL[t],
          }))}
        />
        <TextAreaField
          required
          minLength={3}
          maxLength={500}
          label="Reason for the plan change"
          value={tierReason()}
          onValue={setTierReason}
          error={changeTier.problem()?.fields.reason}
        />
        <button
          type="submit"
          class="primary"
          disabled={!hydrated() || changeTier.pending() || tier() === props.tenant.tier}
        >
          {changeTier.pending() ? 'Saving…' : 'Change plan'}
        </button>
      </form>
      <form
        class="form separated"
        method="post"
        onSubmit={(event) => {
          event.preventDefault()
          void changeStanding.run()
        }}
      >
        <Show
          when={props.tenant.status === 'active'}
          fallback={
            <>
              <h3>Reinstate</h3>
              <p class="muted small">Members can log in again; ended sessions stay ended.</p>
            </>
          }
        >
          <h3>Suspend</h3>
          <p class="muted small">Ends every session of this workspace at once and blocks logins.</p>
        </Show>
        <ProblemAlert problem={changeStanding.problem()} shownFields={['reason']} />
        <TextAreaField
          required
          minLength={3}
          maxLength={500}
          label={
            props.tenant.status === 'active' ? 'Reason for suspending' : 'Reason for reinstating'
          }
          value={standingReason()}
          onValue={setStandingReason}
          error={changeStanding.problem()?.fields.reason}
        />
        <button
          type="submit"
          class={props.tenant.status === 'active' ? 'danger' : 'primary'}
          disabled={!hydrated() || changeStanding.pending()}
        >
          {props.tenant.status === 'active' ? 'Suspend workspace' : 'Reinstate workspace'}
        </button>
      </form>
    </section>
  )
}

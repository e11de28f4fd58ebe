import { Match, Switch } from 'solid-js'
import type { HealthProbe } from '../lib/health.ts'
import { formatIst, overall, type StatusCard } from '../lib/status-cards.ts'

/** The page's headline: the whole platform in one sentence, in the words an operator would use. */
export function StatusSummary(props: {
  probe: HealthProbe
  cards: StatusCard[]
  refreshS: number
}) {
  const headline = () => overall(props.cards)
  return (
    <div
      class="summary"
      data-state={headline().state}
      role={headline().state === 'ok' ? 'status' : 'alert'}
    >
      <p class="summary-text">
        <Switch fallback={headline().text}>
          <Match when={props.probe.kind === 'unreachable' && props.probe}>
            {(probe) => (
              <>
                Edge API unreachable at {probe().edgeUrl} — is <code>npm start</code> running?
              </>
            )}
          </Match>
          <Match when={props.probe.kind === 'invalid' && props.probe}>
            {(probe) => <>Edge API at {probe().edgeUrl} gave an unexpected answer</>}
          </Match>
          <Match when={props.probe.kind === 'offline'}>
            The vm-algo app server cannot be reached; retrying
          </Match>
        </Switch>
      </p>
      <p class="summary-meta">
        Checked {formatIst(props.probe.checkedAt)} · refreshes every {props.refreshS} s
      </p>
    </div>
  )
}

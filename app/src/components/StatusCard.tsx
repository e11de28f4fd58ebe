import { For, Show } from 'solid-js'
import { type StatusCard as Card, type CardState, STATE_WORD } from '../lib/status-cards.ts'

function StateBadge(props: { state: CardState; label?: string | undefined }) {
  return (
    <span class="badge" data-state={props.state}>
      {props.label ?? STATE_WORD[props.state]}
    </span>
  )
}

export function StatusCard(props: { card: Card }) {
  const headingId = () => `card-${props.card.id}`
  return (
    <section class="card" data-state={props.card.state} aria-labelledby={headingId()}>
      <header class="card-head">
        <h2 id={headingId()}>{props.card.title}</h2>
        <StateBadge state={props.card.state} label={props.card.badge} />
      </header>
      <dl class="card-details">
        <Show when={props.card.latencyMs !== undefined}>
          <div>
            <dt>Latency</dt>
            <dd>{formatLatency(props.card.latencyMs!)}</dd>
          </div>
        </Show>
        <For each={props.card.details}>
          {(detail) => (
            <div>
              <dt>{detail.label}</dt>
              <dd>{detail.value}</dd>
            </div>
          )}
        </For>
      </dl>
      <Show when={props.card.note}>{(note) => <p class="card-note">{note()}</p>}</Show>
    </section>
  )
}

function formatLatency(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`
}

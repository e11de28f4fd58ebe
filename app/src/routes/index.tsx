import { Title } from '@solidjs/meta'
import { createAsync, type RouteDefinition, revalidate } from '@solidjs/router'
import { createMemo, Index, onCleanup, onMount, Show } from 'solid-js'
import { StatusCard } from '../components/StatusCard.tsx'
import { StatusSummary } from '../components/StatusSummary.tsx'
import { getEdgeHealth } from '../lib/edge-health.ts'
import { statusCards } from '../lib/status-cards.ts'

const REFRESH_MS = 5_000

export const route = { preload: () => getEdgeHealth() } satisfies RouteDefinition

export default function Home() {
  // deferStream: the first HTML already carries the status, not a loading placeholder.
  const probe = createAsync(() => getEdgeHealth(), { deferStream: true })
  const cards = createMemo(() => {
    const current = probe()
    return current ? statusCards(current) : []
  })
  onMount(() => {
    const timer = setInterval(() => revalidate(getEdgeHealth.key), REFRESH_MS)
    onCleanup(() => clearInterval(timer))
  })
  return (
    <main class="page">
      <Title>Platform status · vm-algo</Title>
      <h1>Platform status</h1>
      <Show when={probe()}>
        {(current) => (
          <>
            <StatusSummary probe={current()} cards={cards()} refreshS={REFRESH_MS / 1000} />
            <div class="cards">
              <Index each={cards()}>{(card) => <StatusCard card={card()} />}</Index>
            </div>
          </>
        )}
      </Show>
    </main>
  )
}

import { A } from '@solidjs/router'
import { For } from 'solid-js'

/**
 * A section's tabs, as links: the current page's tab is marked active.
 *
 * @example
 * <Tabs label="Account" items={[{ href: '/account', label: 'Overview', end: true }]} />
 */
export function Tabs(props: {
  label: string
  items: ReadonlyArray<{ href: string; label: string; end?: boolean }>
}) {
  return (
    <nav class="tabs" aria-label={props.label}>
      <For each={props.items}>
        {(item) => (
          <A href={item.href} end={item.end ?? false} activeClass="active">
            {item.label}
          </A>
        )}
      </For>
    </nav>
  )
}

import { A } from '@solidjs/router'
import { For } from 'solid-js'
import { EXAMPLES } from '../../lib/examples.ts'
import { KIND_LABEL } from '../../lib/plugins.ts'

/** The SDK's example plugins, each a link that opens the editor with its source. */
export function ExampleList() {
  return (
    <ul class="examples" aria-label="Examples">
      <For each={EXAMPLES}>
        {(example) => (
          <li>
            <p class="example-head">
              <strong>{example.name}</strong>{' '}
              <span class="badge" data-tone="neutral">
                {KIND_LABEL[example.kind]}
              </span>
            </p>
            <p class="muted small">{example.summary}</p>
            <A
              href={`/plugins/new?example=${example.id}`}
              aria-label={`Start from the ${example.name} example`}
            >
              Start from this example
            </A>
          </li>
        )}
      </For>
    </ul>
  )
}

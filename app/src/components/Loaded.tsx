import { type Accessor, type JSX, Show } from 'solid-js'
import type { Load } from '../lib/load.ts'
import { ProblemAlert } from './Alert.tsx'

/**
 * What a page loaded, once it has: "Loading …" before, the failure in words if it failed.
 * Data already shown stays while a newer load runs.
 *
 * @example
 * <Loaded load={members} what="members">{(page) => <MembersList page={page()} />}</Loaded>
 */
export function Loaded<T extends object>(props: {
  load: Load<T>
  /** Named in the loading message: "Loading members…". */
  what: string
  children: (data: Accessor<T>) => JSX.Element
}) {
  return (
    <>
      <ProblemAlert problem={props.load.problem()} />
      <Show
        when={props.load.data()}
        fallback={
          <Show when={props.load.loading()}>
            <p class="loading" role="status">
              Loading {props.what}…
            </p>
          </Show>
        }
      >
        {(data) => props.children(data)}
      </Show>
    </>
  )
}

import { A } from '@solidjs/router'
import { Show } from 'solid-js'
import type { ApiProblem } from '../../lib/api/problem.ts'
import { Alert, ProblemAlert } from '../Alert.tsx'

/**
 * Why an action failed. A 402 — the plan's limit is reached, or the plan lacks the feature —
 * says so and links to the plans; anything else reads as ProblemAlert does.
 */
export function PlanProblem(props: {
  problem: ApiProblem | undefined
  title?: string
  shownFields?: readonly string[]
}) {
  return (
    <Show
      when={props.problem?.status === 402 && props.problem}
      fallback={
        <ProblemAlert
          problem={props.problem}
          {...(props.title ? { title: props.title } : {})}
          {...(props.shownFields ? { shownFields: props.shownFields } : {})}
        />
      }
    >
      {(problem) => (
        <Alert tone="warning" title="Your plan does not allow this">
          {problem().message} <A href="/billing">See the plans and upgrade</A>
        </Alert>
      )}
    </Show>
  )
}

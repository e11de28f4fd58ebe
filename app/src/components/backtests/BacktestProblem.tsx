import { A } from '@solidjs/router'
import { Show } from 'solid-js'
import type { ApiProblem } from '../../lib/api/problem.ts'
import { Alert } from '../Alert.tsx'
import { PlanProblem } from '../deployments/PlanProblem.tsx'

/**
 * Why a backtest was not queued. Today's runs used up (429) says when they come back and how
 * to get more; a limit of the plan (402: date range, sweeps) links to the plans; anything else
 * reads as PlanProblem does.
 */
export function BacktestProblem(props: {
  problem: ApiProblem | undefined
  shownFields?: readonly string[]
}) {
  return (
    <Show
      when={props.problem?.code === 'quota_exceeded' && props.problem}
      fallback={
        <PlanProblem
          problem={props.problem}
          {...(props.shownFields ? { shownFields: props.shownFields } : {})}
        />
      }
    >
      {(problem) => (
        <Alert tone="warning" title="No backtests left today">
          {problem().message} <A href="/billing">Upgrade for more runs a day</A>
        </Alert>
      )}
    </Show>
  )
}

import { For } from 'solid-js'
import { api, read } from '../../lib/api/client.ts'
import {
  ACTION_LABEL,
  type Action,
  allowedActions,
  type Deployment,
} from '../../lib/deployments.ts'
import { createTask, useHydrated } from '../../lib/task.ts'
import { PlanProblem } from './PlanProblem.tsx'

/**
 * Start, pause and stop — only those the deployment's status allows. A refusal (409 when the
 * status changed meanwhile, 402 when the plan has no free place) is shown beside the buttons.
 */
export function DeploymentActions(props: {
  deployment: Deployment
  onChanged: (deployment: Deployment) => void
  /** Names the deployment in the buttons' accessible names, in tables. */
  name?: string
}) {
  const hydrated = useHydrated()
  const act = createTask(async (action: Action) => {
    const param = { deploymentId: props.deployment.id }
    const endpoint = api().api.v1.deployments[':deploymentId']
    const updated = await read(
      action === 'start'
        ? endpoint.start.$post({ param })
        : action === 'pause'
          ? endpoint.pause.$post({ param })
          : endpoint.stop.$post({ param }),
    )
    props.onChanged(updated)
  })
  return (
    <div class="deployment-actions">
      <div class="row-actions">
        <For each={allowedActions(props.deployment.status)}>
          {(action) => (
            <button
              type="button"
              class={action === 'stop' ? 'secondary small danger-text' : 'secondary small'}
              disabled={!hydrated() || act.pending()}
              aria-label={props.name ? `${ACTION_LABEL[action]} ${props.name}` : undefined}
              onClick={() => void act.run(action)}
            >
              {ACTION_LABEL[action]}
            </button>
          )}
        </For>
      </div>
      <PlanProblem problem={act.problem()} />
    </div>
  )
}

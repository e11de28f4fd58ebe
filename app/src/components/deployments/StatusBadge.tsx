import { type DeploymentStatus, STATUS_HELP, STATUS_TONE } from '../../lib/deployments.ts'

/** A deployment's status as a badge; its meaning as the tooltip. */
export function StatusBadge(props: { status: DeploymentStatus }) {
  return (
    <span
      class="badge status"
      data-tone={STATUS_TONE[props.status]}
      data-status={props.status}
      title={STATUS_HELP[props.status]}
    >
      {props.status}
    </span>
  )
}

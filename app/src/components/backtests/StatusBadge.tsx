import { type BacktestStatus, STATUS_HELP, STATUS_TONE } from '../../lib/backtests.ts'

/** A backtest's status as a badge; its meaning as the tooltip. */
export function StatusBadge(props: { status: BacktestStatus }) {
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

/**
 * A status (of a deployment, a backtest…) as a badge: `tones` colour it (`data-tone`), `help`
 * says what it means (the tooltip).
 */
export function StatusBadge<S extends string>(props: {
  status: S
  tones: Readonly<Record<S, string>>
  help: Readonly<Record<S, string>>
}) {
  return (
    <span
      class="badge status"
      data-tone={props.tones[props.status]}
      data-status={props.status}
      title={props.help[props.status]}
    >
      {props.status}
    </span>
  )
}

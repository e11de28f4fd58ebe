import { A } from '@solidjs/router'
import { Alert } from '../Alert.tsx'

/** Scans need the `scanner` permission, which comes with the Pro and Elite plans. */
export function UpgradeNotice(props: { detail?: string | undefined }) {
  return (
    <Alert tone="info" title="Live scans are part of the Pro and Elite plans">
      <p>
        {props.detail ?? 'Your plan does not include scans.'} Upgrade to build scans that run on
        every closed candle and list their matches here as they come.
      </p>
      <p>
        <A href="/billing">See the plans and upgrade</A>
      </p>
    </Alert>
  )
}

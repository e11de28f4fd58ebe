import { Title } from '@solidjs/meta'
import { AccountNav } from '../../../components/AccountNav.tsx'
import { KiteKeysForm } from '../../../components/broker/KiteKeysForm.tsx'
import { KiteStatus } from '../../../components/broker/KiteStatus.tsx'
import { Loaded } from '../../../components/Loaded.tsx'
import { Protected } from '../../../components/Protected.tsx'
import { loadKite } from '../../../lib/broker.ts'
import { createLoad } from '../../../lib/load.ts'

export default function Broker() {
  return (
    <main class="page">
      <Title>Broker · vm-algo</Title>
      <h1>Your account</h1>
      <AccountNav />
      <Protected>{() => <KitePanel />}</Protected>
    </main>
  )
}

function KitePanel() {
  const kite = createLoad(() => true, loadKite)
  return (
    <section class="panel" aria-labelledby="kite-title">
      <h2 id="kite-title">Zerodha Kite</h2>
      <p class="muted">
        Connect your own Kite Connect app to import bars from Kite for backtests. Kite has no
        lasting login: its session ends at 06:00 IST every day, so log in with Kite again each
        trading day. Set the app’s redirect URL to{' '}
        <code>
          {typeof location === 'undefined' ? '' : location.origin}/account/broker/kite/callback
        </code>
        .
      </p>
      <Loaded load={kite} what="your Kite connection">
        {(connection) => (
          <>
            <KiteStatus connection={connection()} onChanged={() => void kite.reload()} />
            <h3>Your Kite Connect app</h3>
            <KiteKeysForm current={connection()} onSaved={() => void kite.reload()} />
          </>
        )}
      </Loaded>
    </section>
  )
}

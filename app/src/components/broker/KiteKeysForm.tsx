import { createSignal } from 'solid-js'
import { type KiteConnection, saveKiteKeys } from '../../lib/broker.ts'
import { createTask, useHydrated } from '../../lib/task.ts'
import { ProblemAlert } from '../Alert.tsx'
import { Field } from '../Field.tsx'

/**
 * The Kite Connect app's API key and secret (from developers.kite.trade), with the static IP
 * and algo id the exchange wants for algo orders. The secret is sent once and never shown.
 */
export function KiteKeysForm(props: {
  current: KiteConnection
  onSaved: (connection: KiteConnection) => void
}) {
  const hydrated = useHydrated()
  const [apiKey, setApiKey] = createSignal('')
  const [apiSecret, setApiSecret] = createSignal('')
  const [staticIp, setStaticIp] = createSignal(props.current.staticIp ?? '')
  const [algoId, setAlgoId] = createSignal(props.current.algoId ?? '')
  const save = createTask(async () => {
    const saved = await saveKiteKeys({
      apiKey: apiKey().trim(),
      apiSecret: apiSecret().trim(),
      staticIp: staticIp().trim() || null,
      algoId: algoId().trim() || null,
    })
    setApiSecret('')
    props.onSaved(saved)
  })
  const fields = () => save.problem()?.fields ?? {}
  return (
    <form
      class="form"
      method="post"
      onSubmit={(event) => {
        event.preventDefault()
        void save.run()
      }}
    >
      <ProblemAlert
        problem={save.problem()}
        shownFields={['apiKey', 'apiSecret', 'staticIp', 'algoId']}
      />
      <div class="grid two">
        <Field
          label="API key"
          required
          autocomplete="off"
          spellcheck={false}
          value={apiKey()}
          onValue={setApiKey}
          error={fields().apiKey}
          hint={
            props.current.apiKey
              ? `Saved: ${props.current.apiKey}. Enter it again to replace it.`
              : 'Your Kite Connect app’s API key (developers.kite.trade → My apps).'
          }
        />
        <Field
          label="API secret"
          type="password"
          required
          autocomplete="off"
          value={apiSecret()}
          onValue={setApiSecret}
          error={fields().apiSecret}
          hint="Stored encrypted; never shown again."
        />
        <Field
          label="Static IP (optional)"
          autocomplete="off"
          value={staticIp()}
          onValue={setStaticIp}
          error={fields().staticIp}
          hint="The IP registered with Kite; exchanges accept algo orders only from it."
        />
        <Field
          label="Algo id (optional)"
          autocomplete="off"
          value={algoId()}
          onValue={setAlgoId}
          error={fields().algoId}
          hint="The exchange’s id for your strategy, sent with every order."
        />
      </div>
      <div>
        <button type="submit" class="primary" disabled={!hydrated() || save.pending()}>
          {save.pending() ? 'Saving…' : 'Save key and secret'}
        </button>
      </div>
    </form>
  )
}

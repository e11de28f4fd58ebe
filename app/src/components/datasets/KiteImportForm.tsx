import { A } from '@solidjs/router'
import { createSignal, createUniqueId, For, Show } from 'solid-js'
import { importFromKite, kiteExpiry, loadKite } from '../../lib/broker.ts'
import type { Dataset } from '../../lib/datasets.ts'
import { createLoad } from '../../lib/load.ts'
import { TIMEFRAMES, type Timeframe, timeframeLabel } from '../../lib/scans.ts'
import { createTask, useHydrated } from '../../lib/task.ts'
import { Alert, ProblemAlert } from '../Alert.tsx'
import { Field, SelectField } from '../Field.tsx'

/**
 * Suggested symbols: those the platform bundles data of. Any NSE equity or index imports
 * (the core looks it up in Kite's instrument list), so the field takes free text.
 */
const KITE_SUGGESTIONS = [
  'NIFTY50',
  'BANKNIFTY',
  'RELIANCE',
  'INFY',
  'TCS',
  'HDFCBANK',
  'SBIN',
  'ICICIBANK',
]

/**
 * Import bars from the member's Kite account: shown with a live Kite session; otherwise a link
 * to connect (or log in again after 06:00 IST).
 */
export function KiteImportForm(props: { onImported: (dataset: Dataset) => void }) {
  const kite = createLoad(() => true, loadKite)
  return (
    <section class="panel" aria-labelledby="kite-import-title">
      <h2 id="kite-import-title">Import from Kite</h2>
      <Show when={kite.data()}>
        {(connection) => (
          <Show
            when={connection().status === 'live' && connection().session}
            fallback={
              <p class="muted">
                {connection().status === 'expired'
                  ? 'Your Kite session ended at 06:00 IST. '
                  : 'Import bars straight from your Zerodha account. '}
                <A href="/account/broker">
                  {connection().status === 'not_configured' ? 'Connect Kite' : 'Log in with Kite'}
                </A>{' '}
                first.
              </p>
            }
          >
            {(session) => (
              <ImportFields
                note={`Kite session of ${session().kiteUserId}, ${kiteExpiry(session().expiresAt)}.`}
                onImported={props.onImported}
              />
            )}
          </Show>
        )}
      </Show>
    </section>
  )
}

function ImportFields(props: { note: string; onImported: (dataset: Dataset) => void }) {
  const hydrated = useHydrated()
  const suggestions = createUniqueId()
  const [symbol, setSymbol] = createSignal('NIFTY50')
  const chosen = () => symbol().trim().toUpperCase()
  const [timeframe, setTimeframe] = createSignal<Timeframe>('1d')
  const [from, setFrom] = createSignal('')
  const [to, setTo] = createSignal('')
  const [name, setName] = createSignal('')
  const [imported, setImported] = createSignal<Dataset>()
  const save = createTask(async () => {
    const dataset = await importFromKite({
      name: name().trim() || `${chosen()} ${timeframe()} ${from()} – ${to()} (Kite)`,
      symbol: chosen(),
      timeframe: timeframe(),
      from: from(),
      to: to(),
    })
    setImported(dataset)
    props.onImported(dataset)
  })
  const fields = () => save.problem()?.fields ?? {}
  return (
    <form
      class="form"
      method="post"
      onSubmit={(event) => {
        event.preventDefault()
        setImported(undefined)
        void save.run()
      }}
    >
      <p class="muted small">{props.note}</p>
      <Show when={imported()}>
        {(d) => (
          <Alert tone="success">
            Imported “{d().name}” from Kite: {d().rows.toLocaleString('en-IN')} bars of {d().symbol}
            , {timeframeLabel(d().timeframe)}.
          </Alert>
        )}
      </Show>
      <ProblemAlert
        problem={save.problem()}
        shownFields={['symbol', 'timeframe', 'from', 'to', 'name']}
      />
      <div class="grid two">
        <Field
          label="Symbol"
          required
          maxLength={40}
          autocomplete="off"
          spellcheck={false}
          list={suggestions}
          value={symbol()}
          onValue={setSymbol}
          error={fields().symbol}
          hint="Any NSE stock by its trading symbol, such as ITC or M&M; indices as NIFTY50 or BANKNIFTY."
        />
        <datalist id={suggestions}>
          <For each={KITE_SUGGESTIONS}>{(s) => <option value={s} />}</For>
        </datalist>
        <SelectField
          label="Timeframe"
          value={timeframe()}
          onValue={(v) => setTimeframe(v as Timeframe)}
          options={TIMEFRAMES}
          error={fields().timeframe}
        />
        <Field
          label="From"
          type="date"
          required
          value={from()}
          onValue={setFrom}
          error={fields().from}
        />
        <Field label="To" type="date" required value={to()} onValue={setTo} error={fields().to} />
        <Field
          label="Name (optional)"
          maxLength={64}
          value={name()}
          onValue={setName}
          error={fields().name}
          hint="Unique in your workspace; symbol, timeframe and dates if left empty."
        />
      </div>
      <div>
        <button type="submit" class="primary" disabled={!hydrated() || save.pending()}>
          {save.pending() ? 'Importing from Kite…' : 'Import from Kite'}
        </button>
      </div>
    </form>
  )
}

import { A } from '@solidjs/router'
import { createEffect, createSignal, on, Show } from 'solid-js'
import { api, read } from '../../lib/api/client.ts'
import {
  type BacktestFields,
  BUNDLED_DATA,
  backtestBody,
  DEFAULT_FIELDS,
  FOLDS,
  formParams,
  gridSize,
  IN_SAMPLE_PERCENT,
  parseGrid,
} from '../../lib/backtest-form.ts'
import type { BacktestJob } from '../../lib/backtests.ts'
import { listAllDatasets } from '../../lib/datasets.ts'
import { findExample } from '../../lib/examples.ts'
import { timeAgo } from '../../lib/format.ts'
import { createLoad } from '../../lib/load.ts'
import { defaultForm, type ParamForm } from '../../lib/params.ts'
import { DEFAULT_RANK_BY, isRankMetric, RANK_OPTIONS } from '../../lib/rank-by.ts'
import { createStrategyChoice, exampleChoice } from '../../lib/strategy-choice.ts'
import { createTask, useHydrated } from '../../lib/task.ts'
import { ParamFields } from '../deployments/ParamFields.tsx'
import { Field, SelectField, TextAreaField } from '../Field.tsx'
import { BacktestProblem } from './BacktestProblem.tsx'
import { DatasetPicker } from './DatasetPicker.tsx'

export interface FormStart {
  /** `example:<id>` or `plugin:<pluginId>` (see createStrategyChoice). */
  strategy?: string | undefined
  versionId?: string | undefined
  fields?: BacktestFields
  params?: ParamForm
}

/**
 * The backtest form: a bundled example or one of the workspace's strategies (and its version),
 * the symbols and imported datasets, bars and dates, the capital, the strategy's parameters (a
 * form generated from its manifest), the cost model, and optionally a sweep grid (with what
 * ranks its combinations, and optionally as a walk-forward test).
 */
export function BacktestForm(props: { start?: FormStart; onCreated: (job: BacktestJob) => void }) {
  const hydrated = useHydrated()
  const pick = createStrategyChoice(
    props.start?.strategy ?? exampleChoice('sma-crossover'),
    props.start?.versionId,
  )
  const { exampleId, pluginId, version, versionItems, manifest } = pick
  const [fields, setFields] = createSignal<BacktestFields>(props.start?.fields ?? DEFAULT_FIELDS)
  const set = <K extends keyof BacktestFields>(key: K, value: BacktestFields[K]) =>
    setFields((f) => ({ ...f, [key]: value }))
  const shownParams = () => formParams(manifest()?.params ?? [])
  const datasets = createLoad(() => true, listAllDatasets)

  const [paramForm, setParamForm] = createSignal<ParamForm>({})
  const [errors, setErrors] = createSignal<Record<string, string>>({})
  let startParams = props.start?.params
  createEffect(
    on(
      () => `${pick.choice()} ${version()?.id ?? ''} ${manifest() ? 'read' : ''}`,
      () => {
        // The run being repeated keeps its values over the defaults, once.
        setParamForm({ ...defaultForm(shownParams()), ...(manifest() ? startParams : {}) })
        if (manifest()) startParams = undefined
        setErrors({})
      },
    ),
  )

  // The datasets as sent: complaints name them by their place in the request.
  const [sentDatasets, setSentDatasets] = createSignal<string[]>([])
  const submit = createTask(async () => {
    const chosen = pick.strategy()
    if (!chosen) return
    setSentDatasets(fields().datasets)
    const built = backtestBody(
      chosen,
      fields(),
      manifest()?.params ?? [],
      paramForm(),
      datasets.data(),
    )
    setErrors(built.ok ? {} : built.errors)
    if (!built.ok) return
    props.onCreated(await read(api().api.v1.backtests.$post({ json: built.body })))
  })
  const fieldError = (path: string) => {
    if (errors()[path]) return errors()[path]
    const server = submit.problem()?.fields ?? {}
    const key = Object.keys(server).find((k) => k === path || k.startsWith(`${path}.`))
    return key ? server[key] : undefined
  }
  const datasetIssue = (id: string) => {
    const at = sentDatasets().indexOf(id)
    return at < 0 || !fields().datasets.includes(id) ? undefined : fieldError(`datasets.${at}`)
  }
  const shownFields = () => [
    'symbols',
    'timeframe',
    'from',
    'to',
    'capital',
    'costs.product',
    'costs.slippageBps',
    'grid',
    'rankBy',
    'walkForward.folds',
    'walkForward.inSampleRatio',
    'datasets',
    ...shownParams().map((p) => `params.${p.name}`),
    ...Object.keys(submit.problem()?.fields ?? {}).filter(
      (k) => k.startsWith('symbols.') || k.startsWith('datasets.') || k.startsWith('grid.'),
    ),
  ]
  const combinations = () => {
    const parsed = parseGrid(fields().grid, shownParams())
    return parsed.ok ? gridSize(parsed.grid) : undefined
  }
  return (
    <section class="panel" aria-labelledby="backtest-form-title">
      <h2 id="backtest-form-title">Backtest a strategy</h2>
      <form
        class="form"
        method="post"
        onSubmit={(event) => {
          event.preventDefault()
          void submit.run()
        }}
      >
        <BacktestProblem problem={submit.problem()} shownFields={shownFields()} />
        <div class="grid two">
          <SelectField
            label="Strategy"
            value={pick.choice()}
            onValue={pick.choose}
            options={pick.options()}
            hint={
              exampleId()
                ? findExample(exampleId())?.summary
                : 'A saved version of your strategy runs as it was saved.'
            }
          />
          <Show when={pluginId()}>
            <Show
              when={versionItems().length}
              fallback={
                <p class="muted">
                  <Show when={!pick.versions.loading()} fallback="Loading its versions…">
                    No version of it is saved yet.{' '}
                    <A href={`/plugins/${pluginId()}`}>Save one in the editor</A>.
                  </Show>
                </p>
              }
            >
              <SelectField
                label="Version"
                value={version()?.id ?? ''}
                onValue={pick.chooseVersion}
                options={versionItems().map((v, i) => ({
                  value: v.id,
                  label: `${v.version}${i === 0 ? ' (newest)' : ''} · ${timeAgo(v.createdAt)}`,
                }))}
              />
            </Show>
          </Show>
        </div>
        <div class="grid two">
          <Field
            label="Symbols"
            value={fields().symbols}
            onValue={(v) => set('symbols', v)}
            autocomplete="off"
            hint={
              <>
                {manifest()?.universe.length
                  ? `It trades ${manifest()!.universe.join(', ')}. Separate symbols with commas.`
                  : 'NSE symbols, separated by commas.'}
                <Show when={fields().datasets.length > 0}>
                  {' '}
                  Leave empty to run on the ticked datasets alone.
                </Show>
              </>
            }
            error={fieldError('symbols')}
          />
          <SelectField
            label="Bars"
            value={fields().timeframe}
            onValue={(v) => set('timeframe', v === '1m' ? '1m' : '1d')}
            options={[
              { value: '1d', label: 'Daily' },
              { value: '1m', label: '1 minute' },
            ]}
            hint={BUNDLED_DATA[fields().timeframe]}
            error={fieldError('timeframe')}
          />
          <Field
            label="From"
            type="date"
            value={fields().from}
            onValue={(v) => set('from', v)}
            hint="First day, included (IST)."
            error={fieldError('from')}
          />
          <Field
            label="To"
            type="date"
            value={fields().to}
            onValue={(v) => set('to', v)}
            hint="Last day, included. Plans limit how long a range one backtest covers."
            error={fieldError('to')}
          />
          <Field
            label="Starting capital (₹)"
            type="number"
            inputmode="decimal"
            min="1000"
            step="any"
            value={fields().capital}
            onValue={(v) => set('capital', v)}
            error={fieldError('capital')}
          />
        </div>
        <DatasetPicker
          datasets={datasets}
          timeframe={fields().timeframe}
          ticked={fields().datasets}
          onTicked={(ids) => set('datasets', ids)}
          issue={datasetIssue}
          error={errors().datasets ?? submit.problem()?.fields.datasets}
        />
        <fieldset class="form params">
          <legend>Costs</legend>
          <SelectField
            label="Product"
            value={fields().product}
            onValue={(v) => set('product', v === 'MIS' ? 'MIS' : 'CNC')}
            options={[
              { value: 'CNC', label: 'CNC (delivery)' },
              { value: 'MIS', label: 'MIS (intraday, 1-minute bars)' },
            ]}
            hint="Zerodha's current brokerage, STT, exchange, SEBI, stamp duty and GST for it."
            error={fieldError('costs.product')}
          />
          <Field
            label="Slippage (basis points)"
            type="number"
            inputmode="decimal"
            min="0"
            max="1000"
            step="any"
            placeholder="one tick"
            value={fields().slippageBps}
            onValue={(v) => set('slippageBps', v)}
            hint="Against you on market and stop fills; empty: one tick (₹0.05)."
            error={fieldError('costs.slippageBps')}
          />
        </fieldset>
        <Show
          when={manifest()}
          fallback={
            <p class="muted small" role="status">
              <Show
                when={pick.exampleManifest.problem() && exampleId()}
                fallback="Reading the strategy's parameters…"
              >
                Its parameters could not be read ({pick.exampleManifest.problem()?.message}); it
                runs with its defaults.
              </Show>
            </p>
          }
        >
          <Show when={shownParams().length}>
            <fieldset class="form params">
              <legend>Parameters</legend>
              <ParamFields
                params={shownParams()}
                form={paramForm()}
                onChange={(name, value) => setParamForm((f) => ({ ...f, [name]: value }))}
                error={(name) => fieldError(`params.${name}`)}
              />
            </fieldset>
          </Show>
          <div class="field">
            <label class="check">
              <input
                type="checkbox"
                checked={fields().sweep}
                onChange={(event) => set('sweep', event.currentTarget.checked)}
              />{' '}
              Sweep parameters (run every combination of several values)
            </label>
          </div>
          <Show when={fields().sweep}>
            <TextAreaField
              label="Sweep grid"
              rows={3}
              value={fields().grid}
              onValue={(v) => set('grid', v)}
              hint={
                <>
                  One parameter a line, e.g. <code>fast = 5, 10, 20</code>.{' '}
                  {combinations() !== undefined
                    ? `${combinations()} combinations${fields().walkForward ? ' in each fold' : ''}. `
                    : ''}
                  Sweeps and walk-forward tests are part of the Pro and Elite plans.
                </>
              }
              error={fieldError('grid')}
            />
            <SelectField
              label="Rank by"
              value={fields().rankBy}
              onValue={(v) => set('rankBy', isRankMetric(v) ? v : DEFAULT_RANK_BY)}
              options={RANK_OPTIONS}
              hint="The best combination by this metric is reported in full; ties go to the higher total return."
              error={fieldError('rankBy')}
            />
            <div class="field">
              <label class="check">
                <input
                  type="checkbox"
                  checked={fields().walkForward}
                  onChange={(event) => set('walkForward', event.currentTarget.checked)}
                />{' '}
                Walk-forward test (pick the best combination on each fold's first part, test it on
                the days after)
              </label>
            </div>
            <Show when={fields().walkForward}>
              <div class="grid two">
                <Field
                  label="Folds"
                  type="number"
                  inputmode="numeric"
                  min={String(FOLDS.min)}
                  max={String(FOLDS.max)}
                  step="1"
                  value={fields().folds}
                  onValue={(v) => set('folds', v)}
                  hint={`${FOLDS.min} to ${FOLDS.max} consecutive parts of the dates.`}
                  error={fieldError('walkForward.folds')}
                />
                <Field
                  label="In-sample share (%)"
                  type="number"
                  inputmode="decimal"
                  min={String(IN_SAMPLE_PERCENT.min)}
                  max={String(IN_SAMPLE_PERCENT.max)}
                  step="any"
                  value={fields().inSample}
                  onValue={(v) => set('inSample', v)}
                  hint="Of each fold's trading days, the share that picks the parameters; the rest tests them."
                  error={fieldError('walkForward.inSampleRatio')}
                />
              </div>
            </Show>
          </Show>
        </Show>
        <div>
          <button
            type="submit"
            class="primary"
            disabled={!hydrated() || submit.pending() || !pick.strategy()}
          >
            {submit.pending() ? 'Queueing…' : submitLabel(fields())}
          </button>
        </div>
      </form>
    </section>
  )
}

const submitLabel = (fields: BacktestFields) =>
  !fields.sweep ? 'Run backtest' : fields.walkForward ? 'Run walk-forward test' : 'Run sweep'

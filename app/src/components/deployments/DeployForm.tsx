import { A } from '@solidjs/router'
import { createEffect, createSignal, For, on, Show } from 'solid-js'
import { api, read } from '../../lib/api/client.ts'
import type { Deployment } from '../../lib/deployments.ts'
import { timeAgo } from '../../lib/format.ts'
import { createLoad } from '../../lib/load.ts'
import { defaultForm, type ParamForm, paramValues } from '../../lib/params.ts'
import { readManifest } from '../../lib/plugins.ts'
import { createTask, useHydrated } from '../../lib/task.ts'
import { SelectField } from '../Field.tsx'
import { Loaded } from '../Loaded.tsx'
import { ParamFields } from './ParamFields.tsx'
import { PlanProblem } from './PlanProblem.tsx'

/**
 * Deploys a version of one of the workspace's strategies in paper mode: the version, the
 * symbols of its universe to run on, and its parameters (a form generated from the manifest).
 */
export function DeployForm(props: {
  pluginId?: string | undefined
  versionId?: string | undefined
  onDeployed: (deployment: Deployment) => void
}) {
  const hydrated = useHydrated()
  const strategies = createLoad(
    () => true,
    () => read(api().api.v1.plugins.$get({ query: { kind: 'strategy', limit: '100' } })),
  )
  const [chosenPlugin, setChosenPlugin] = createSignal(props.pluginId ?? '')
  const [chosenVersion, setChosenVersion] = createSignal(props.versionId ?? '')
  const pluginId = () => {
    const items = strategies.data()?.items ?? []
    return (
      items.find((p) => p.id === chosenPlugin())?.id ??
      items.find((p) => p.latestVersion)?.id ??
      items[0]?.id
    )
  }
  const versions = createLoad(pluginId, (id) =>
    id
      ? read(
          api().api.v1.plugins[':pluginId'].versions.$get({
            param: { pluginId: id },
            query: { limit: '100' },
          }),
        )
      : Promise.resolve(undefined),
  )
  // The list of the strategy chosen before stays shown while the new one loads: not its items.
  const versionItems = () => versions.data()?.items.filter((v) => v.pluginId === pluginId()) ?? []
  const version = () => versionItems().find((v) => v.id === chosenVersion()) ?? versionItems()[0]
  const manifest = () => readManifest(version()?.manifest)

  const [form, setForm] = createSignal<ParamForm>({})
  const [symbols, setSymbols] = createSignal<string[]>([])
  const [errors, setErrors] = createSignal<Record<string, string>>({})
  createEffect(
    on(
      () => version()?.id,
      () => {
        setForm(defaultForm(manifest().params))
        setSymbols(manifest().universe)
        setErrors({})
      },
    ),
  )

  const deploy = createTask(async () => {
    const v = version()
    if (!v) return
    const checked = paramValues(manifest().params, form())
    const found: Record<string, string> = checked.ok ? {} : { ...checked.errors }
    if (!symbols().length) found.symbols = 'Choose at least one symbol.'
    setErrors(found)
    if (!checked.ok || !symbols().length) return
    const deployment = await read(
      api().api.v1.deployments.$post({
        json: { pluginVersionId: v.id, params: checked.values, symbols: symbols(), mode: 'paper' },
      }),
    )
    props.onDeployed(deployment)
  })
  const serverField = (prefix: string) => {
    const fields = deploy.problem()?.fields ?? {}
    const key = Object.keys(fields).find((k) => k === prefix || k.startsWith(`${prefix}.`))
    return key ? fields[key] : undefined
  }
  const paramError = (name: string) => errors()[name] ?? serverField(`params.${name}`)
  const symbolsError = () => errors().symbols ?? serverField('symbols')
  const shownFields = () => [
    ...manifest().params.map((p) => `params.${p.name}`),
    ...Object.keys(deploy.problem()?.fields ?? {}).filter((k) => k.startsWith('symbols')),
  ]

  return (
    <section class="panel" aria-labelledby="deploy-title">
      <h2 id="deploy-title">Deploy a strategy</h2>
      <Loaded load={strategies} what="your strategies">
        {(page) => (
          <Show
            when={page().items.length}
            fallback={
              <div class="empty">
                <p>You have no strategies to deploy yet.</p>
                <p>
                  Write one in the editor — for instance from the{' '}
                  <A href="/plugins/new?example=sma-crossover">moving-average crossover example</A>.
                </p>
              </div>
            }
          >
            <form
              class="form"
              method="post"
              onSubmit={(event) => {
                event.preventDefault()
                void deploy.run()
              }}
            >
              <PlanProblem problem={deploy.problem()} shownFields={shownFields()} />
              <div class="grid two">
                <SelectField
                  label="Strategy"
                  value={pluginId() ?? ''}
                  onValue={(id) => {
                    setChosenPlugin(id)
                    setChosenVersion('')
                  }}
                  options={page().items.map((p) => ({ value: p.id, label: p.name }))}
                />
                <Show
                  when={versionItems().length}
                  fallback={
                    <p class="muted">
                      <Show when={!versions.loading()} fallback="Loading its versions…">
                        No version of it is saved yet.{' '}
                        <A href={`/plugins/${pluginId()}`}>Save one in the editor</A>.
                      </Show>
                    </p>
                  }
                >
                  <SelectField
                    label="Version"
                    value={version()?.id ?? ''}
                    onValue={setChosenVersion}
                    options={versionItems().map((v, i) => ({
                      value: v.id,
                      label: `${v.version}${i === 0 ? ' (newest)' : ''} · ${timeAgo(v.createdAt)}`,
                    }))}
                  />
                </Show>
              </div>
              <Show when={version()}>
                <fieldset class="field" aria-describedby="symbols-hint">
                  <legend>Symbols</legend>
                  <div class="checks">
                    <For each={manifest().universe}>
                      {(symbol) => (
                        <label class="check">
                          <input
                            type="checkbox"
                            checked={symbols().includes(symbol)}
                            onChange={(event) =>
                              setSymbols((current) =>
                                event.currentTarget.checked
                                  ? [...current, symbol]
                                  : current.filter((s) => s !== symbol),
                              )
                            }
                          />{' '}
                          {symbol}
                        </label>
                      )}
                    </For>
                  </div>
                  <p class="field-hint" id="symbols-hint">
                    From the strategy's universe.{' '}
                    <button
                      type="button"
                      class="link-button"
                      onClick={() => setSymbols(manifest().universe)}
                    >
                      All
                    </button>{' '}
                    ·{' '}
                    <button type="button" class="link-button" onClick={() => setSymbols([])}>
                      None
                    </button>
                  </p>
                  <Show when={symbolsError()}>
                    {(message) => <p class="field-error">{message()}</p>}
                  </Show>
                </fieldset>
                <Show when={manifest().params.length}>
                  <fieldset class="form params">
                    <legend>Parameters</legend>
                    <ParamFields
                      params={manifest().params}
                      form={form()}
                      onChange={(name, value) => setForm((f) => ({ ...f, [name]: value }))}
                      error={paramError}
                    />
                  </fieldset>
                </Show>
                <p class="muted small">
                  Paper mode: the strategy's orders are recorded as intents; nothing reaches a
                  broker.
                </p>
                <div>
                  <button type="submit" class="primary" disabled={!hydrated() || deploy.pending()}>
                    {deploy.pending() ? 'Deploying…' : 'Deploy'}
                  </button>
                </div>
              </Show>
            </form>
          </Show>
        )}
      </Loaded>
    </section>
  )
}

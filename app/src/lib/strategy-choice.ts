import { createSignal } from 'solid-js'
import { api, read } from './api/client.ts'
import type { Strategy } from './backtest-form.ts'
import { BACKTEST_EXAMPLES, type ExampleId } from './backtests.ts'
import { findExample } from './examples.ts'
import { createLoad } from './load.ts'
import { type Manifest, readManifest } from './plugins.ts'

const EXAMPLE = 'example:'
const PLUGIN = 'plugin:'

/** The form's value for an example: `example:sma-crossover`. */
export const exampleChoice = (id: ExampleId) => `${EXAMPLE}${id}`

/**
 * What a backtest runs, as a form chooses it: a bundled example (`example:<id>`) or one of the
 * workspace's strategies (`plugin:<pluginId>`) and one of its saved versions; and the chosen
 * strategy's manifest — a version's as stored, an example's as the compiler reads it from its
 * source (examples are not stored).
 *
 * @example const s = createStrategyChoice('example:sma-crossover'); s.manifest()?.params
 */
export function createStrategyChoice(initial: string, initialVersion = '') {
  const [choice, setChoice] = createSignal(initial)
  const [chosenVersion, setChosenVersion] = createSignal(initialVersion)
  const strategies = createLoad(
    () => true,
    () => read(api().api.v1.plugins.$get({ query: { kind: 'strategy', limit: '100' } })),
  )
  const exampleId = () =>
    choice().startsWith(EXAMPLE) ? (choice().slice(EXAMPLE.length) as ExampleId) : undefined
  const pluginId = () => (choice().startsWith(PLUGIN) ? choice().slice(PLUGIN.length) : undefined)
  const exampleManifest = createLoad(exampleId, async (id) => {
    const source = id ? findExample(id)?.source : undefined
    if (!source) return undefined
    return (await read(api().api.v1.plugins.validate.$post({ json: { source } }))).manifest
  })
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
  return {
    choice,
    /** Picks another strategy (its newest version). */
    choose: (value: string) => {
      setChoice(value)
      setChosenVersion('')
    },
    exampleId,
    pluginId,
    exampleManifest,
    versions,
    versionItems,
    version,
    chooseVersion: setChosenVersion,
    manifest: (): Manifest | undefined => {
      if (exampleId()) {
        const m = exampleManifest.data()
        return m && !exampleManifest.loading() ? readManifest(m) : undefined
      }
      return version() ? readManifest(version()!.manifest) : undefined
    },
    /** The request's strategy fields, once one is chosen (a strategy needs a saved version). */
    strategy: (): Strategy | undefined => {
      const example = exampleId()
      if (example) return { example }
      const v = version()
      return v ? { pluginVersionId: v.id } : undefined
    },
    options: () => [
      ...BACKTEST_EXAMPLES.map((id) => ({
        value: exampleChoice(id),
        label: `Example: ${findExample(id)?.name ?? id}`,
      })),
      ...(strategies.data()?.items ?? []).map((p) => ({
        value: `${PLUGIN}${p.id}`,
        label: p.name,
      })),
    ],
  }
}

export type StrategyChoice = ReturnType<typeof createStrategyChoice>

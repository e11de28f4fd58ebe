import type { InferResponseType } from 'hono/client'
import type { Api } from './api/client.ts'
import { type ParamSpec, readParams } from './params.ts'

type Plugins = Api['api']['v1']['plugins']

export type Plugin = InferResponseType<Plugins['$get'], 200>['items'][number]
export type PluginKind = Plugin['kind']
export type VersionSummary = InferResponseType<
  Plugins[':pluginId']['versions']['$get'],
  200
>['items'][number]
export type Version = InferResponseType<Plugins[':pluginId']['versions'][':versionId']['$get'], 200>
export type Validation = InferResponseType<Plugins['validate']['$post'], 200>
export type Diagnostic = Validation['diagnostics'][number]

export const KIND_LABEL: Record<PluginKind, string> = { strategy: 'Strategy', scanner: 'Scanner' }

/** A stored manifest, read defensively (the API types it as an open record). */
export interface Manifest {
  name: string
  version: string
  kind: PluginKind | undefined
  description: string
  universe: string[]
  timeframes: string[]
  params: Array<{ name: string; spec: ParamSpec }>
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []

/**
 * The parts of a manifest the pages show; anything missing or malformed reads as empty.
 *
 * @example readManifest({ name: 'Dip buyer', universe: ['TCS'] }).universe // ['TCS']
 */
export function readManifest(manifest: Record<string, unknown> | undefined): Manifest {
  const m = manifest ?? {}
  const text = (v: unknown) => (typeof v === 'string' ? v : '')
  return {
    name: text(m.name),
    version: text(m.version),
    kind: m.kind === 'strategy' || m.kind === 'scanner' ? m.kind : undefined,
    description: text(m.description),
    universe: strings(m.universe),
    timeframes: strings(m.timeframes),
    params: readParams(m.params),
  }
}

/**
 * What the save button does with source that compiles: store a new plugin (its kind and name
 * from the manifest), or a new version of the open one — refused before any request when the
 * kinds differ, since the API would refuse it.
 */
export function savePlan(
  current: { kind: PluginKind } | undefined,
  manifest: Manifest,
):
  | { ok: true; create?: { kind: PluginKind; name: string; description?: string } }
  | { ok: false; message: string } {
  if (!manifest.kind)
    return { ok: false, message: 'The compiler did not report what this plugin is.' }
  if (current && current.kind !== manifest.kind) {
    const define = current.kind === 'strategy' ? 'defineStrategy' : 'defineScanner'
    return {
      ok: false,
      message: `This plugin is a ${current.kind}, but the source defines a ${manifest.kind}; use ${define}, or start a new plugin.`,
    }
  }
  if (current) return { ok: true }
  return {
    ok: true,
    create: {
      kind: manifest.kind,
      name: manifest.name,
      ...(manifest.description ? { description: manifest.description.slice(0, 2000) } : {}),
    },
  }
}

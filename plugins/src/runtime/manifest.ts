import { DEFAULT_HISTORY, PROTOCOL_LIMITS as L, MAX_HISTORY, SEMVER_PATTERN } from '../constants.ts'
import type { ParamSpec, PluginKind, PluginManifest, Timeframe } from '../types.ts'

/** Thrown while a plugin is loaded when its definition is unusable; the compiler shows it. */
export class DefinitionError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DefinitionError'
  }
}

const TIMEFRAMES: readonly Timeframe[] = ['1m', '5m', '15m', '1d']
const SYMBOL = /^[A-Za-z0-9&_.:-]{1,40}$/
const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,39}$/
const HOOKS = {
  strategy: ['onStart', 'onBar', 'onTick', 'onOrderUpdate', 'onStop'],
  scanner: ['onStart', 'onBar', 'onStop'],
} as const

/**
 * Checks a `defineStrategy`/`defineScanner` argument and builds the stored manifest from it.
 * Messages name the field at fault, since the author sees them as compile errors.
 */
export function buildManifest(kind: PluginKind, definition: unknown): PluginManifest {
  const fn = kind === 'strategy' ? 'defineStrategy' : 'defineScanner'
  if (typeof definition !== 'object' || definition === null) {
    throw new DefinitionError(`${fn} needs an object with a manifest and hooks`)
  }
  const def = definition as Record<string, unknown>
  const m = def.manifest as Record<string, unknown> | undefined
  if (typeof m !== 'object' || m === null) throw new DefinitionError(`${fn}: manifest is missing`)
  const fail = (what: string): never => {
    throw new DefinitionError(`${fn}: manifest.${what}`)
  }

  const name = typeof m.name === 'string' ? m.name.trim() : ''
  if (name.length < 1 || name.length > 64) fail('name must be 1 to 64 characters')
  if (typeof m.version !== 'string' || !SEMVER_PATTERN.test(m.version) || m.version.length > 64) {
    fail(`version must be a semantic version such as 1.0.0, got ${JSON.stringify(m.version)}`)
  }
  const description = m.description ?? ''
  if (typeof description !== 'string' || description.length > 2000) {
    fail('description must be text of at most 2000 characters')
  }

  const universe = m.universe
  if (!Array.isArray(universe) || universe.length < 1 || universe.length > L.maxUniverse) {
    fail(`universe must list 1 to ${L.maxUniverse} symbols`)
  }
  for (const s of universe as unknown[]) {
    if (typeof s !== 'string' || !SYMBOL.test(s))
      fail(`universe: ${JSON.stringify(s)} is not a symbol`)
  }
  if (new Set(universe as string[]).size !== (universe as string[]).length)
    fail('universe lists a symbol twice')

  const timeframes = m.timeframes
  if (!Array.isArray(timeframes) || timeframes.length < 1)
    fail(`timeframes must list some of ${TIMEFRAMES.join(', ')}`)
  for (const t of timeframes as unknown[]) {
    if (!TIMEFRAMES.includes(t as Timeframe))
      fail(`timeframes: ${JSON.stringify(t)} is not one of ${TIMEFRAMES.join(', ')}`)
  }
  if (new Set(timeframes as string[]).size !== (timeframes as string[]).length)
    fail('timeframes lists one twice')

  const history = m.history ?? DEFAULT_HISTORY
  if (
    typeof history !== 'number' ||
    !Number.isInteger(history) ||
    history < 1 ||
    history > MAX_HISTORY
  ) {
    fail(`history must be a whole number from 1 to ${MAX_HISTORY}`)
  }

  checkHooks(kind, fn, def, timeframes as Timeframe[])
  return {
    name,
    version: m.version as string,
    kind,
    description: description as string,
    universe: [...(universe as string[])],
    timeframes: [...(timeframes as Timeframe[])],
    ticks: typeof def.onTick === 'function',
    history: history as number,
    params: checkParams(fn, def.params),
  }
}

function checkHooks(
  kind: PluginKind,
  fn: string,
  def: Record<string, unknown>,
  timeframes: Timeframe[],
): void {
  const allowed: readonly string[] = HOOKS[kind]
  for (const key of Object.keys(def)) {
    if (key === 'manifest' || key === 'params' || key === 'initialState') continue
    if (!allowed.includes(key)) {
      throw new DefinitionError(
        `${fn}: unknown field ${key} (a ${kind} may define ${allowed.join(', ')})`,
      )
    }
  }
  for (const key of [...allowed, 'initialState']) {
    const hook = def[key]
    if (hook === undefined || typeof hook === 'function') continue
    if (key === 'onBar' && typeof hook === 'object' && hook !== null) {
      for (const [tf, h] of Object.entries(hook)) {
        if (!timeframes.includes(tf as Timeframe)) {
          throw new DefinitionError(
            `${fn}: onBar['${tf}'] is not among manifest.timeframes (${timeframes.join(', ')})`,
          )
        }
        if (typeof h !== 'function')
          throw new DefinitionError(`${fn}: onBar['${tf}'] must be a function`)
      }
      continue
    }
    throw new DefinitionError(`${fn}: ${key} must be a function`)
  }
  if (kind === 'scanner' && def.onBar === undefined)
    throw new DefinitionError(`${fn}: a scanner needs onBar`)
}

function checkParams(fn: string, params: unknown): Record<string, ParamSpec> {
  if (params === undefined) return {}
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new DefinitionError(
      `${fn}: params must be an object of param.int(...), param.enum(...), ...`,
    )
  }
  const entries = Object.entries(params)
  if (entries.length > L.maxParams)
    throw new DefinitionError(`${fn}: at most ${L.maxParams} params`)
  const out: Record<string, ParamSpec> = {}
  for (const [name, spec] of entries) {
    if (!PARAM_NAME.test(name))
      throw new DefinitionError(
        `${fn}: param name ${JSON.stringify(name)} is not an identifier of up to 40 characters`,
      )
    const type = (spec as { type?: unknown } | null)?.type
    if (type !== 'int' && type !== 'number' && type !== 'enum' && type !== 'bool') {
      throw new DefinitionError(
        `${fn}: params.${name} must be built with param.int, param.number, param.enum or param.bool`,
      )
    }
    // A plain JSON copy: the manifest is stored and shown, so only data may go in.
    out[name] = JSON.parse(JSON.stringify(spec)) as ParamSpec
  }
  return out
}

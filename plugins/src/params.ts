import type {
  BoolParamSpec,
  EnumParamSpec,
  IntParamSpec,
  NumberParamSpec,
  ParamSpec,
  ParamValues,
} from './types.ts'

/** A plugin's parameters: name → spec, built with `param.int`, `param.number`, … */
export type ParamSchema = Record<string, ParamSpec>

/** The values a parameter schema yields: `int`/`number` → number, `enum` → its values, `bool` → boolean. */
export type ParamsOf<P extends ParamSchema> = {
  readonly [K in keyof P]: P[K] extends EnumParamSpec<infer V>
    ? V
    : P[K] extends BoolParamSpec
      ? boolean
      : number
}

/** Labels shown in the deploy form. */
export interface ParamLabels {
  /** Short name shown next to the input, e.g. `Fast period`. */
  label?: string
  /** One sentence of help. */
  description?: string
}

/** Options of `param.int` and `param.number`. */
export interface NumericParamOptions extends ParamLabels {
  default: number
  /** Smallest allowed value (inclusive). */
  min?: number
  /** Largest allowed value (inclusive). */
  max?: number
}

/** Thrown when a parameter definition is inconsistent (e.g. its default outside its range). */
export class ParamDefinitionError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ParamDefinitionError'
  }
}

/**
 * Builders for typed plugin parameters. Each checks its own definition (default inside the
 * range, min ≤ max, default among the enum's values) and throws a ParamDefinitionError if not.
 *
 * @example
 * params: {
 *   fast: param.int({ default: 10, min: 2, max: 100, label: 'Fast period' }),
 *   kind: param.enum({ values: ['sma', 'ema'], default: 'sma' }),
 *   allowShort: param.bool({ default: false }),
 * }
 */
export const param = {
  /** An integer parameter. */
  int(options: NumericParamOptions): IntParamSpec {
    for (const key of ['default', 'min', 'max'] as const) {
      const v = options[key]
      if (v !== undefined && !Number.isSafeInteger(v)) {
        throw new ParamDefinitionError(`param.int: ${key} must be an integer, got ${v}`)
      }
    }
    return withLabels({ type: 'int', ...numeric('param.int', options) }, options)
  },

  /** A real-number parameter. */
  number(options: NumericParamOptions): NumberParamSpec {
    return withLabels({ type: 'number', ...numeric('param.number', options) }, options)
  },

  /** One of a fixed list of strings; the value's type is the union of the list. */
  enum<const V extends string>(
    options: { values: readonly V[]; default: NoInfer<V> } & ParamLabels,
  ): EnumParamSpec<V> {
    const values = [...options.values]
    if (values.length === 0) throw new ParamDefinitionError('param.enum: values must not be empty')
    if (new Set(values).size !== values.length) {
      throw new ParamDefinitionError('param.enum: values must be distinct')
    }
    if (!values.includes(options.default)) {
      throw new ParamDefinitionError(
        `param.enum: default ${quote(options.default)} is not one of ${values.map(quote).join(', ')}`,
      )
    }
    return withLabels({ type: 'enum', values, default: options.default }, options)
  },

  /** A yes/no parameter. */
  bool(options: { default: boolean } & ParamLabels): BoolParamSpec {
    if (typeof options.default !== 'boolean') {
      throw new ParamDefinitionError('param.bool: default must be true or false')
    }
    return withLabels({ type: 'bool', default: options.default }, options)
  },
}

/** One problem with a supplied parameter value. */
export interface ParamIssue {
  param: string
  message: string
}

export type ParamValidation =
  | { ok: true; values: ParamValues }
  | { ok: false; issues: ParamIssue[] }

/**
 * Checks user-supplied values against a plugin's parameter specs and fills defaults. Unknown
 * names, wrong types and values out of range are reported, each with a message that names the
 * parameter and the allowed values.
 *
 * @example validateParams({ fast: param.int({ default: 10, min: 2 }) }, { fast: 1 })
 * // { ok: false, issues: [{ param: 'fast', message: 'fast must be at least 2, got 1' }] }
 */
export function validateParams(specs: ParamSchema, supplied: unknown): ParamValidation {
  const issues: ParamIssue[] = []
  const values: ParamValues = {}
  if (supplied !== undefined && (typeof supplied !== 'object' || supplied === null)) {
    return { ok: false, issues: [{ param: '', message: 'parameters must be an object' }] }
  }
  const given = (supplied ?? {}) as Record<string, unknown>
  const known = Object.keys(specs)
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(specs, name)) {
      const list = known.length > 0 ? `known: ${known.join(', ')}` : 'this plugin has none'
      issues.push({ param: name, message: `unknown parameter ${quote(name)} (${list})` })
    }
  }
  for (const name of known) {
    const spec = specs[name]!
    const value = Object.hasOwn(given, name) ? given[name] : undefined
    if (value === undefined) {
      values[name] = spec.default
      continue
    }
    const problem = checkValue(name, spec, value)
    if (problem) issues.push({ param: name, message: problem })
    else values[name] = value as number | string | boolean
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, values }
}

function checkValue(name: string, spec: ParamSpec, value: unknown): string | undefined {
  switch (spec.type) {
    case 'int':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        return `${name} must be a number, got ${describe(value)}`
      }
      if (spec.type === 'int' && !Number.isSafeInteger(value)) {
        return `${name} must be a whole number, got ${value}`
      }
      if (spec.min !== undefined && value < spec.min) {
        return `${name} must be at least ${spec.min}, got ${value}`
      }
      if (spec.max !== undefined && value > spec.max) {
        return `${name} must be at most ${spec.max}, got ${value}`
      }
      return undefined
    }
    case 'enum':
      return typeof value === 'string' && spec.values.includes(value)
        ? undefined
        : `${name} must be one of ${spec.values.map(quote).join(', ')}, got ${describe(value)}`
    case 'bool':
      return typeof value === 'boolean'
        ? undefined
        : `${name} must be true or false, got ${describe(value)}`
  }
}

function numeric(
  where: string,
  options: NumericParamOptions,
): { default: number; min?: number; max?: number } {
  const { default: value, min, max } = options
  for (const [key, v] of [
    ['default', value],
    ['min', min],
    ['max', max],
  ] as const) {
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v))) {
      throw new ParamDefinitionError(`${where}: ${key} must be a finite number, got ${describe(v)}`)
    }
  }
  if (min !== undefined && max !== undefined && min > max) {
    throw new ParamDefinitionError(`${where}: min (${min}) is greater than max (${max})`)
  }
  if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
    throw new ParamDefinitionError(
      `${where}: default ${value} is outside ${min ?? '-∞'}..${max ?? '∞'}`,
    )
  }
  const out: { default: number; min?: number; max?: number } = { default: value }
  if (min !== undefined) out.min = min
  if (max !== undefined) out.max = max
  return out
}

function withLabels<T extends ParamSpec>(spec: T, labels: ParamLabels): T {
  if (labels.label !== undefined) spec.label = String(labels.label)
  if (labels.description !== undefined) spec.description = String(labels.description)
  return spec
}

function quote(s: string): string {
  return `'${s}'`
}

function describe(value: unknown): string {
  if (typeof value === 'string') return quote(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  if (value === null || typeof value !== 'object') return String(value)
  return Array.isArray(value) ? 'an array' : 'an object'
}

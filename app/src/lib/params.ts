// A strategy's parameters as the deploy form shows them: read from the stored manifest
// (`param.int`, `param.number`, `param.enum`, `param.bool` of the SDK), with their defaults and
// ranges, and the form's text turned back into the values the API checks again.

interface Labels {
  label?: string
  description?: string
}
type NumericSpec<T extends 'int' | 'number'> = Labels & {
  type: T
  default: number
  min?: number
  max?: number
}
export type ParamSpec =
  | NumericSpec<'int'>
  | NumericSpec<'number'>
  | (Labels & { type: 'enum'; values: string[]; default: string })
  | (Labels & { type: 'bool'; default: boolean })

export type ParamValue = number | string | boolean
/** What the form holds: numbers as typed (text), enums and booleans as they are. */
export type ParamForm = Record<string, string | boolean>

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined)
const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined)

/** The manifest's `params`, in their order; specs the form cannot show are left out. */
export function readParams(params: unknown): Array<{ name: string; spec: ParamSpec }> {
  if (!params || typeof params !== 'object') return []
  const out: Array<{ name: string; spec: ParamSpec }> = []
  for (const [name, raw] of Object.entries(params as Record<string, Record<string, unknown>>)) {
    if (!raw || typeof raw !== 'object') continue
    const labels = {
      ...(str(raw.label) ? { label: str(raw.label)! } : {}),
      ...(str(raw.description) ? { description: str(raw.description)! } : {}),
    }
    if ((raw.type === 'int' || raw.type === 'number') && num(raw.default) !== undefined) {
      out.push({
        name,
        spec: {
          type: raw.type as 'int',
          default: num(raw.default)!,
          ...(num(raw.min) !== undefined ? { min: num(raw.min)! } : {}),
          ...(num(raw.max) !== undefined ? { max: num(raw.max)! } : {}),
          ...labels,
        },
      })
    } else if (
      raw.type === 'enum' &&
      Array.isArray(raw.values) &&
      typeof raw.default === 'string'
    ) {
      const values = raw.values.filter((v): v is string => typeof v === 'string')
      out.push({ name, spec: { type: 'enum', values, default: raw.default, ...labels } })
    } else if (raw.type === 'bool' && typeof raw.default === 'boolean') {
      out.push({ name, spec: { type: 'bool', default: raw.default, ...labels } })
    }
  }
  return out
}

/** The form filled with every default. */
export function defaultForm(params: ReadonlyArray<{ name: string; spec: ParamSpec }>): ParamForm {
  return Object.fromEntries(
    params.map(({ name, spec }) => [
      name,
      spec.type === 'int' || spec.type === 'number' ? String(spec.default) : spec.default,
    ]),
  )
}

/**
 * The range and default of a parameter, in words, for the field's hint.
 *
 * @example paramHint({ type: 'int', default: 10, min: 2, max: 200 }) // '2 to 200 · default 10'
 */
export function paramHint(spec: ParamSpec): string {
  const parts: string[] = []
  if (spec.type === 'int' || spec.type === 'number') {
    const whole = spec.type === 'int' ? 'whole number' : 'number'
    if (spec.min !== undefined && spec.max !== undefined) parts.push(`${spec.min} to ${spec.max}`)
    else if (spec.min !== undefined) parts.push(`a ${whole}, at least ${spec.min}`)
    else if (spec.max !== undefined) parts.push(`a ${whole}, at most ${spec.max}`)
    else parts.push(`a ${whole}`)
  }
  parts.push(`default ${spec.type === 'bool' ? (spec.default ? 'on' : 'off') : spec.default}`)
  if (spec.description) parts.unshift(spec.description)
  return parts.join(' · ')
}

/**
 * The values to deploy with, or a message per parameter the form holds wrongly (the same
 * checks the API makes, so most mistakes show before a request).
 *
 * @example
 * paramValues([{ name: 'fast', spec: { type: 'int', default: 10, min: 2 } }], { fast: '1' })
 * // { ok: false, errors: { fast: 'Enter at least 2.' } }
 */
export function paramValues(
  params: ReadonlyArray<{ name: string; spec: ParamSpec }>,
  form: ParamForm,
):
  | { ok: true; values: Record<string, ParamValue> }
  | { ok: false; errors: Record<string, string> } {
  const values: Record<string, ParamValue> = {}
  const errors: Record<string, string> = {}
  for (const { name, spec } of params) {
    const raw = form[name] ?? (spec.type === 'bool' ? spec.default : String(spec.default))
    if (spec.type === 'bool') {
      values[name] = raw === true
      continue
    }
    if (spec.type === 'enum') {
      if (typeof raw === 'string' && spec.values.includes(raw)) values[name] = raw
      else errors[name] = `Choose one of ${spec.values.join(', ')}.`
      continue
    }
    const text = String(raw).trim()
    const value = text === '' ? Number.NaN : Number(text)
    if (!Number.isFinite(value)) errors[name] = 'Enter a number.'
    else if (spec.type === 'int' && !Number.isInteger(value)) errors[name] = 'Enter a whole number.'
    else if (spec.min !== undefined && value < spec.min)
      errors[name] = `Enter at least ${spec.min}.`
    else if (spec.max !== undefined && value > spec.max) errors[name] = `Enter at most ${spec.max}.`
    else values[name] = value
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, values }
}

/**
 * The one byte string an audit entry hashes to, whatever order its keys arrive in: JSON with
 * object keys sorted (by UTF-16 code units, as RFC 8785 does) at every depth and no
 * whitespace. PostgreSQL's jsonb reorders keys and drops duplicates, so an entry read back from
 * the database must canonicalise to exactly what was hashed when it was written.
 *
 * @example
 * canonicalJson({ b: 1, a: [true, null] }) // '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return serialise(toJsonValue(value))
}

/**
 * `value` as JSON would carry it (Dates as ISO strings, undefined properties gone), so what is
 * stored and what is hashed are the same value.
 */
export function toJsonValue(value: unknown): unknown {
  const text = JSON.stringify(value)
  if (text === undefined) throw new TypeError('not representable as JSON')
  return JSON.parse(text)
}

function serialise(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map(serialise).join(',')}]`
  const record = value as Record<string, unknown>
  const keys = Object.keys(record).sort()
  return `{${keys.map((key) => `${JSON.stringify(key)}:${serialise(record[key])}`).join(',')}}`
}

/** A decoded Stripe request body or query: nested objects, indexed arrays and strings. */
export type FormValue = string | FormValue[] | { [key: string]: FormValue }
export type FormObject = { [key: string]: FormValue }

/**
 * Decodes Stripe's form encoding (`a[b][0][c]=x`, as stripe-node and curl send it) into nested
 * objects; objects whose keys are 0..n-1 become arrays. Values stay strings, as on the wire.
 *
 * @example
 * parseStripeForm('line_items[0][price]=price_1&mode=subscription')
 * // { line_items: [{ price: 'price_1' }], mode: 'subscription' }
 */
export function parseStripeForm(body: string): FormObject {
  const root: FormObject = {}
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const path = keyPath(rawKey)
    let node: FormObject = root
    for (let i = 0; i < path.length - 1; i++) {
      const part = path[i]!
      const next = node[part]
      if (typeof next !== 'object' || next === null || Array.isArray(next)) node[part] = {}
      node = node[part] as FormObject
    }
    node[path[path.length - 1]!] = value
  }
  return arraysFromIndexes(root) as FormObject
}

// `a[b][]` appends: give each empty index the next free position.
let appendCounter = 0
function keyPath(key: string): string[] {
  const head = key.indexOf('[')
  if (head <= 0) return [key]
  const parts = [key.slice(0, head)]
  for (const match of key.slice(head).matchAll(/\[([^\]]*)\]/g)) {
    parts.push(match[1] === '' ? `\u0000${appendCounter++}` : match[1]!)
  }
  return parts
}

function arraysFromIndexes(value: FormValue): FormValue {
  if (typeof value === 'string' || Array.isArray(value)) return value
  const keys = Object.keys(value)
  for (const key of keys) value[key] = arraysFromIndexes(value[key]!)
  if (keys.length === 0) return value
  if (keys.every((k) => k.startsWith('\u0000'))) return keys.map((k) => value[k]!)
  const indexes = keys.every((k) => /^\d+$/.test(k)) ? keys.map(Number).sort((a, b) => a - b) : null
  if (indexes?.every((n, i) => n === i)) return indexes.map((n) => value[String(n)]!)
  return value
}

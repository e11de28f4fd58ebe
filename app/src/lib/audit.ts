/**
 * An audit entry's `data` as short "key: value" lines, nested objects flattened with dots.
 *
 * @example
 * auditDetails({ from: 'free', to: 'pro', owners: ['a@x.in'], extra: { n: 2 } })
 * // ['from: free', 'to: pro', 'owners: a@x.in', 'extra.n: 2']
 */
export function auditDetails(data: Record<string, unknown>, prefix = ''): string[] {
  const lines: string[] = []
  for (const [key, value] of Object.entries(data)) {
    const name = `${prefix}${key}`
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      lines.push(...auditDetails(value as Record<string, unknown>, `${name}.`))
    } else {
      lines.push(`${name}: ${showValue(value)}`)
    }
  }
  return lines
}

function showValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—'
  if (Array.isArray(value)) return value.length ? value.map(showValue).join(', ') : 'none'
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

/** @example auditActionLabel('admin.tenant_suspended') // 'Admin · tenant suspended' */
export function auditActionLabel(action: string): string {
  const [area, ...rest] = action.split('.')
  if (!rest.length) return action.replaceAll('_', ' ')
  const head = area!.charAt(0).toUpperCase() + area!.slice(1)
  return `${head} · ${rest.join('.').replaceAll('_', ' ')}`
}

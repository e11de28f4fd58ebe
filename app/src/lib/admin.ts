import type { InferResponseType } from 'hono/client'
import type { Api } from './api/client.ts'
import type { Tier } from './session.tsx'

export type TenantSummary = InferResponseType<
  Api['api']['v1']['admin']['tenants']['$get'],
  200
>['items'][number]

export interface TenantFilters {
  q: string
  tier: Tier | ''
  status: 'active' | 'suspended' | ''
}

const TIERS = new Set(['free', 'pro', 'elite'])
const STATUSES = new Set(['active', 'suspended'])

/**
 * The tenants table's filters from the page's search parameters; anything unknown is ignored,
 * so a hand-edited address never becomes a failed request.
 *
 * @example
 * tenantFilters({ q: ' asha ', tier: 'pro', status: 'gone' }) // { q: 'asha', tier: 'pro', status: '' }
 */
export function tenantFilters(
  search: Record<string, string | string[] | undefined>,
): TenantFilters {
  const one = (value: string | string[] | undefined) =>
    (Array.isArray(value) ? value[0] : value) ?? ''
  const tier = one(search.tier)
  const status = one(search.status)
  return {
    q: one(search.q).trim().slice(0, 100),
    tier: TIERS.has(tier) ? (tier as Tier) : '',
    status: STATUSES.has(status) ? (status as TenantFilters['status']) : '',
  }
}

/** The API query for a page of tenants: only the filters that are set. */
export function tenantQuery(filters: TenantFilters, cursor: string | undefined, limit: number) {
  return {
    limit: String(limit),
    ...(filters.q ? { q: filters.q } : {}),
    ...(filters.tier ? { tier: filters.tier } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(cursor ? { cursor } : {}),
  }
}

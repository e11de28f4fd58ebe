import { describe, expect, test } from 'vitest'
import { tenantFilters, tenantQuery } from './admin.ts'

describe('admin tenant filters', () => {
  test('come from the address, ignoring what the API would refuse', () => {
    expect(tenantFilters({ q: ' asha ', tier: 'pro', status: 'gone' })).toEqual({
      q: 'asha',
      tier: 'pro',
      status: '',
    })
    expect(tenantFilters({ tier: ['elite', 'pro'] })).toEqual({ q: '', tier: 'elite', status: '' })
  })

  test('send only what is set', () => {
    expect(tenantQuery({ q: '', tier: '', status: 'suspended' }, 'c2', 25)).toEqual({
      limit: '25',
      status: 'suspended',
      cursor: 'c2',
    })
  })
})

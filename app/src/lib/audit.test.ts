import { expect, test } from 'vitest'
import { auditActionLabel, auditDetails } from './audit.ts'

test('audit details read as key: value lines', () => {
  expect(
    auditDetails({
      from: 'free',
      to: 'pro',
      owners: ['a@x.in', 'b@x.in'],
      extra: { n: 2 },
      note: null,
    }),
  ).toEqual(['from: free', 'to: pro', 'owners: a@x.in, b@x.in', 'extra.n: 2', 'note: —'])
  expect(auditActionLabel('admin.tenant_suspended')).toBe('Admin · tenant suspended')
  expect(auditActionLabel('login')).toBe('login')
})

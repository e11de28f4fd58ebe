import { describe, expect, test } from 'vitest'
import { assignableRoles, invitableRoles } from './team.ts'

describe('who may change whose role (as the edge enforces it)', () => {
  test('owners manage everyone, owners included', () => {
    expect(assignableRoles('owner', 'owner')).toEqual(['owner', 'admin', 'member'])
    expect(assignableRoles('owner', 'member')).toEqual(['owner', 'admin', 'member'])
  })

  test('admins manage admins and members but neither touch nor make owners', () => {
    expect(assignableRoles('admin', 'member')).toEqual(['admin', 'member'])
    expect(assignableRoles('admin', 'owner')).toEqual([])
  })

  test('members manage nobody, unless they are platform admins', () => {
    expect(assignableRoles('member', 'member')).toEqual([])
    expect(assignableRoles('member', 'member', true)).toEqual(['admin', 'member'])
    expect(assignableRoles('member', 'owner', true)).toEqual([])
  })

  test('only owners invite owners', () => {
    expect(invitableRoles('owner')).toContain('owner')
    expect(invitableRoles('admin')).toEqual(['member', 'admin'])
  })
})

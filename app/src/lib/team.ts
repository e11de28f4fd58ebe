import type { Me } from './session.tsx'

export type Role = Me['role']

export const ROLE_LABEL: Record<Role, string> = { owner: 'Owner', admin: 'Admin', member: 'Member' }

/**
 * The roles `actor` may give `target` (including the one it has), as the edge allows: owners
 * manage everyone; admins manage admins and members but cannot touch or make an owner; members
 * manage nobody. Empty when the actor may not change the target at all.
 *
 * @example
 * assignableRoles('admin', 'member') // ['admin', 'member']
 * assignableRoles('admin', 'owner') // []
 */
export function assignableRoles(actor: Role, target: Role, isPlatformAdmin = false): Role[] {
  if (actor === 'owner') return ['owner', 'admin', 'member']
  // A platform admin's permissions include managing any team, but the edge still applies the
  // role rules to their own membership.
  if (actor === 'admin' || (isPlatformAdmin && actor === 'member')) {
    return target === 'owner' ? [] : ['admin', 'member']
  }
  return []
}

/** The roles `actor` may invite someone with. */
export const invitableRoles = (actor: Role): Role[] =>
  actor === 'owner' ? ['member', 'admin', 'owner'] : ['member', 'admin']

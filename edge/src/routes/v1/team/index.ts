import { router } from '../../../openapi.ts'
import { acceptInvitation } from './accept-invitation.ts'
import { createInvitation } from './create-invitation.ts'
import { listInvitations } from './list-invitations.ts'
import { listMembers } from './list-members.ts'
import { removeMember } from './remove-member.ts'
import { revokeInvitation } from './revoke-invitation.ts'
import { updateMember } from './update-member.ts'

/** /api/v1/team: the workspace's members and the invitations it has sent. */
export const team = router()
  .route('/', listMembers)
  .route('/', updateMember)
  .route('/', removeMember)
  .route('/', createInvitation)
  .route('/', listInvitations)
  .route('/', revokeInvitation)

/** /api/v1/invitations: what an invitee does with a link. */
export const invitations = router().route('/', acceptInvitation)

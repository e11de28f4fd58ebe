import { sha256Hex } from '../../../crypto/hash.ts'
import { z } from '../../../openapi.ts'
import { RoleSchema } from './members.ts'

// What the invitation routes share. A link carries a random 256-bit token; only its SHA-256 is
// stored, so the table alone cannot be used to join a workspace.

/** How long an invitation link works. */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000

export const InvitationSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    role: RoleSchema,
    status: z.enum(['pending', 'accepted', 'expired']),
    invitedBy: z.string().nullable().openapi({ description: 'User id of who sent it' }),
    expiresAt: z.string().openapi({ format: 'date-time' }),
    acceptedAt: z.string().nullable().openapi({ format: 'date-time' }),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Invitation')

export function presentInvitation(
  row: {
    id: string
    email: string
    role: 'owner' | 'admin' | 'member'
    invitedBy: string | null
    expiresAt: Date
    acceptedAt: Date | null
    createdAt: Date
  },
  now: number = Date.now(),
): z.infer<typeof InvitationSchema> {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    status: row.acceptedAt ? 'accepted' : row.expiresAt.getTime() <= now ? 'expired' : 'pending',
    invitedBy: row.invitedBy,
    expiresAt: row.expiresAt.toISOString(),
    acceptedAt: row.acceptedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  }
}

/** What is stored for a token. */
export const invitationTokenHash = (token: string) => sha256Hex(`invitation:${token}`)

/**
 * The link the invitee opens in the app. The token travels in the fragment, which browsers
 * never send to a server or put in a Referer header; the page posts it to
 * /api/v1/invitations/accept.
 */
export const invitationLink = (publicUrl: string, token: string) =>
  `${publicUrl.replace(/\/+$/, '')}/invitations/accept#token=${token}`

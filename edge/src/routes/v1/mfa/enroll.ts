import { schema, withTenant } from '@vm-algo/db'
import { eq } from 'drizzle-orm'
import { requireAuth } from '../../../auth/middleware.ts'
import { ApiError } from '../../../errors.ts'
import { startTotpEnrolment } from '../../../mfa/credentials.ts'
import { totpQrSvg, totpUri } from '../../../mfa/totp.ts'
import { createRoute, json, problems, router, z } from '../../../openapi.ts'

const EnrolmentSchema = z
  .object({
    secret: z.string().openapi({ description: 'Base32, for typing into the app by hand' }),
    otpauthUri: z.string().openapi({ example: 'otpauth://totp/vm-algo:asha%40example.in?…' }),
    qrSvg: z.string().openapi({ description: 'The URI as an SVG QR code' }),
  })
  .openapi('TotpEnrolment')

const route = createRoute({
  method: 'post',
  path: '/totp/enroll',
  tags: ['Two-factor'],
  summary: 'Start setting up an authenticator app (confirm it with its first code)',
  middleware: [requireAuth()] as const,
  security: [{ bearer: [] }],
  responses: {
    200: { description: 'A new secret, not yet active', content: json(EnrolmentSchema) },
    ...problems(401, 403, 409),
  },
})

/** POST /api/v1/mfa/totp/enroll — a new, unconfirmed secret (replacing an earlier unconfirmed one). */
export const enroll = router().openapi(route, async (c) => {
  const { config, database } = c.get('services')
  if (!database) throw new ApiError('service_unavailable', 'The database is not configured.')
  const auth = c.get('auth')
  const started = await withTenant(database.db, auth, async (tx) => {
    const [user] = await tx
      .select({ email: schema.users.email })
      .from(schema.users)
      .where(eq(schema.users.id, auth.userId))
    const secret = await startTotpEnrolment(tx, config, auth.userId)
    return secret && user ? { secret, email: user.email } : null
  })
  if (!started) {
    throw new ApiError('conflict', 'Two-factor is already on. Turn it off first to change the app.')
  }
  const otpauthUri = totpUri(started.secret, started.email)
  c.header('cache-control', 'no-store')
  return c.json({ secret: started.secret, otpauthUri, qrSvg: totpQrSvg(otpauthUri) }, 200)
})

import { appendAudit } from '../../../audit/index.ts'
import { assertAllowedOrigin } from '../../../auth/csrf.ts'
import { authenticate } from '../../../auth/login.ts'
import { startSession } from '../../../auth/sessions.ts'
import { ApiError } from '../../../errors.ts'
import { createRoute, json, problems, router, z } from '../../../openapi.ts'
import { clientOf, EmailSchema, SignedInSchema, signedInBody } from './schemas.ts'

const LoginSchema = z
  .object({
    email: EmailSchema,
    // Not the sign-up policy: an older password that predates it must still work.
    password: z.string().min(1, 'Enter your password.').max(1024),
    totp: z.string().trim().min(1).max(32).optional().openapi({
      description:
        'The 6-digit code from the authenticator app, or a backup code, when two-factor is on',
      example: '123456',
    }),
  })
  .openapi('Login')

const route = createRoute({
  method: 'post',
  path: '/login',
  tags: ['Auth'],
  summary: 'Sign in with email and password (and the second factor when enrolled)',
  description:
    'A wrong email and a wrong password answer alike (401 `invalid_credentials`). With two-factor on and no `totp`, answers 401 `mfa_required`: ask for the code and send the same request with it. Repeated failures lock the account for a while (429 `account_locked`, with Retry-After).',
  request: { body: { content: json(LoginSchema), required: true } },
  responses: {
    200: { description: 'Signed in', content: json(SignedInSchema) },
    ...problems(400, 401, 403, 429),
  },
})

/** POST /api/v1/auth/login — tokens in the body and as cookies. */
export const login = router().openapi(route, async (c) => {
  const { config, database } = c.get('services')
  if (!database) throw new ApiError('service_unavailable', 'The database is not configured.')
  assertAllowedOrigin(c, config)
  const result = await authenticate(database.db, config, c.req.valid('json'))
  if (!result.ok) {
    switch (result.reason) {
      case 'invalid_credentials':
        throw new ApiError('invalid_credentials', 'The email or the password is wrong.')
      case 'locked':
        throw new ApiError(
          'account_locked',
          `Too many failed sign-ins. Try again in ${result.retryAfterS} seconds.`,
          { headers: { 'retry-after': String(result.retryAfterS) } },
        )
      case 'mfa_required':
        throw new ApiError('mfa_required', 'Enter the code from your authenticator app.')
      case 'invalid_totp':
        throw new ApiError('invalid_totp', 'That code is wrong or was already used.')
      case 'disabled':
        throw new ApiError('forbidden', 'This account is disabled. Contact support.')
      case 'suspended':
        throw new ApiError('forbidden', 'This workspace is suspended. Contact support.')
      case 'no_workspace':
        throw new ApiError('forbidden', 'This account belongs to no workspace any more.')
    }
  }
  const tokens = await startSession(database.db, config, {
    userId: result.user.id,
    tenantId: result.tenant.id,
    mfa: result.mfa,
    ...clientOf(c),
  })
  await appendAudit(database.db, {
    tenantId: result.tenant.id,
    actorUserId: result.user.id,
    ip: clientOf(c).ip,
    action: 'auth.login',
    target: result.user.id,
    data: { secondFactor: result.mfa },
  })
  return c.json(signedInBody(c, result, tokens), 200)
})

import { withTenant } from '@vm-algo/db'
import { appendAudit, requestActor } from '../../../audit/index.ts'
import { requireAuth } from '../../../auth/middleware.ts'
import { ApiError } from '../../../errors.ts'
import { removeSecondFactor } from '../../../mfa/credentials.ts'
import { createRoute, json, problems, router } from '../../../openapi.ts'
import { attemptError, attemptSecondFactor, CodeSchema } from './attempt.ts'

const route = createRoute({
  method: 'post',
  path: '/totp/disable',
  tags: ['Two-factor'],
  summary: 'Turn two-factor off (needs a current code, or a backup code if the app is lost)',
  middleware: [requireAuth()] as const,
  security: [{ bearer: [] }],
  request: { body: { content: json(CodeSchema), required: true } },
  responses: { 204: { description: 'Two-factor is off' }, ...problems(400, 401, 403, 409, 429) },
})

/** POST /api/v1/mfa/totp/disable — removes the app's secret and all backup codes. */
export const disable = router().openapi(route, async (c) => {
  const { config, database } = c.get('services')
  if (!database) throw new ApiError('service_unavailable', 'The database is not configured.')
  const auth = c.get('auth')
  const { code } = c.req.valid('json')
  const checked = await withTenant(database.db, auth, async (tx) => {
    const checked = await attemptSecondFactor(tx, config, auth.userId, code)
    if (checked?.ok) await removeSecondFactor(tx, auth.userId)
    return checked
  })
  if (!checked) throw new ApiError('conflict', 'Two-factor is not on.')
  if (!checked.ok) throw attemptError(checked)
  await appendAudit(database.db, {
    tenantId: auth.tenantId,
    ...requestActor(c),
    action: 'mfa.totp_disabled',
    target: auth.userId,
  })
  return c.body(null, 204)
})

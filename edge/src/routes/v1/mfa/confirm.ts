import { schema, withTenant } from '@vm-algo/db'
import { eq } from 'drizzle-orm'
import { appendAudit, requestActor } from '../../../audit/index.ts'
import { requireAuth } from '../../../auth/middleware.ts'
import { ApiError } from '../../../errors.ts'
import { confirmTotp, replaceBackupCodes, totpState } from '../../../mfa/credentials.ts'
import { createRoute, json, problems, router } from '../../../openapi.ts'
import { attempt, attemptError, BackupCodesSchema, CodeSchema } from './attempt.ts'

const route = createRoute({
  method: 'post',
  path: '/totp/confirm',
  tags: ['Two-factor'],
  summary: 'Turn two-factor on with the first code from the app; returns 10 backup codes',
  middleware: [requireAuth()] as const,
  security: [{ bearer: [] }],
  request: { body: { content: json(CodeSchema), required: true } },
  responses: {
    200: { description: 'Two-factor is on', content: json(BackupCodesSchema) },
    ...problems(400, 401, 403, 409, 429),
  },
})

/**
 * POST /api/v1/mfa/totp/confirm. The session that confirms counts as opened with the second
 * factor from now on: its user has just proved to hold the app.
 */
export const confirm = router().openapi(route, async (c) => {
  const { config, database } = c.get('services')
  if (!database) throw new ApiError('service_unavailable', 'The database is not configured.')
  const auth = c.get('auth')
  const { code } = c.req.valid('json')
  const outcome = await withTenant(database.db, auth, async (tx) => {
    const state = await totpState(tx, auth.userId)
    if (state !== 'pending') return { state }
    const checked = await attempt(tx, auth.userId, () => confirmTotp(tx, config, auth.userId, code))
    if (!checked.ok) return { state, failed: checked }
    await tx
      .update(schema.sessions)
      .set({ mfa: true })
      .where(eq(schema.sessions.id, auth.sessionId))
    return { state, codes: await replaceBackupCodes(tx, auth.userId) }
  })
  if (outcome.state === 'none') throw new ApiError('conflict', 'Start with /mfa/totp/enroll.')
  if (outcome.state === 'confirmed') throw new ApiError('conflict', 'Two-factor is already on.')
  if (!outcome.codes) throw attemptError(outcome.failed!)
  c.header('cache-control', 'no-store')
  await appendAudit(database.db, {
    tenantId: auth.tenantId,
    ...requestActor(c),
    action: 'mfa.totp_enabled',
    target: auth.userId,
  })
  return c.json({ backupCodes: outcome.codes }, 200)
})

import { withTenant } from '@vm-algo/db'
import { appendAudit, requestActor } from '../../../audit/index.ts'
import { requireAuth } from '../../../auth/middleware.ts'
import { ApiError } from '../../../errors.ts'
import { replaceBackupCodes } from '../../../mfa/credentials.ts'
import { createRoute, json, problems, router } from '../../../openapi.ts'
import { attemptError, attemptSecondFactor, BackupCodesSchema, CodeSchema } from './attempt.ts'

const route = createRoute({
  method: 'post',
  path: '/backup-codes/regenerate',
  tags: ['Two-factor'],
  summary: 'Replace all backup codes with 10 new ones (needs a current code)',
  middleware: [requireAuth()] as const,
  security: [{ bearer: [] }],
  request: { body: { content: json(CodeSchema), required: true } },
  responses: {
    200: {
      description: 'The new codes; the old ones stop working',
      content: json(BackupCodesSchema),
    },
    ...problems(400, 401, 403, 409, 429),
  },
})

/** POST /api/v1/mfa/backup-codes/regenerate */
export const regenerate = router().openapi(route, async (c) => {
  const { config, database } = c.get('services')
  if (!database) throw new ApiError('service_unavailable', 'The database is not configured.')
  const auth = c.get('auth')
  const { code } = c.req.valid('json')
  const outcome = await withTenant(database.db, auth, async (tx) => {
    const checked = await attemptSecondFactor(tx, config, auth.userId, code)
    if (!checked?.ok) return { checked }
    return { checked, codes: await replaceBackupCodes(tx, auth.userId) }
  })
  if (!outcome.checked) throw new ApiError('conflict', 'Two-factor is not on.')
  if (!outcome.checked.ok) throw attemptError(outcome.checked)
  c.header('cache-control', 'no-store')
  await appendAudit(database.db, {
    tenantId: auth.tenantId,
    ...requestActor(c),
    action: 'mfa.backup_codes_regenerated',
    target: auth.userId,
  })
  return c.json({ backupCodes: outcome.codes! }, 200)
})

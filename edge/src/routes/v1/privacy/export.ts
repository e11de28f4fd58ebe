import { withTenant } from '@vm-algo/db'
import { appendAudit } from '../../../audit/chain.ts'
import { requestActor } from '../../../audit/request.ts'
import { requireAuth } from '../../../auth/middleware.ts'
import { ApiError } from '../../../errors.ts'
import { createRoute, json, problems, router, z } from '../../../openapi.ts'
import { collectExport, EXPORT_EXCLUDES, EXPORT_INCLUDES, EXPORT_ROW_CAP } from './collect.ts'

const rows = z.array(z.record(z.string(), z.unknown()))

const ExportSchema = z
  .object({
    format: z.literal('vm-algo-export/1'),
    exportedAt: z.string(),
    includes: z.array(z.string()),
    excludes: z.array(z.string()),
    truncated: z
      .array(z.string())
      .openapi({ description: `Lists that had more than ${EXPORT_ROW_CAP} rows` }),
    user: z.record(z.string(), z.unknown()),
    memberships: rows,
    sessions: rows,
    invitationsSent: rows,
    activity: rows,
    workspaces: rows,
  })
  .openapi('DataExport')

const route = createRoute({
  method: 'get',
  path: '/export',
  tags: ['Account'],
  summary: 'Downloads everything the platform holds about you, as JSON',
  description: [
    'Included:',
    ...EXPORT_INCLUDES.map((line) => `- ${line}`),
    '',
    'Not included:',
    ...EXPORT_EXCLUDES.map((line) => `- ${line}`),
    '',
    `At most ${EXPORT_ROW_CAP} rows per list; \`truncated\` names any list that had more. Audited as \`account.exported\`.`,
  ].join('\n'),
  middleware: [requireAuth()] as const,
  security: [{ bearer: [] }],
  responses: {
    200: { description: 'The export, as an attachment', content: json(ExportSchema) },
    ...problems(401, 403),
  },
})

/** GET /api/v1/me/export */
export const exportData = router().openapi(route, async (c) => {
  const { database } = c.get('services')
  if (!database) throw new ApiError('service_unavailable', 'The database is not configured.')
  const auth = c.get('auth')
  const document = await collectExport(database.db, auth.userId)
  if (!document) throw new ApiError('unauthenticated', 'This session has ended; sign in again.')
  await withTenant(database.db, auth, (tx) =>
    appendAudit(tx, {
      tenantId: auth.tenantId,
      ...requestActor(c),
      action: 'account.exported',
      target: auth.userId,
      data: { workspaces: document.workspaces.map((w) => w.tenant.id) },
    }),
  )
  const day = document.exportedAt.slice(0, 10)
  c.header('content-disposition', `attachment; filename="vm-algo-export-${day}.json"`)
  c.header('cache-control', 'no-store')
  return c.json(document, 200)
})

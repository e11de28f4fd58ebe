import { withTenant } from '@vm-algo/db'
import { verifyChain } from '../../../audit/verify.ts'
import { requireAuth, requirePermission } from '../../../auth/middleware.ts'
import { ApiError } from '../../../errors.ts'
import { createRoute, json, problems, router } from '../../../openapi.ts'
import { ChainVerdictSchema } from './entries.ts'

const route = createRoute({
  method: 'get',
  path: '/verify',
  tags: ['Audit'],
  summary: "Checks the workspace's audit chain and names the first tampered entry",
  description:
    'Recomputes every hash in order. `ok: false` gives `firstBadSeq` and why it fails; the answer is 200 either way.',
  middleware: [requireAuth(), requirePermission('manage_team')] as const,
  security: [{ bearer: [] }],
  responses: {
    200: { description: 'The verdict', content: json(ChainVerdictSchema) },
    ...problems(401, 403),
  },
})

/** GET /api/v1/audit/verify */
export const verifyAudit = router().openapi(route, async (c) => {
  const { database } = c.get('services')
  if (!database) throw new ApiError('service_unavailable', 'The database is not configured.')
  const auth = c.get('auth')
  const verdict = await withTenant(database.db, auth, (tx) => verifyChain(tx, auth.tenantId))
  c.header('cache-control', 'no-store')
  return c.json(verdict, 200)
})

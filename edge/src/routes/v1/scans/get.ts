import { withTenant } from '@vm-algo/db'
import { requireAuth } from '../../../auth/middleware.ts'
import { createRoute, json, problems, router } from '../../../openapi.ts'
import { databaseOf } from '../plugins/store.ts'
import { findScan, presentScan, ScanIdParam, ScanSchema } from './schemas.ts'

const route = createRoute({
  method: 'get',
  path: '/{scanId}',
  tags: ['Scans'],
  summary: 'A scan of the workspace',
  middleware: [requireAuth()] as const,
  security: [{ bearer: [] }],
  request: { params: ScanIdParam },
  responses: {
    200: { description: 'The scan', content: json(ScanSchema) },
    ...problems(400, 401, 403, 404),
  },
})

/** GET /api/v1/scans/{scanId} */
export const getScan = router().openapi(route, async (c) => {
  const auth = c.get('auth')
  const { scanId } = c.req.valid('param')
  const row = await withTenant(databaseOf(c), auth, (tx) => findScan(tx, auth.tenantId, scanId))
  return c.json(presentScan(row), 200)
})

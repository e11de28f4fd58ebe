import { withTenant } from '@vm-algo/db'
import { requireAuth } from '../../../auth/middleware.ts'
import { createRoute, json, problems, router } from '../../../openapi.ts'
import { databaseOf } from '../plugins/store.ts'
import {
  DeploymentIdParam,
  DeploymentSchema,
  findDeployment,
  presentDeployment,
} from './schemas.ts'

const route = createRoute({
  method: 'get',
  path: '/{deploymentId}',
  tags: ['Deployments'],
  summary: 'A deployment: its status, error, parameters and times',
  middleware: [requireAuth()] as const,
  security: [{ bearer: [] }],
  request: { params: DeploymentIdParam },
  responses: {
    200: { description: 'The deployment', content: json(DeploymentSchema) },
    ...problems(400, 401, 403, 404),
  },
})

/** GET /api/v1/deployments/{deploymentId} */
export const getDeployment = router().openapi(route, async (c) => {
  const auth = c.get('auth')
  const { deploymentId } = c.req.valid('param')
  const row = await withTenant(databaseOf(c), auth, (tx) =>
    findDeployment(tx, auth.tenantId, deploymentId),
  )
  c.header('cache-control', 'no-store')
  return c.json(presentDeployment(row), 200)
})

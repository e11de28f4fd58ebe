import { isId, schema, withTenant } from '@vm-algo/db'
import { and, desc, eq, lt } from 'drizzle-orm'
import { requireAuth } from '../../../auth/middleware.ts'
import { decodeCursor, PageQuerySchema, pageOf, toPage } from '../../../lib/pagination.ts'
import { createRoute, json, problems, router } from '../../../openapi.ts'
import { databaseOf } from '../plugins/store.ts'
import {
  DeploymentSchema,
  DeploymentStatusSchema,
  deploymentColumns,
  presentDeployment,
} from './schemas.ts'

const route = createRoute({
  method: 'get',
  path: '/',
  tags: ['Deployments'],
  summary: "The workspace's deployments, newest first",
  description: 'Filter with `status`.',
  middleware: [requireAuth()] as const,
  security: [{ bearer: [] }],
  request: { query: PageQuerySchema.extend({ status: DeploymentStatusSchema.optional() }) },
  responses: {
    200: { description: 'A page of deployments', content: json(pageOf(DeploymentSchema)) },
    ...problems(400, 401, 403),
  },
})

/** GET /api/v1/deployments */
export const listDeployments = router().openapi(route, async (c) => {
  const auth = c.get('auth')
  const { cursor, limit, status } = c.req.valid('query')
  const before = cursor ? decodeCursor(cursor, (k) => isId('deployment', k)) : undefined
  const { deployments, pluginVersions, plugins } = schema
  const rows = await withTenant(databaseOf(c), auth, (tx) =>
    tx
      .select(deploymentColumns)
      .from(deployments)
      .innerJoin(pluginVersions, eq(pluginVersions.id, deployments.pluginVersionId))
      .innerJoin(plugins, eq(plugins.id, pluginVersions.pluginId))
      .where(
        and(
          eq(deployments.tenantId, auth.tenantId),
          status ? eq(deployments.status, status) : undefined,
          before ? lt(deployments.id, before) : undefined,
        ),
      )
      .orderBy(desc(deployments.id))
      .limit(limit + 1),
  )
  const page = toPage(rows, limit, (row) => row.deployment.id)
  return c.json({ ...page, items: page.items.map(presentDeployment) }, 200)
})

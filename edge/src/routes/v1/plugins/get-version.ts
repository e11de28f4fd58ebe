import { schema, withTenant } from '@vm-algo/db'
import { and, eq } from 'drizzle-orm'
import { requireAuth } from '../../../auth/middleware.ts'
import { ApiError } from '../../../errors.ts'
import { createRoute, json, problems, router } from '../../../openapi.ts'
import { PluginVersionSchema, presentVersion, VersionIdParams } from './schemas.ts'
import { databaseOf, findPlugin } from './store.ts'

const route = createRoute({
  method: 'get',
  path: '/{pluginId}/versions/{versionId}',
  tags: ['Plugins'],
  summary: 'One stored version: its source, manifest and compiler warnings',
  middleware: [requireAuth()] as const,
  security: [{ bearer: [] }],
  request: { params: VersionIdParams },
  responses: {
    200: { description: 'The version', content: json(PluginVersionSchema) },
    ...problems(400, 401, 403, 404),
  },
})

/** GET /api/v1/plugins/{pluginId}/versions/{versionId} */
export const getVersion = router().openapi(route, async (c) => {
  const auth = c.get('auth')
  const { pluginId, versionId } = c.req.valid('param')
  const v = schema.pluginVersions
  const row = await withTenant(databaseOf(c), auth, async (tx) => {
    await findPlugin(tx, auth.tenantId, pluginId)
    const [row] = await tx
      .select()
      .from(v)
      .where(and(eq(v.tenantId, auth.tenantId), eq(v.pluginId, pluginId), eq(v.id, versionId)))
    return row
  })
  if (!row) throw new ApiError('not_found', 'No such version of this plugin.')
  return c.json(presentVersion(row), 200)
})

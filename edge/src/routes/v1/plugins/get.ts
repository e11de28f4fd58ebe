import { withTenant } from '@vm-algo/db'
import { requireAuth } from '../../../auth/middleware.ts'
import { createRoute, json, problems, router } from '../../../openapi.ts'
import { PluginIdParam, PluginSchema, presentPlugin } from './schemas.ts'
import { databaseOf, findPlugin, latestVersions } from './store.ts'

const route = createRoute({
  method: 'get',
  path: '/{pluginId}',
  tags: ['Plugins'],
  summary: 'A plugin of the workspace, with its newest version',
  middleware: [requireAuth()] as const,
  security: [{ bearer: [] }],
  request: { params: PluginIdParam },
  responses: {
    200: { description: 'The plugin', content: json(PluginSchema) },
    ...problems(400, 401, 403, 404),
  },
})

/** GET /api/v1/plugins/{pluginId} */
export const getPlugin = router().openapi(route, async (c) => {
  const auth = c.get('auth')
  const { pluginId } = c.req.valid('param')
  const plugin = await withTenant(databaseOf(c), auth, async (tx) => {
    const row = await findPlugin(tx, auth.tenantId, pluginId)
    const latest = await latestVersions(tx, auth.tenantId, [row.id])
    return presentPlugin(row, latest.get(row.id))
  })
  return c.json(plugin, 200)
})

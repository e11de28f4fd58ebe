import { isId, schema, withTenant } from '@vm-algo/db'
import { and, desc, eq, lt } from 'drizzle-orm'
import { requireAuth } from '../../../auth/middleware.ts'
import { decodeCursor, PageQuerySchema, pageOf, toPage } from '../../../lib/pagination.ts'
import { createRoute, json, problems, router } from '../../../openapi.ts'
import { PluginIdParam, PluginVersionSummarySchema, presentVersionSummary } from './schemas.ts'
import { databaseOf, findPlugin } from './store.ts'

const route = createRoute({
  method: 'get',
  path: '/{pluginId}/versions',
  tags: ['Plugins'],
  summary: "A plugin's stored versions, newest first",
  description:
    'Each with its manifest (parameters, universe, timeframes); the source is in `GET …/versions/{versionId}`.',
  middleware: [requireAuth()] as const,
  security: [{ bearer: [] }],
  request: { params: PluginIdParam, query: PageQuerySchema },
  responses: {
    200: { description: 'A page of versions', content: json(pageOf(PluginVersionSummarySchema)) },
    ...problems(400, 401, 403, 404),
  },
})

/** GET /api/v1/plugins/{pluginId}/versions */
export const listVersions = router().openapi(route, async (c) => {
  const auth = c.get('auth')
  const { pluginId } = c.req.valid('param')
  const { cursor, limit } = c.req.valid('query')
  const before = cursor ? decodeCursor(cursor, (k) => isId('pluginVersion', k)) : undefined
  const v = schema.pluginVersions
  const rows = await withTenant(databaseOf(c), auth, async (tx) => {
    await findPlugin(tx, auth.tenantId, pluginId)
    return tx
      .select({
        id: v.id,
        tenantId: v.tenantId,
        pluginId: v.pluginId,
        version: v.version,
        manifest: v.manifest,
        sdkVersion: v.sdkVersion,
        sourceSha256: v.sourceSha256,
        diagnostics: v.diagnostics,
        createdAt: v.createdAt,
      })
      .from(v)
      .where(
        and(
          eq(v.tenantId, auth.tenantId),
          eq(v.pluginId, pluginId),
          before ? lt(v.id, before) : undefined,
        ),
      )
      .orderBy(desc(v.id))
      .limit(limit + 1)
  })
  const page = toPage(rows, limit, (row) => row.id)
  return c.json({ ...page, items: page.items.map(presentVersionSummary) }, 200)
})

import { isId, schema, withTenant } from '@vm-algo/db'
import { and, desc, eq, lt } from 'drizzle-orm'
import { requireAuth } from '../../../auth/middleware.ts'
import { decodeCursor, PageQuerySchema, pageOf, toPage } from '../../../lib/pagination.ts'
import { createRoute, json, problems, router } from '../../../openapi.ts'
import { PluginKindSchema, PluginSchema, presentPlugin } from './schemas.ts'
import { databaseOf, latestVersions, visiblePlugin } from './store.ts'

const route = createRoute({
  method: 'get',
  path: '/',
  tags: ['Plugins'],
  summary: "The workspace's plugins, newest first",
  description: 'Each with its newest version, if any. Filter with `kind`.',
  middleware: [requireAuth()] as const,
  security: [{ bearer: [] }],
  request: { query: PageQuerySchema.extend({ kind: PluginKindSchema.optional() }) },
  responses: {
    200: { description: 'A page of plugins', content: json(pageOf(PluginSchema)) },
    ...problems(400, 401, 403),
  },
})

/** GET /api/v1/plugins */
export const listPlugins = router().openapi(route, async (c) => {
  const auth = c.get('auth')
  const { cursor, limit, kind } = c.req.valid('query')
  const before = cursor ? decodeCursor(cursor, (k) => isId('plugin', k)) : undefined
  const { plugins } = schema
  const page = await withTenant(databaseOf(c), auth, async (tx) => {
    const rows = await tx
      .select()
      .from(plugins)
      .where(
        and(
          eq(plugins.tenantId, auth.tenantId),
          visiblePlugin(),
          kind ? eq(plugins.kind, kind) : undefined,
          before ? lt(plugins.id, before) : undefined,
        ),
      )
      .orderBy(desc(plugins.id))
      .limit(limit + 1)
    const page = toPage(rows, limit, (row) => row.id)
    const latest = await latestVersions(
      tx,
      auth.tenantId,
      page.items.map((p) => p.id),
    )
    return { ...page, items: page.items.map((row) => presentPlugin(row, latest.get(row.id))) }
  })
  return c.json(page, 200)
})

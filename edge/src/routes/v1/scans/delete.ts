import { schema, withTenant } from '@vm-algo/db'
import { and, eq, notExists } from 'drizzle-orm'
import { requireAuth } from '../../../auth/middleware.ts'
import { createRoute, problems, router } from '../../../openapi.ts'
import { databaseOf, HIDDEN_SLUG_PREFIX } from '../plugins/store.ts'
import { findScan, generatedPluginSlug, ScanIdParam } from './schemas.ts'

const route = createRoute({
  method: 'delete',
  path: '/{scanId}',
  tags: ['Scans'],
  summary: 'Deletes a scan and its matches',
  description:
    "An expression scan's generated scanner goes with it. Open to every plan, like reading scans.",
  middleware: [requireAuth()] as const,
  security: [{ bearer: [] }],
  request: { params: ScanIdParam },
  responses: {
    204: { description: 'Deleted' },
    ...problems(400, 401, 403, 404),
  },
})

/** DELETE /api/v1/scans/{scanId} */
export const deleteScan = router().openapi(route, async (c) => {
  const auth = c.get('auth')
  const { scanId } = c.req.valid('param')
  const { scans, plugins, pluginVersions, backtestJobs } = schema
  await withTenant(databaseOf(c), auth, async (tx) => {
    await findScan(tx, auth.tenantId, scanId)
    await tx.delete(scans).where(and(eq(scans.tenantId, auth.tenantId), eq(scans.id, scanId)))
    // The generated scanner (and its version, by cascade) belongs to this scan alone — unless
    // a backtest of it is kept, which must keep its version: then it stays, hidden as before.
    await tx
      .delete(plugins)
      .where(
        and(
          eq(plugins.tenantId, auth.tenantId),
          eq(plugins.slug, generatedPluginSlug(scanId, HIDDEN_SLUG_PREFIX)),
          notExists(
            tx
              .select({ id: backtestJobs.id })
              .from(backtestJobs)
              .innerJoin(pluginVersions, eq(pluginVersions.id, backtestJobs.pluginVersionId))
              .where(eq(pluginVersions.pluginId, plugins.id)),
          ),
        ),
      )
  })
  return c.body(null, 204)
})

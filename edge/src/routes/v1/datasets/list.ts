import { isId, schema, withTenant } from '@vm-algo/db'
import { and, desc, eq, lt } from 'drizzle-orm'
import { requireAuth } from '../../../auth/middleware.ts'
import { decodeCursor, PageQuerySchema, pageOf, toPage } from '../../../lib/pagination.ts'
import { createRoute, json, problems, router } from '../../../openapi.ts'
import { databaseOf } from '../plugins/store.ts'
import { DatasetSchema, presentDataset, summaryColumns } from './schemas.ts'

const route = createRoute({
  method: 'get',
  path: '/',
  tags: ['Datasets'],
  summary: "The workspace's imported datasets, newest first",
  middleware: [requireAuth()] as const,
  security: [{ bearer: [] }],
  request: { query: PageQuerySchema },
  responses: {
    200: {
      description: 'A page of datasets (without their bars)',
      content: json(pageOf(DatasetSchema)),
    },
    ...problems(400, 401, 403),
  },
})

/** GET /api/v1/datasets */
export const listDatasets = router().openapi(route, async (c) => {
  const auth = c.get('auth')
  const { cursor, limit } = c.req.valid('query')
  const before = cursor ? decodeCursor(cursor, (k) => isId('dataset', k)) : undefined
  const { datasets } = schema
  const rows = await withTenant(databaseOf(c), auth, (tx) =>
    tx
      .select(summaryColumns)
      .from(datasets)
      .where(
        and(eq(datasets.tenantId, auth.tenantId), before ? lt(datasets.id, before) : undefined),
      )
      .orderBy(desc(datasets.id))
      .limit(limit + 1),
  )
  const page = toPage(rows, limit, (row) => row.id)
  return c.json({ ...page, items: page.items.map(presentDataset) }, 200)
})

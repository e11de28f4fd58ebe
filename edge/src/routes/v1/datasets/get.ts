import { schema, withTenant } from '@vm-algo/db'
import { and, eq } from 'drizzle-orm'
import { requireAuth } from '../../../auth/middleware.ts'
import { createRoute, json, problems, router } from '../../../openapi.ts'
import { databaseOf } from '../plugins/store.ts'
import { DatasetIdParam, DatasetSchema, findDataset, presentDataset } from './schemas.ts'

const getRoute = createRoute({
  method: 'get',
  path: '/{datasetId}',
  tags: ['Datasets'],
  summary: 'A dataset of the workspace (without its bars)',
  middleware: [requireAuth()] as const,
  security: [{ bearer: [] }],
  request: { params: DatasetIdParam },
  responses: {
    200: { description: 'The dataset', content: json(DatasetSchema) },
    ...problems(400, 401, 403, 404),
  },
})

const csvRoute = createRoute({
  method: 'get',
  path: '/{datasetId}/csv',
  tags: ['Datasets'],
  summary: 'Downloads the bars of a dataset as CSV, as imported',
  middleware: [requireAuth()] as const,
  security: [{ bearer: [] }],
  request: { params: DatasetIdParam },
  responses: {
    200: { description: 'The CSV', content: { 'text/csv': { schema: { type: 'string' } } } },
    ...problems(400, 401, 403, 404),
  },
})

const deleteRoute = createRoute({
  method: 'delete',
  path: '/{datasetId}',
  tags: ['Datasets'],
  summary: 'Deletes a dataset',
  description: 'Backtests that already ran on it keep their results.',
  middleware: [requireAuth()] as const,
  security: [{ bearer: [] }],
  request: { params: DatasetIdParam },
  responses: {
    204: { description: 'Deleted' },
    ...problems(400, 401, 403, 404),
  },
})

/** GET /api/v1/datasets/{datasetId}, …/csv, DELETE /api/v1/datasets/{datasetId} */
export const datasetById = router()
  .openapi(getRoute, async (c) => {
    const auth = c.get('auth')
    const { datasetId } = c.req.valid('param')
    const row = await withTenant(databaseOf(c), auth, (tx) =>
      findDataset(tx, auth.tenantId, datasetId),
    )
    return c.json(presentDataset(row), 200)
  })
  .openapi(csvRoute, async (c) => {
    const auth = c.get('auth')
    const { datasetId } = c.req.valid('param')
    const { datasets } = schema
    const row = await withTenant(databaseOf(c), auth, async (tx) => {
      const found = await findDataset(tx, auth.tenantId, datasetId)
      const [data] = await tx
        .select({ csv: datasets.csv })
        .from(datasets)
        .where(and(eq(datasets.tenantId, auth.tenantId), eq(datasets.id, datasetId)))
      return { ...found, csv: data!.csv }
    })
    const file = `${row.symbol}_${row.timeframe}_${row.id}.csv`
    return c.body(row.csv, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${file}"`,
      'cache-control': 'private, no-store',
    })
  })
  .openapi(deleteRoute, async (c) => {
    const auth = c.get('auth')
    const { datasetId } = c.req.valid('param')
    const { datasets } = schema
    await withTenant(databaseOf(c), auth, async (tx) => {
      await findDataset(tx, auth.tenantId, datasetId)
      await tx
        .delete(datasets)
        .where(and(eq(datasets.tenantId, auth.tenantId), eq(datasets.id, datasetId)))
    })
    return c.body(null, 204)
  })

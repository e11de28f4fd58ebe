import { isId, schema, type Tx } from '@vm-algo/db'
import { and, eq, sql } from 'drizzle-orm'
import { ApiError } from '../../../errors.ts'
import { z } from '../../../openapi.ts'

const iso = z.string().openapi({ format: 'date-time' })

export const DatasetSchema = z
  .object({
    id: z.string().openapi({ example: 'dst_01JDX4Q7T3M9Y6ZJ8V2K5N0B1C' }),
    name: z.string(),
    symbol: z.string().openapi({ example: 'RELIANCE' }),
    timeframe: z.enum(['1m', '5m', '15m', '1d']),
    source: z.enum(['csv', 'kite']).openapi({ description: 'Uploaded CSV, or imported from Kite' }),
    rows: z.number().int().openapi({ description: 'Bars in the series' }),
    firstBar: iso.openapi({ description: 'Open time of the first bar' }),
    lastBar: iso.openapi({ description: 'Open time of the last bar' }),
    bytes: z.number().int().openapi({ description: 'Size of the stored CSV' }),
    sha256: z.string().openapi({ description: 'Of the CSV as uploaded' }),
    createdAt: iso,
  })
  .openapi('Dataset')

export type Dataset = z.infer<typeof DatasetSchema>

/** What every import names: the dataset, its instrument and its bars' timeframe. */
export const NewDatasetFields = z.object({
  name: z.string().trim().min(1).max(64).openapi({ example: 'RELIANCE 2019 minutes' }),
  symbol: z
    .string()
    .regex(/^[A-Za-z0-9&_.:-]{1,40}$/, 'must be a symbol such as RELIANCE or M&M')
    .transform((s) => s.toUpperCase()),
  timeframe: z.enum(['1m', '5m', '15m', '1d']),
})

export const DatasetIdParam = z.object({
  datasetId: z
    .string()
    .refine((v) => isId('dataset', v), 'must be a dataset id (dst_…)')
    .openapi({
      param: { name: 'datasetId', in: 'path' },
      example: 'dst_01JDX4Q7T3M9Y6ZJ8V2K5N0B1C',
    }),
})

const d = schema.datasets

/** Every column but the CSV itself: lists and summaries never carry the bars. */
export const summaryColumns = {
  id: d.id,
  name: d.name,
  symbol: d.symbol,
  timeframe: d.timeframe,
  source: d.source,
  rows: d.rows,
  firstBar: d.firstBar,
  lastBar: d.lastBar,
  bytes: sql<number>`octet_length(${d.csv})`.mapWith(Number),
  sha256: d.sha256,
  createdAt: d.createdAt,
}

type SummaryRow = {
  [K in keyof typeof summaryColumns]: K extends 'bytes'
    ? number
    : (typeof d.$inferSelect)[K & keyof typeof d.$inferSelect]
}

export const presentDataset = (row: SummaryRow): Dataset => ({
  id: row.id,
  name: row.name,
  symbol: row.symbol,
  timeframe: row.timeframe as Dataset['timeframe'],
  source: row.source as Dataset['source'],
  rows: row.rows,
  firstBar: row.firstBar.toISOString(),
  lastBar: row.lastBar.toISOString(),
  bytes: row.bytes,
  sha256: row.sha256,
  createdAt: row.createdAt.toISOString(),
})

/** The summary of the tenant's dataset `datasetId`; 404 when there is none. */
export async function findDataset(
  tx: Tx,
  tenantId: string,
  datasetId: string,
): Promise<SummaryRow> {
  const [row] = await tx
    .select(summaryColumns)
    .from(d)
    .where(and(eq(d.tenantId, tenantId), eq(d.id, datasetId)))
  if (!row) throw new ApiError('not_found', 'No such dataset in this workspace.')
  return row
}

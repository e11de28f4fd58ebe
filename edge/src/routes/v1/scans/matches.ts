import { isId, schema, withTenant } from '@vm-algo/db'
import { and, desc, eq, lt } from 'drizzle-orm'
import { requireAuth } from '../../../auth/middleware.ts'
import { decodeCursor, PageQuerySchema, pageOf, toPage } from '../../../lib/pagination.ts'
import { createRoute, json, problems, router, z } from '../../../openapi.ts'
import { databaseOf } from '../plugins/store.ts'
import { findScan, ScanIdParam } from './schemas.ts'

export const ScanMatchSchema = z
  .object({
    id: z.string(),
    symbol: z.string(),
    barTime: z.string().openapi({ format: 'date-time', description: 'Start of the matching bar' }),
    data: z.record(z.string(), z.unknown()).openapi({
      description: 'The scanner\'s columns, e.g. `{ "RSI(14)": 27.4, close: 2870.5 }`',
    }),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('ScanMatch')

const route = createRoute({
  method: 'get',
  path: '/{scanId}/matches',
  tags: ['Scans'],
  summary: "A scan's matches, newest first",
  description: 'Filter with `symbol`.',
  middleware: [requireAuth()] as const,
  security: [{ bearer: [] }],
  request: {
    params: ScanIdParam,
    query: PageQuerySchema.extend({ symbol: z.string().max(40).optional() }),
  },
  responses: {
    200: { description: 'A page of matches', content: json(pageOf(ScanMatchSchema)) },
    ...problems(400, 401, 403, 404),
  },
})

/** GET /api/v1/scans/{scanId}/matches */
export const listMatches = router().openapi(route, async (c) => {
  const auth = c.get('auth')
  const { scanId } = c.req.valid('param')
  const { cursor, limit, symbol } = c.req.valid('query')
  const before = cursor ? decodeCursor(cursor, (k) => isId('scanMatch', k)) : undefined
  const m = schema.scanMatches
  const rows = await withTenant(databaseOf(c), auth, async (tx) => {
    await findScan(tx, auth.tenantId, scanId)
    return tx
      .select()
      .from(m)
      .where(
        and(
          eq(m.tenantId, auth.tenantId),
          eq(m.scanId, scanId),
          symbol ? eq(m.symbol, symbol) : undefined,
          before ? lt(m.id, before) : undefined,
        ),
      )
      .orderBy(desc(m.id))
      .limit(limit + 1)
  })
  const page = toPage(rows, limit, (row) => row.id)
  const items = page.items.map((r) => ({
    id: r.id,
    symbol: r.symbol,
    barTime: r.barTime.toISOString(),
    data: r.data as Record<string, unknown>,
    createdAt: r.createdAt.toISOString(),
  }))
  c.header('cache-control', 'no-store')
  return c.json({ items, nextCursor: page.nextCursor }, 200)
})

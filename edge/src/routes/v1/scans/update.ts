import { schema, withTenant } from '@vm-algo/db'
import { and, eq } from 'drizzle-orm'
import { requireAuth, requirePermission } from '../../../auth/middleware.ts'
import { createRoute, json, problems, router, z } from '../../../openapi.ts'
import { databaseOf } from '../plugins/store.ts'
import {
  findScan,
  presentScan,
  ScanIdParam,
  ScanNameSchema,
  ScanSchema,
  ScheduleSchema,
} from './schemas.ts'

const UpdateScanSchema = z
  .object({
    name: ScanNameSchema.optional(),
    enabled: z.boolean().optional(),
    schedule: ScheduleSchema.optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), {
    message: 'change at least one of name, enabled, schedule',
  })

const route = createRoute({
  method: 'patch',
  path: '/{scanId}',
  tags: ['Scans'],
  summary: 'Renames a scan, turns it on or off, or changes its schedule',
  description:
    'What it scans for (expression or plugin version, universe, timeframe) is fixed: create another scan to change it. Needs the `scanner` permission.',
  middleware: [requireAuth(), requirePermission('scanner')] as const,
  security: [{ bearer: [] }],
  request: {
    params: ScanIdParam,
    body: { required: true, content: json(UpdateScanSchema) },
  },
  responses: {
    200: { description: 'The scan as changed', content: json(ScanSchema) },
    ...problems(400, 401, 402, 403, 404),
  },
})

/** PATCH /api/v1/scans/{scanId} */
export const updateScan = router().openapi(route, async (c) => {
  const auth = c.get('auth')
  const { scanId } = c.req.valid('param')
  const { name, enabled, schedule } = c.req.valid('json')
  const { scans } = schema
  const row = await withTenant(databaseOf(c), auth, async (tx) => {
    await findScan(tx, auth.tenantId, scanId)
    const [updated] = await tx
      .update(scans)
      .set({
        // A user's change gives a scan that failed another run (the engine skips it till then).
        error: null,
        ...(name !== undefined ? { name } : {}),
        ...(enabled !== undefined ? { enabled } : {}),
        ...(schedule !== undefined ? { schedule } : {}),
      })
      .where(and(eq(scans.tenantId, auth.tenantId), eq(scans.id, scanId)))
      .returning()
    return updated!
  })
  return c.json(presentScan(row), 200)
})

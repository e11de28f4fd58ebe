import { isId, schema, type Tx } from '@vm-algo/db'
import { and, eq } from 'drizzle-orm'
import { ApiError } from '../../../errors.ts'
import { z } from '../../../openapi.ts'

// Scans as the API shows them. A scan runs a scanner over its universe on each closed bar of
// its timeframe (or at its scheduled times) and records matches; the scanner is a plugin
// version of the workspace, or one generated from a no-code expression (a hidden plugin).

const iso = z.string().openapi({ format: 'date-time' })

export const TimeframeSchema = z
  .enum(['1m', '5m', '15m', '1d'])
  .openapi({ description: 'The candles it runs on' })

// Market hours, IST: a scheduled time outside them would never see a closed bar that day.
const OPEN_MINUTE = 9 * 60 + 15
const CLOSE_MINUTE = 15 * 60 + 30

/**
 * `null`: on every closed bar of the timeframe. Else times of day (IST, 24-hour `HH:MM`, comma
 * separated, within market hours 09:15–15:30): the scan runs on the first closed bar at or
 * after each. Stored sorted, without repeats.
 */
export const ScheduleSchema = z
  .string()
  .max(24 * 6, 'at most 24 times')
  .transform((v, ctx) => {
    const times = v.split(',').map((t) => t.trim())
    const minutes: number[] = []
    for (const time of times) {
      const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time)
      const minute = match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN
      if (!(minute >= OPEN_MINUTE && minute <= CLOSE_MINUTE)) {
        ctx.addIssue({
          code: 'custom',
          message: `"${time}" is not a time between 09:15 and 15:30 (IST, HH:MM)`,
        })
        return z.NEVER
      }
      if (!minutes.includes(minute)) minutes.push(minute)
    }
    return minutes
      .sort((a, b) => a - b)
      .map(
        (m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`,
      )
      .join(',')
  })
  .nullable()
  .openapi({
    type: 'string',
    example: '09:30,15:15',
    description:
      'null (the default): every closed bar of the timeframe. Else IST times within 09:15–15:30 (`HH:MM`, comma separated): the first closed bar at or after each',
  })

export const ScanNameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .openapi({ example: 'Oversold above trend' })

export const ScanSchema = z
  .object({
    id: z.string().openapi({ example: 'scn_01JDX4Q7T3M9Y6ZJ8V2K5N0B1C' }),
    name: z.string(),
    kind: z.enum(['expression', 'plugin']).openapi({
      description: '`expression`: built from `expression`; `plugin`: a scanner of the workspace',
    }),
    expression: z.string().nullable().openapi({ description: 'In canonical form' }),
    pluginVersionId: z.string().nullable().openapi({
      description: 'The scanner it runs (for an expression scan, the generated one)',
    }),
    universe: z.array(z.string()),
    timeframe: TimeframeSchema,
    schedule: z.string().nullable(),
    enabled: z.boolean(),
    error: z.string().nullable().openapi({
      description:
        'Why the engine stopped running the scan (its scanner failed); cleared by any update, which runs it again',
    }),
    lastRunAt: iso
      .nullable()
      .openapi({ description: 'When the engine last ran it on a candle close' }),
    createdAt: iso,
    updatedAt: iso,
  })
  .openapi('Scan')

export type Scan = z.infer<typeof ScanSchema>

export const ScanIdParam = z.object({
  scanId: z
    .string()
    .refine((v) => isId('scan', v), 'must be a scan id')
    .openapi({ param: { name: 'scanId', in: 'path' }, example: 'scn_01JDX4Q7T3M9Y6ZJ8V2K5N0B1C' }),
})

type ScanRow = typeof schema.scans.$inferSelect

export const presentScan = (row: ScanRow): Scan => ({
  id: row.id,
  name: row.name,
  kind: row.expression !== null ? 'expression' : 'plugin',
  expression: row.expression,
  pluginVersionId: row.pluginVersionId,
  universe: row.universe,
  timeframe: row.timeframe as Scan['timeframe'],
  schedule: row.schedule,
  enabled: row.enabled,
  error: row.error,
  lastRunAt: row.lastRunAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
})

/** The tenant's scan `scanId`; 404 when there is none. */
export async function findScan(tx: Tx, tenantId: string, scanId: string): Promise<ScanRow> {
  const { scans } = schema
  const [row] = await tx
    .select()
    .from(scans)
    .where(and(eq(scans.tenantId, tenantId), eq(scans.id, scanId)))
  if (!row) throw new ApiError('not_found', 'No such scan in this workspace.')
  return row
}

/** The slug of the hidden plugin holding an expression scan's generated scanner. */
export const generatedPluginSlug = (scanId: string, hiddenPrefix: string) =>
  `${hiddenPrefix}scan-${scanId.toLowerCase()}`

import { type Database, isId, schema, type Tx, withTenant } from '@vm-algo/db'
import { and, eq, isNull } from 'drizzle-orm'
import type { AuthContext } from '../../../auth/middleware.ts'
import { ApiError } from '../../../errors.ts'
import { z } from '../../../openapi.ts'

// What the routes on one job share: its path parameter and reading it as the caller's tenant.

export const JobParamsSchema = z.object({
  id: z.string().max(100).openapi({ example: 'btj_01JDX4Q7T3M9Y6ZJ8V2K5N0B1C' }),
})

export type JobRow = typeof schema.backtestJobs.$inferSelect

/** The database, or 503 when this edge has none. */
export function databaseOf(services: { database: { db: Database } | null }): Database {
  if (!services.database)
    throw new ApiError('service_unavailable', 'The database is not configured.')
  return services.database.db
}

/**
 * The tenant's job `id`, or null — another tenant's job is as absent as a made-up id, and so is
 * one its owner deleted.
 */
export async function findJob(tx: Tx, tenantId: string, id: string): Promise<JobRow | null> {
  if (!isId('backtestJob', id)) return null
  const jobs = schema.backtestJobs
  const [row] = await tx
    .select()
    .from(jobs)
    .where(and(eq(jobs.id, id), eq(jobs.tenantId, tenantId), isNull(jobs.deletedAt)))
  return row ?? null
}

/** Reads one job as the caller's tenant; 404 when it has none by that id. */
export async function jobOrNotFound(db: Database, auth: AuthContext, id: string): Promise<JobRow> {
  const row = await withTenant(db, auth, (tx) => findJob(tx, auth.tenantId, id))
  if (!row) throw notFound()
  return row
}

export const notFound = () => new ApiError('not_found', 'No backtest with this id.')

/** True once a job can no longer change. */
export const isFinal = (status: JobRow['status']) =>
  status === 'succeeded' || status === 'failed' || status === 'cancelled'

import { boolean, index, integer, jsonb, pgEnum, pgTable, real, text } from 'drizzle-orm/pg-core'
import { pluginVersions } from './plugins.ts'
import { at, createdAt, idColumn, tenantColumn, tenantIsolation } from './rls.ts'
import { tenants, users } from './tenancy.ts'

export const jobStatusEnum = pgEnum('job_status', [
  'queued',
  'running',
  'succeeded',
  'failed',
  'cancelled',
])

/**
 * What a sweep or a walk-forward may rank its runs by (`rankBy` of a backtest request): the
 * edge validates it, the core ranks by it (core/src/backtest/jobs/ranking.ts). `maxDrawdown`
 * ranks the shallowest first, the others the highest first.
 */
export const RANK_METRICS = [
  'sharpe',
  'sortino',
  'calmar',
  'totalReturn',
  'cagr',
  'profitFactor',
  'maxDrawdown',
] as const
export type RankMetric = (typeof RANK_METRICS)[number]
/** What runs are ranked by when the request does not say (core's jobs README says why). */
export const DEFAULT_RANK_BY: RankMetric = 'sharpe'

/**
 * A backtest, sweep or scan-backtest request. Jobs live in PostgreSQL so a core restart loses
 * nothing: a job whose lock went stale is picked up again or failed with a reason.
 */
export const backtestJobs = pgTable(
  'backtest_jobs',
  {
    id: idColumn('backtestJob'),
    tenantId: tenantColumn(tenants),
    userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
    pluginVersionId: text('plugin_version_id').references(() => pluginVersions.id, {
      onDelete: 'restrict',
    }),
    kind: text('kind').notNull().default('backtest'),
    status: jobStatusEnum('status').notNull().default('queued'),
    request: jsonb('request').notNull(),
    progress: real('progress').notNull().default(0),
    // What the job is doing, for the progress bar ("run 37 of 100", "out-of-sample 2 of 4").
    progressMessage: text('progress_message'),
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    cancelRequested: boolean('cancel_requested').notNull().default(false),
    lockedBy: text('locked_by'),
    lockedAt: at('locked_at'),
    createdAt: createdAt(),
    startedAt: at('started_at'),
    finishedAt: at('finished_at'),
    // Deleted by the user: hidden everywhere and its result dropped, but the row stays so the
    // day's runs still count toward the plan's quota (deleting cannot buy more runs).
    deletedAt: at('deleted_at'),
  },
  (t) => [
    index('backtest_jobs_queue_idx').on(t.status, t.createdAt),
    index('backtest_jobs_tenant_idx').on(t.tenantId, t.createdAt),
    tenantIsolation(t.tenantId),
  ],
).enableRLS()

export const backtestResults = pgTable(
  'backtest_results',
  {
    jobId: text('job_id')
      .primaryKey()
      .references(() => backtestJobs.id, { onDelete: 'cascade' }),
    tenantId: tenantColumn(tenants),
    metrics: jsonb('metrics').notNull(),
    equityCurve: jsonb('equity_curve').notNull(),
    trades: jsonb('trades').notNull(),
    createdAt: createdAt(),
  },
  (t) => [tenantIsolation(t.tenantId)],
).enableRLS()

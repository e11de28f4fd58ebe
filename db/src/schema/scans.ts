import { boolean, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core'
import { pluginVersions } from './plugins.ts'
import { at, createdAt, idColumn, tenantColumn, tenantIsolation, updatedAt } from './rls.ts'
import { tenants, users } from './tenancy.ts'

/** A live scan: a scanner plugin version, or a no-code expression compiled to the same runtime. */
export const scans = pgTable(
  'scans',
  {
    id: idColumn('scan'),
    tenantId: tenantColumn(tenants),
    userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    pluginVersionId: text('plugin_version_id').references(() => pluginVersions.id, {
      onDelete: 'restrict',
    }),
    expression: text('expression'),
    universe: jsonb('universe').$type<string[]>().notNull().default([]),
    timeframe: text('timeframe').notNull().default('1d'),
    schedule: text('schedule'),
    enabled: boolean('enabled').notNull().default(true),
    // Written by the engine (core/src/deployments/scans.ts): why the scanner stopped, when it
    // last ran, and the lease of the engine process that runs it.
    error: text('error'),
    lastRunAt: at('last_run_at'),
    engineId: text('engine_id'),
    leaseUntil: at('lease_until'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [tenantIsolation(t.tenantId)],
).enableRLS()

export const scanMatches = pgTable(
  'scan_matches',
  {
    id: idColumn('scanMatch'),
    tenantId: tenantColumn(tenants),
    scanId: text('scan_id')
      .notNull()
      .references(() => scans.id, { onDelete: 'cascade' }),
    symbol: text('symbol').notNull(),
    barTime: at('bar_time').notNull(),
    data: jsonb('data').notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index('scan_matches_scan_idx').on(t.scanId, t.barTime), tenantIsolation(t.tenantId)],
).enableRLS()

export const alerts = pgTable(
  'alerts',
  {
    id: idColumn('alert'),
    tenantId: tenantColumn(tenants),
    userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
    scanId: text('scan_id').references(() => scans.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    condition: jsonb('condition').notNull().default({}),
    channel: text('channel').notNull().default('in_app'),
    active: boolean('active').notNull().default(true),
    lastTriggeredAt: at('last_triggered_at'),
    createdAt: createdAt(),
  },
  (t) => [tenantIsolation(t.tenantId)],
).enableRLS()

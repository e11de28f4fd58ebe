import { index, jsonb, pgEnum, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core'
import { at, createdAt, idColumn, tenantColumn, tenantIsolation, updatedAt } from './rls.ts'
import { tenants, users } from './tenancy.ts'

export const pluginKindEnum = pgEnum('plugin_kind', ['strategy', 'scanner'])
export const tradingModeEnum = pgEnum('trading_mode', ['paper', 'live'])
export const deploymentStatusEnum = pgEnum('deployment_status', [
  'starting',
  'running',
  'paused',
  'stopped',
  'failed',
])

export const plugins = pgTable(
  'plugins',
  {
    id: idColumn('plugin'),
    tenantId: tenantColumn(tenants),
    authorUserId: text('author_user_id').references(() => users.id, { onDelete: 'set null' }),
    kind: pluginKindEnum('kind').notNull(),
    name: text('name').notNull(),
    slug: text('slug').notNull(),
    description: text('description'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('plugins_tenant_slug_idx').on(t.tenantId, t.slug),
    tenantIsolation(t.tenantId),
  ],
).enableRLS()

/** Immutable: the application role may insert versions but never update them. */
export const pluginVersions = pgTable(
  'plugin_versions',
  {
    id: idColumn('pluginVersion'),
    tenantId: tenantColumn(tenants),
    pluginId: text('plugin_id')
      .notNull()
      .references(() => plugins.id, { onDelete: 'cascade' }),
    version: text('version').notNull(),
    source: text('source').notNull(),
    compiledJs: text('compiled_js').notNull(),
    manifest: jsonb('manifest').notNull(),
    sourceSha256: text('source_sha256').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('plugin_versions_plugin_version_idx').on(t.pluginId, t.version),
    tenantIsolation(t.tenantId),
  ],
).enableRLS()

export const deployments = pgTable(
  'deployments',
  {
    id: idColumn('deployment'),
    tenantId: tenantColumn(tenants),
    pluginVersionId: text('plugin_version_id')
      .notNull()
      .references(() => pluginVersions.id, { onDelete: 'restrict' }),
    userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
    mode: tradingModeEnum('mode').notNull().default('paper'),
    status: deploymentStatusEnum('status').notNull().default('starting'),
    params: jsonb('params').notNull().default({}),
    symbols: jsonb('symbols').$type<string[]>().notNull().default([]),
    error: text('error'),
    startedAt: at('started_at'),
    stoppedAt: at('stopped_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('deployments_tenant_status_idx').on(t.tenantId, t.status),
    tenantIsolation(t.tenantId),
  ],
).enableRLS()

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
    sdkVersion: text('sdk_version'),
    // Compiler warnings kept with the version (errors never get stored: such source is refused).
    diagnostics: jsonb('diagnostics').notNull().default([]),
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
    // The engine's side (core/src/deployments): the plugin's persistent `ctx.state`, saved at
    // checkpoints, pause and stop, and given back when it starts again; and which engine
    // process runs it until when (a lease renewed while it runs, so another process takes
    // over the deployments of one that died).
    state: jsonb('state'),
    engineId: text('engine_id'),
    leaseUntil: at('lease_until'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('deployments_tenant_status_idx').on(t.tenantId, t.status),
    index('deployments_status_lease_idx').on(t.status, t.leaseUntil),
    tenantIsolation(t.tenantId),
  ],
).enableRLS()

/** What a deployed strategy asked for, with when; the trading work turns intents into orders. */
export const orderIntents = pgTable(
  'order_intents',
  {
    id: idColumn('orderIntent'),
    tenantId: tenantColumn(tenants),
    deploymentId: text('deployment_id')
      .notNull()
      .references(() => deployments.id, { onDelete: 'cascade' }),
    intent: jsonb('intent').notNull(),
    // Market time of the bar or tick that produced it, and wall time it was recorded.
    marketTime: at('market_time').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('order_intents_deployment_idx').on(t.deploymentId, t.createdAt),
    tenantIsolation(t.tenantId),
  ],
).enableRLS()

export const deploymentLogs = pgTable(
  'deployment_logs',
  {
    id: idColumn('deploymentLog'),
    tenantId: tenantColumn(tenants),
    deploymentId: text('deployment_id')
      .notNull()
      .references(() => deployments.id, { onDelete: 'cascade' }),
    level: text('level').notNull(),
    message: text('message').notNull(),
    marketTime: at('market_time'),
    createdAt: createdAt(),
  },
  (t) => [
    index('deployment_logs_deployment_idx').on(t.deploymentId, t.createdAt),
    tenantIsolation(t.tenantId),
  ],
).enableRLS()

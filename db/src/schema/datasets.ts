import { integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core'
import { at, createdAt, idColumn, tenantColumn, tenantIsolation } from './rls.ts'
import { tenants, users } from './tenancy.ts'

/**
 * Bars a workspace imported (CSV upload, later Kite historical) for its backtests: one series
 * of one symbol at one timeframe, kept as the validated CSV (`timestamp,open,high,low,close,
 * volume`) it came as — the core parses it into columns when a backtest reads it.
 */
export const datasets = pgTable(
  'datasets',
  {
    id: idColumn('dataset'),
    tenantId: tenantColumn(tenants),
    userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    symbol: text('symbol').notNull(),
    timeframe: text('timeframe').notNull(),
    source: text('source').notNull().default('csv'),
    rows: integer('rows').notNull(),
    firstBar: at('first_bar').notNull(),
    lastBar: at('last_bar').notNull(),
    csv: text('csv').notNull(),
    sha256: text('sha256').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('datasets_tenant_name_idx').on(t.tenantId, t.name),
    tenantIsolation(t.tenantId),
  ],
).enableRLS()

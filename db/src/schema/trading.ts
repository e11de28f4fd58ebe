import {
  index,
  integer,
  numeric,
  pgEnum,
  pgTable,
  text,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core'
import { brokerEnum } from './broker.ts'
import { deployments } from './plugins.ts'
import { at, createdAt, idColumn, tenantColumn, tenantIsolation, updatedAt } from './rls.ts'
import { tenants, users } from './tenancy.ts'

export const sideEnum = pgEnum('order_side', ['BUY', 'SELL'])
export const orderTypeEnum = pgEnum('order_type', ['MARKET', 'LIMIT', 'SL', 'SL-M'])
export const productEnum = pgEnum('product', ['CNC', 'MIS', 'NRML'])
export const orderStatusEnum = pgEnum('order_status', [
  'pending',
  'open',
  'complete',
  'cancelled',
  'rejected',
])

const price = (name: string) => numeric(name, { precision: 18, scale: 4, mode: 'number' })

export const orders = pgTable(
  'orders',
  {
    id: idColumn('order'),
    tenantId: tenantColumn(tenants),
    deploymentId: text('deployment_id').references(() => deployments.id, { onDelete: 'set null' }),
    userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
    broker: brokerEnum('broker').notNull(),
    // Idempotency: a retried intent with the same client id never becomes a second order.
    clientOrderId: text('client_order_id').notNull(),
    brokerOrderId: text('broker_order_id'),
    // SEBI: every platform order carries the exchange-approved algo id.
    algoId: text('algo_id'),
    exchange: text('exchange').notNull().default('NSE'),
    symbol: text('symbol').notNull(),
    side: sideEnum('side').notNull(),
    orderType: orderTypeEnum('order_type').notNull(),
    product: productEnum('product').notNull(),
    quantity: integer('quantity').notNull(),
    price: price('price'),
    triggerPrice: price('trigger_price'),
    status: orderStatusEnum('status').notNull().default('pending'),
    filledQuantity: integer('filled_quantity').notNull().default(0),
    averagePrice: price('average_price'),
    rejectReason: text('reject_reason'),
    placedAt: at('placed_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('orders_tenant_client_order_idx').on(t.tenantId, t.clientOrderId),
    index('orders_tenant_created_idx').on(t.tenantId, t.createdAt),
    tenantIsolation(t.tenantId),
  ],
).enableRLS()

export const fills = pgTable(
  'fills',
  {
    id: idColumn('fill'),
    tenantId: tenantColumn(tenants),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    brokerTradeId: text('broker_trade_id'),
    quantity: integer('quantity').notNull(),
    price: price('price').notNull(),
    charges: price('charges').notNull().default(0),
    filledAt: at('filled_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('fills_order_idx').on(t.orderId), tenantIsolation(t.tenantId)],
).enableRLS()

/** Net position per tenant, deployment (NULL = manual) and product. */
export const positions = pgTable(
  'positions',
  {
    id: idColumn('position'),
    tenantId: tenantColumn(tenants),
    deploymentId: text('deployment_id').references(() => deployments.id, { onDelete: 'set null' }),
    exchange: text('exchange').notNull().default('NSE'),
    symbol: text('symbol').notNull(),
    product: productEnum('product').notNull(),
    quantity: integer('quantity').notNull().default(0),
    averagePrice: price('average_price').notNull().default(0),
    realizedPnl: price('realized_pnl').notNull().default(0),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('positions_scope_idx')
      .on(t.tenantId, t.deploymentId, t.exchange, t.symbol, t.product)
      .nullsNotDistinct(),
    tenantIsolation(t.tenantId),
  ],
).enableRLS()

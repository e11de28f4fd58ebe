import { sql } from 'drizzle-orm'
import { check, integer, pgEnum, pgTable, smallint, text, uniqueIndex } from 'drizzle-orm/pg-core'
import { plugins } from './plugins.ts'
import {
  at,
  createdAt,
  idColumn,
  readPolicy,
  tenantColumn,
  tenantIsolation,
  updatedAt,
} from './rls.ts'
import { tenants, users } from './tenancy.ts'

export const listingStatusEnum = pgEnum('listing_status', ['draft', 'published', 'unlisted'])

/** A plugin offered to other tenants. Everyone may read published listings; only the author writes. */
export const listings = pgTable(
  'listings',
  {
    id: idColumn('listing'),
    tenantId: tenantColumn(tenants),
    pluginId: text('plugin_id')
      .notNull()
      .references(() => plugins.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    description: text('description').notNull().default(''),
    pricePaiseMonthly: integer('price_paise_monthly').notNull().default(0),
    status: listingStatusEnum('status').notNull().default('draft'),
    publishedAt: at('published_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    tenantIsolation(t.tenantId),
    readPolicy('listings_published_read', sql`${t.status} = 'published'`),
  ],
).enableRLS()

/** A tenant's subscription to another author's listing. */
export const listingSubscriptions = pgTable(
  'listing_subscriptions',
  {
    id: idColumn('listingSubscription'),
    tenantId: tenantColumn(tenants),
    listingId: text('listing_id')
      .notNull()
      .references(() => listings.id, { onDelete: 'cascade' }),
    status: text('status').notNull().default('active'),
    createdAt: createdAt(),
    cancelledAt: at('cancelled_at'),
  },
  (t) => [
    uniqueIndex('listing_subscriptions_tenant_listing_idx').on(t.tenantId, t.listingId),
    tenantIsolation(t.tenantId),
  ],
).enableRLS()

export const reviews = pgTable(
  'reviews',
  {
    id: idColumn('review'),
    tenantId: tenantColumn(tenants),
    listingId: text('listing_id')
      .notNull()
      .references(() => listings.id, { onDelete: 'cascade' }),
    userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
    rating: smallint('rating').notNull(),
    body: text('body').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('reviews_listing_user_idx').on(t.listingId, t.userId),
    check('reviews_rating_range', sql`${t.rating} between 1 and 5`),
    tenantIsolation(t.tenantId),
    readPolicy('reviews_public_read', sql`true`),
  ],
).enableRLS()

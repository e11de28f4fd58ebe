import { integer, pgEnum, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core'
import { at, createdAt, idColumn, tenantColumn, tenantIsolation, updatedAt } from './rls.ts'
import { tenants, users } from './tenancy.ts'

export const brokerEnum = pgEnum('broker', ['paper', 'kite'])

/**
 * A user's broker account. Secrets are AES-256-GCM ciphertexts (`v<keyVersion>.<iv>.<ct>`,
 * base64url) so keys can rotate; plaintext never reaches the database.
 */
export const brokerCredentials = pgTable(
  'broker_credentials',
  {
    id: idColumn('brokerCredential'),
    tenantId: tenantColumn(tenants),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    broker: brokerEnum('broker').notNull(),
    apiKey: text('api_key'),
    apiSecretCiphertext: text('api_secret_ciphertext'),
    accessTokenCiphertext: text('access_token_ciphertext'),
    // Kite sessions die at 06:00 IST every day; kept to refuse orders with a dead token early.
    accessTokenExpiresAt: at('access_token_expires_at'),
    keyVersion: integer('key_version').notNull().default(1),
    // Exchanges accept algo orders only from the account's registered static IP.
    staticIp: text('static_ip'),
    algoId: text('algo_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('broker_credentials_tenant_user_broker_idx').on(t.tenantId, t.userId, t.broker),
    tenantIsolation(t.tenantId),
  ],
).enableRLS()

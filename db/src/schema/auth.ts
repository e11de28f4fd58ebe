import { bigint, boolean, index, pgTable, text } from 'drizzle-orm/pg-core'
import { at, createdAt, idColumn, tenantColumn, tenantIsolation, userIsolation } from './rls.ts'
import { tenants, users } from './tenancy.ts'

/** A signed-in device. Refresh tokens of one session form a rotation family. */
export const sessions = pgTable(
  'sessions',
  {
    id: idColumn('session'),
    tenantId: tenantColumn(tenants),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    // 'browser' sessions use cookies (+ CSRF); 'api' sessions use bearer tokens.
    kind: text('kind').notNull().default('browser'),
    // Whether the second factor was presented when this session was created.
    mfa: boolean('mfa').notNull().default(false),
    userAgent: text('user_agent'),
    ip: text('ip'),
    createdAt: createdAt(),
    lastUsedAt: at('last_used_at').notNull().defaultNow(),
    expiresAt: at('expires_at').notNull(),
    revokedAt: at('revoked_at'),
    revokedReason: text('revoked_reason'),
  },
  (t) => [index('sessions_user_idx').on(t.userId), tenantIsolation(t.tenantId)],
).enableRLS()

/** Stored hashed; a token is used once, and reuse of a used one revokes its session. */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: idColumn('refreshToken'),
    tenantId: tenantColumn(tenants),
    sessionId: text('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: at('expires_at').notNull(),
    usedAt: at('used_at'),
    replacedBy: text('replaced_by'),
    createdAt: createdAt(),
  },
  (t) => [index('refresh_tokens_session_idx').on(t.sessionId), tenantIsolation(t.tenantId)],
).enableRLS()

/** A user's TOTP secret (encrypted) and the last accepted time step, to refuse replays. */
export const totpCredentials = pgTable(
  'totp_credentials',
  {
    userId: text('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    secretCiphertext: text('secret_ciphertext').notNull(),
    confirmedAt: at('confirmed_at'),
    lastUsedStep: bigint('last_used_step', { mode: 'number' }),
    createdAt: createdAt(),
  },
  (t) => [userIsolation(t.userId)],
).enableRLS()

export const backupCodes = pgTable(
  'backup_codes',
  {
    id: idColumn('backupCode'),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: at('used_at'),
    createdAt: createdAt(),
  },
  (t) => [index('backup_codes_user_idx').on(t.userId), userIsolation(t.userId)],
).enableRLS()

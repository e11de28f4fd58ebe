import { type Database, schema, withTenant } from '@vm-algo/db'
import { and, asc, count, desc, eq, getTableColumns, isNull, type SQL, sql } from 'drizzle-orm'
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core'
import { membershipsOf } from './ownership.ts'

/** Rows exported per table at most; `truncated` lists the tables that had more. */
export const EXPORT_ROW_CAP = 10_000

/** What an export holds, as the document itself says it. */
export const EXPORT_INCLUDES = [
  'user: your profile, and whether two-factor is on (never its secret)',
  'memberships: every workspace you belong to, with your role',
  'sessions: your signed-in devices in every workspace, with address and browser',
  'invitationsSent: invitations you sent (without their links)',
  'activity: audit-log entries of actions you took',
  'workspaces: for each workspace you are the only owner of, its data — members, invitations, subscriptions, plugins with their source, deployments and their logs, backtests, scans, alerts, orders, fills, positions, listings, reviews, broker accounts, audit log',
]

export const EXPORT_EXCLUDES = [
  'password hash, two-factor secret and backup codes, refresh tokens, invitation tokens',
  'broker API secrets and access tokens (stored encrypted; shown only as present or not)',
  'compiled plugin code (it is rebuilt from the source that is included)',
  'data of workspaces you share ownership of: ask the workspace for its own export',
]

interface TableExport {
  table: PgTable
  /** Columns left out (secrets; data derivable from what is included). */
  omit?: string[]
  /** Columns shown only as whether they are set. */
  presence?: string[]
}

const s = schema
/** A sole-owned workspace's data, table by table. */
const WORKSPACE_TABLES: Record<string, TableExport> = {
  members: { table: s.memberships },
  invitations: { table: s.invitations, omit: ['tokenHash'] },
  billingCustomers: { table: s.billingCustomers },
  subscriptions: { table: s.subscriptions },
  plugins: { table: s.plugins },
  pluginVersions: { table: s.pluginVersions, omit: ['compiledJs'] },
  deployments: { table: s.deployments },
  deploymentLogs: { table: s.deploymentLogs },
  orderIntents: { table: s.orderIntents },
  backtestJobs: { table: s.backtestJobs, omit: ['lockedBy', 'lockedAt'] },
  backtestResults: { table: s.backtestResults },
  scans: { table: s.scans },
  scanMatches: { table: s.scanMatches },
  alerts: { table: s.alerts },
  orders: { table: s.orders },
  fills: { table: s.fills },
  positions: { table: s.positions },
  listings: { table: s.listings },
  listingSubscriptions: { table: s.listingSubscriptions },
  reviews: { table: s.reviews },
  auditLog: { table: s.auditLog },
  brokerAccounts: {
    table: s.brokerCredentials,
    presence: ['apiSecretCiphertext', 'accessTokenCiphertext'],
  },
}

/**
 * Everything the platform holds about a user, as one JSON document (see EXPORT_INCLUDES and
 * EXPORT_EXCLUDES). Personal data spanning workspaces is read as the system, naming the user
 * in every query; each sole-owned workspace's data is read as that workspace.
 */
export async function collectExport(db: Database, userId: string) {
  const [user] = await db.select().from(s.users).where(eq(s.users.id, userId))
  if (!user) return null
  const [totp] = await db
    .select({ confirmedAt: s.totpCredentials.confirmedAt })
    .from(s.totpCredentials)
    .where(eq(s.totpCredentials.userId, userId))
  const [codes] = await db
    .select({ left: count() })
    .from(s.backupCodes)
    .where(and(eq(s.backupCodes.userId, userId), isNull(s.backupCodes.usedAt)))
  const memberships = await membershipsOf(db, userId)
  const truncated: string[] = []
  const capped = <T>(name: string, rows: T[]) => {
    if (rows.length > EXPORT_ROW_CAP) truncated.push(name)
    return rows.slice(0, EXPORT_ROW_CAP)
  }
  const sessions = await db
    .select(pick(s.sessions))
    .from(s.sessions)
    .where(eq(s.sessions.userId, userId))
    .orderBy(desc(s.sessions.createdAt))
    .limit(EXPORT_ROW_CAP + 1)
  const invitationsSent = await db
    .select(pick(s.invitations, ['tokenHash']))
    .from(s.invitations)
    .where(eq(s.invitations.invitedBy, userId))
    .limit(EXPORT_ROW_CAP + 1)
  const activity = await db
    .select(pick(s.auditLog, ['prevHash', 'hash']))
    .from(s.auditLog)
    .where(eq(s.auditLog.actorUserId, userId))
    .orderBy(desc(s.auditLog.seq))
    .limit(EXPORT_ROW_CAP + 1)
  const workspaces = []
  for (const m of memberships.filter((m) => m.soleOwner)) {
    const data = await withTenant(db, { tenantId: m.tenant.id, userId }, async (tx) => {
      const out: Record<string, unknown[]> = {}
      for (const [name, spec] of Object.entries(WORKSPACE_TABLES)) {
        const rows = await tx
          .select(pick(spec.table, spec.omit, spec.presence))
          .from(spec.table)
          .where(eq(column(spec.table, 'tenantId'), m.tenant.id))
          .orderBy(asc(firstColumn(spec.table)))
          .limit(EXPORT_ROW_CAP + 1)
        out[name] = capped(`workspaces.${m.tenant.slug}.${name}`, rows)
      }
      return out
    })
    workspaces.push({ tenant: m.tenant, ...data })
  }
  return {
    format: 'vm-algo-export/1' as const,
    exportedAt: new Date().toISOString(),
    includes: EXPORT_INCLUDES,
    excludes: EXPORT_EXCLUDES,
    truncated,
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      isPlatformAdmin: user.isPlatformAdmin,
      emailVerifiedAt: user.emailVerifiedAt,
      createdAt: user.createdAt,
      updatedAt: user.updatedAt,
      twoFactor: {
        enabled: !!totp?.confirmedAt,
        enabledAt: totp?.confirmedAt ?? null,
        backupCodesLeft: codes?.left ?? 0,
      },
    },
    memberships: memberships.map(({ tenant, role, joinedAt, soleOwner }) => ({
      tenant: { id: tenant.id, name: tenant.name, slug: tenant.slug, tier: tenant.tier },
      role,
      joinedAt,
      soleOwner,
    })),
    sessions: capped('sessions', sessions),
    invitationsSent: capped('invitationsSent', invitationsSent),
    activity: capped('activity', activity),
    workspaces,
  }
}

/** The table's columns without `omit`, and `presence` ones as booleans. */
function pick(table: PgTable, omit: string[] = [], presence: string[] = []) {
  const out: Record<string, PgColumn | SQL<boolean>> = {}
  for (const [name, col] of Object.entries(getTableColumns(table))) {
    if (omit.includes(name)) continue
    if (presence.includes(name)) {
      out[name.replace(/Ciphertext$/, 'Set')] = sql`${col} is not null`.mapWith(Boolean)
    } else {
      out[name] = col
    }
  }
  return out
}

function column(table: PgTable, name: string): PgColumn {
  const col = getTableColumns(table)[name]
  if (!col) throw new Error(`${name} is not a column of this table`)
  return col
}

const firstColumn = (table: PgTable): PgColumn => Object.values(getTableColumns(table))[0]!

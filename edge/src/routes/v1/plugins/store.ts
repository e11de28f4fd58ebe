import { type Database, schema, type Tx } from '@vm-algo/db'
import type { PluginKind, PluginManifest } from '@vm-algo/plugins'
import { and, desc, eq, inArray, sql } from 'drizzle-orm'
import type { Context } from 'hono'
import { sha256Hex } from '../../../crypto/hash.ts'
import { ApiError, type Diagnostic } from '../../../errors.ts'
import type { Env } from '../../../services.ts'

const { plugins, pluginVersions } = schema

/** The database, or 503 when the edge runs without one. */
export function databaseOf(c: Context<Env>): Database {
  const { database } = c.get('services')
  if (!database) throw new ApiError('service_unavailable', 'The database is not configured.')
  return database.db
}

/**
 * Slugs of plugins the platform keeps for its own use (a no-code scan's generated scanner)
 * start with this; a slug derived from a name never does. Such plugins are not listed and
 * cannot be reached through the plugin routes.
 */
export const HIDDEN_SLUG_PREFIX = '_'

/** Rows of plugins users see (not the platform's hidden ones). */
export const visiblePlugin = () => sql`not starts_with(${plugins.slug}, ${HIDDEN_SLUG_PREFIX})`

/**
 * The slug of a plugin name: lower-case ASCII letters and digits joined by single dashes, at
 * most 64 characters; empty when the name has no letter or digit.
 *
 * @example slugify('RSI — Mean Reversion v2') // 'rsi-mean-reversion-v2'
 */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '')
}

/** The tenant's plugin `pluginId`; 404 when there is none (or it is hidden or another's). */
export async function findPlugin(tx: Tx, tenantId: string, pluginId: string) {
  const [row] = await tx
    .select()
    .from(plugins)
    .where(and(eq(plugins.tenantId, tenantId), eq(plugins.id, pluginId), visiblePlugin()))
  if (!row) throw new ApiError('not_found', 'No such plugin in this workspace.')
  return row
}

/** The newest stored version of each plugin in `pluginIds`, by plugin id. */
export async function latestVersions(tx: Tx, tenantId: string, pluginIds: string[]) {
  if (pluginIds.length === 0)
    return new Map<string, { id: string; version: string; createdAt: Date }>()
  const rows = await tx
    .selectDistinctOn([pluginVersions.pluginId], {
      pluginId: pluginVersions.pluginId,
      id: pluginVersions.id,
      version: pluginVersions.version,
      createdAt: pluginVersions.createdAt,
    })
    .from(pluginVersions)
    .where(and(eq(pluginVersions.tenantId, tenantId), inArray(pluginVersions.pluginId, pluginIds)))
    .orderBy(pluginVersions.pluginId, desc(pluginVersions.id))
  return new Map(rows.map((r) => [r.pluginId, r]))
}

/**
 * The tenant's plugin version `versionId` with its plugin's kind and name, to deploy or scan
 * with; 404 when there is none (or it belongs to a hidden plugin, or another tenant). With
 * `kind`, a version of the other kind is a 422 naming the route to use instead.
 */
export async function findVersion(
  tx: Tx,
  tenantId: string,
  versionId: string,
  kind?: { want: PluginKind; instead: string },
) {
  const [row] = await tx
    .select({
      id: pluginVersions.id,
      version: pluginVersions.version,
      manifest: pluginVersions.manifest,
      pluginId: plugins.id,
      pluginName: plugins.name,
      kind: plugins.kind,
    })
    .from(pluginVersions)
    .innerJoin(plugins, eq(plugins.id, pluginVersions.pluginId))
    .where(
      and(eq(pluginVersions.tenantId, tenantId), eq(pluginVersions.id, versionId), visiblePlugin()),
    )
  if (!row) throw new ApiError('not_found', 'No such plugin version in this workspace.')
  if (kind && row.kind !== kind.want) {
    throw new ApiError('kind_mismatch', `This version is a ${row.kind}; ${kind.instead}.`)
  }
  return { ...row, manifest: row.manifest as PluginManifest }
}

/** What a compile produced, to store as a version. */
export interface CompiledVersion {
  source: string
  js: string
  manifest: PluginManifest
  sdkVersion: string
  warnings: Diagnostic[]
}

/**
 * Stores a compiled version of `pluginId` as `version`, once: versions are immutable, so a
 * version that exists already is a 409 and the stored one stays as it was.
 */
export async function insertVersion(
  tx: Tx,
  input: { tenantId: string; pluginId: string; version: string; compiled: CompiledVersion },
) {
  const { compiled } = input
  const [row] = await tx
    .insert(pluginVersions)
    .values({
      tenantId: input.tenantId,
      pluginId: input.pluginId,
      version: input.version,
      source: compiled.source,
      compiledJs: compiled.js,
      // The stored version is authoritative for the platform, also when it was bumped.
      manifest: { ...compiled.manifest, version: input.version },
      sourceSha256: await sha256Hex(compiled.source),
      sdkVersion: compiled.sdkVersion,
      diagnostics: compiled.warnings,
    })
    .onConflictDoNothing({ target: [pluginVersions.pluginId, pluginVersions.version] })
    .returning()
  if (!row) {
    throw new ApiError(
      'version_exists',
      `Version ${input.version} of this plugin exists already; versions never change. Store the source as a new version.`,
    )
  }
  return row
}

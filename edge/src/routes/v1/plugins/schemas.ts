import { isId, schema } from '@vm-algo/db'
import { ProblemSchema, z } from '../../../openapi.ts'

// Plugins and their versions as the API shows them, and the problem body of code that does
// not compile.

const iso = z.string().openapi({ format: 'date-time' })

export const PluginKindSchema = z.enum(schema.pluginKindEnum.enumValues)

export const DiagnosticSchema = z
  .object({
    severity: z.enum(['error', 'warning']),
    message: z.string(),
    line: z.number().int().openapi({ description: '1-based' }),
    column: z.number().int().openapi({ description: '1-based' }),
    code: z
      .string()
      .optional()
      .openapi({ description: '`TS…` for type errors, else e.g. `FORBIDDEN_IMPORT`' }),
    length: z
      .number()
      .int()
      .optional()
      .openapi({ description: 'Characters from `column` the problem is about, when known' }),
  })
  .openapi('Diagnostic')

/** The problem of 422 `compile_failed` / `invalid_expression`: the usual fields and `diagnostics`. */
export const CodeProblemSchema = ProblemSchema.extend({
  diagnostics: z.array(DiagnosticSchema).openapi({
    description: 'Every problem found, in source order, each with its line and column',
  }),
}).openapi('CodeProblem')

/** OpenAPI entry for a 422 whose body carries `diagnostics`. */
export const codeProblem = (description: string) => ({
  422: {
    description,
    content: { 'application/problem+json': { schema: CodeProblemSchema } },
  },
})

export const ManifestSchema = z.record(z.string(), z.unknown()).openapi('PluginManifest', {
  description:
    'What the compiler read from the source: name, version, kind, description, universe, timeframes, ticks, history, params (see the SDK)',
})

export const VersionRefSchema = z.object({ id: z.string(), version: z.string(), createdAt: iso })

export const PluginSchema = z
  .object({
    id: z.string().openapi({ example: 'plg_01JDX4Q7T3M9Y6ZJ8V2K5N0B1C' }),
    kind: PluginKindSchema,
    name: z.string(),
    slug: z.string().openapi({ description: 'From the name; unique in the workspace' }),
    description: z.string().nullable(),
    authorUserId: z.string().nullable(),
    latestVersion: VersionRefSchema.nullable().openapi({ description: 'null until one is stored' }),
    createdAt: iso,
    updatedAt: iso,
  })
  .openapi('Plugin')

export const PluginVersionSummarySchema = z
  .object({
    id: z.string().openapi({ example: 'plv_01JDX4Q7T3M9Y6ZJ8V2K5N0B1C' }),
    pluginId: z.string(),
    version: z.string(),
    manifest: ManifestSchema,
    sdkVersion: z.string().nullable(),
    sourceSha256: z.string(),
    createdAt: iso,
  })
  .openapi('PluginVersionSummary')

export const PluginVersionSchema = PluginVersionSummarySchema.extend({
  source: z.string(),
  diagnostics: z
    .array(DiagnosticSchema)
    .openapi({ description: 'Compiler warnings kept with the version (never errors)' }),
}).openapi('PluginVersion')

export type Plugin = z.infer<typeof PluginSchema>

const idParam = (name: string, kind: 'plugin' | 'pluginVersion', example: string) =>
  z
    .string()
    .refine((v) => isId(kind, v), `must be a ${kind === 'plugin' ? 'plugin' : 'plugin version'} id`)
    .openapi({ param: { name, in: 'path' }, example })

export const PluginIdParam = z.object({
  pluginId: idParam('pluginId', 'plugin', 'plg_01JDX4Q7T3M9Y6ZJ8V2K5N0B1C'),
})

export const VersionIdParams = PluginIdParam.extend({
  versionId: idParam('versionId', 'pluginVersion', 'plv_01JDX4Q7T3M9Y6ZJ8V2K5N0B1C'),
})

type PluginRow = typeof schema.plugins.$inferSelect
type VersionRow = typeof schema.pluginVersions.$inferSelect

export const presentPlugin = (
  row: PluginRow,
  latest: { id: string; version: string; createdAt: Date } | undefined,
): Plugin => ({
  id: row.id,
  kind: row.kind,
  name: row.name,
  slug: row.slug,
  description: row.description,
  authorUserId: row.authorUserId,
  latestVersion: latest
    ? { id: latest.id, version: latest.version, createdAt: latest.createdAt.toISOString() }
    : null,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
})

export const presentVersionSummary = (row: Omit<VersionRow, 'source' | 'compiledJs'>) => ({
  id: row.id,
  pluginId: row.pluginId,
  version: row.version,
  manifest: row.manifest as Record<string, unknown>,
  sdkVersion: row.sdkVersion,
  sourceSha256: row.sourceSha256,
  createdAt: row.createdAt.toISOString(),
})

export const presentVersion = (row: VersionRow) => ({
  ...presentVersionSummary(row),
  source: row.source,
  diagnostics: row.diagnostics as z.infer<typeof DiagnosticSchema>[],
})

import { schema, withTenant } from '@vm-algo/db'
import { SEMVER_PATTERN } from '@vm-algo/plugins'
import { and, eq } from 'drizzle-orm'
import { requireAuth } from '../../../auth/middleware.ts'
import { sha256Hex } from '../../../crypto/hash.ts'
import { ApiError } from '../../../errors.ts'
import { createRoute, json, problems, router, z } from '../../../openapi.ts'
import { compileOrFail, SourceSchema, sourceBodyLimit } from './compile.ts'
import { codeProblem, PluginIdParam, PluginVersionSchema, presentVersion } from './schemas.ts'
import { nextVersion } from './semver.ts'
import { databaseOf, findPlugin, insertVersion } from './store.ts'

const CreateVersionSchema = z.object({
  source: SourceSchema,
  version: z
    .string()
    .max(64)
    .regex(SEMVER_PATTERN, 'must be a semantic version, e.g. 1.2.0')
    .optional()
    .openapi({
      description:
        "Store as this version. Default: the manifest's version, or — when that one is stored already — the newest stored version with its patch bumped",
      example: '1.1.0',
    }),
})

const route = createRoute({
  method: 'post',
  path: '/{pluginId}/versions',
  tags: ['Plugins'],
  summary: 'Compiles source and stores it as a new, immutable version of the plugin',
  description:
    "Compiled by the core (type check against the SDK, bundle, manifest). Code that does not compile is a 422 `compile_failed` whose `diagnostics` give each error's line and column; a manifest of the other kind (`defineScanner` in a strategy) is a 422 `kind_mismatch`. A version is never changed once stored: the same version again, or source identical to a stored version, is a 409 `version_exists`. The stored manifest carries the stored version. 503 when the compiler is not reachable or busy.",
  middleware: [requireAuth(), sourceBodyLimit()] as const,
  security: [{ bearer: [] }],
  request: {
    params: PluginIdParam,
    body: { required: true, content: json(CreateVersionSchema) },
  },
  responses: {
    201: { description: 'Stored', content: json(PluginVersionSchema) },
    ...problems(400, 401, 403, 404, 409, 413, 503),
    ...codeProblem(
      'The source does not compile (`compile_failed`, with `diagnostics`), or defines the other kind of plugin (`kind_mismatch`)',
    ),
  },
})

/** POST /api/v1/plugins/{pluginId}/versions */
export const createVersion = router().openapi(route, async (c) => {
  const auth = c.get('auth')
  const { pluginId } = c.req.valid('param')
  const body = c.req.valid('json')
  const db = databaseOf(c)
  // Not found before compiling; compiling happens outside any transaction (it takes a while).
  const plugin = await withTenant(db, auth, (tx) => findPlugin(tx, auth.tenantId, pluginId))
  const compiled = await compileOrFail(c, body.source)
  if (compiled.manifest.kind !== plugin.kind) {
    const define = plugin.kind === 'strategy' ? 'defineStrategy' : 'defineScanner'
    throw new ApiError(
      'kind_mismatch',
      `This plugin is a ${plugin.kind}, but the source defines a ${compiled.manifest.kind}; use ${define}.`,
    )
  }
  const sha = await sha256Hex(body.source)
  const { pluginVersions } = schema
  const row = await withTenant(db, auth, async (tx) => {
    const stored = await tx
      .select({ version: pluginVersions.version, sha: pluginVersions.sourceSha256 })
      .from(pluginVersions)
      .where(
        and(eq(pluginVersions.tenantId, auth.tenantId), eq(pluginVersions.pluginId, plugin.id)),
      )
    const same = stored.find((v) => v.sha === sha)
    if (same) {
      throw new ApiError(
        'version_exists',
        `This source is stored already, as version ${same.version}.`,
      )
    }
    const { version } = nextVersion(
      body.version,
      compiled.manifest.version,
      stored.map((v) => v.version),
    )
    return insertVersion(tx, { tenantId: auth.tenantId, pluginId: plugin.id, version, compiled })
  })
  c.header('location', `/api/v1/plugins/${plugin.id}/versions/${row.id}`)
  return c.json(presentVersion(row), 201)
})

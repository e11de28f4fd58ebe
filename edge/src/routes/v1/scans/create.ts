import { isId, newId, schema, type Tx, withTenant } from '@vm-algo/db'
import { compileScanExpression, type PluginManifest } from '@vm-algo/plugins'
import type { Context } from 'hono'
import { requireAuth, requirePermission } from '../../../auth/middleware.ts'
import { ApiError } from '../../../errors.ts'
import { createRoute, json, problems, router, z } from '../../../openapi.ts'
import type { Env } from '../../../services.ts'
import { compiledVersion, compileWithCore } from '../plugins/compile.ts'
import { codeProblem } from '../plugins/schemas.ts'
import { databaseOf, findVersion, HIDDEN_SLUG_PREFIX, insertVersion } from '../plugins/store.ts'
import { knownSymbols, SymbolsSchema } from '../plugins/symbols.ts'
import { ExpressionSchema, parseOrFail } from './expression.ts'
import {
  generatedPluginSlug,
  presentScan,
  ScanNameSchema,
  ScanSchema,
  ScheduleSchema,
  TimeframeSchema,
} from './schemas.ts'

const CreateScanSchema = z
  .object({
    name: ScanNameSchema,
    expression: ExpressionSchema.optional(),
    pluginVersionId: z
      .string()
      .refine((v) => isId('pluginVersion', v), 'must be a plugin version id (plv_…)')
      .optional()
      .openapi({ description: 'A version of one of your scanners; or give `expression`' }),
    universe: SymbolsSchema.optional().openapi({
      description:
        "Symbols to scan; required with `expression`, else the scanner's universe (the default) or some of it",
      example: ['RELIANCE', 'TCS', 'INFY'],
    }),
    timeframe: TimeframeSchema.optional().openapi({
      description: "Default `1d` for an expression, else the scanner's first timeframe",
    }),
    schedule: ScheduleSchema.optional(),
    enabled: z.boolean().default(true),
  })
  .superRefine((body, ctx) => {
    if (!body.expression === !body.pluginVersionId) {
      ctx.addIssue({
        code: 'custom',
        path: ['expression'],
        message: 'give either expression or pluginVersionId, not both',
      })
    }
    if (body.expression && !body.universe) {
      ctx.addIssue({ code: 'custom', path: ['universe'], message: 'required with expression' })
    }
  })

const route = createRoute({
  method: 'post',
  path: '/',
  tags: ['Scans'],
  summary: 'Creates a live scan from a no-code expression or a scanner plugin',
  description:
    "An `expression` is checked (422 `invalid_expression`, with each problem's line and column in `diagnostics`), turned into a scanner written with the SDK and compiled by the core into a version of a hidden plugin of the workspace, so it runs in the same sandbox as any plugin; `POST /api/v1/scans/preview` shows that source. Or give `pluginVersionId` of one of your scanners. Needs the `scanner` permission (pro and elite plans; 402 otherwise). 503 when the compiler (the core engine) is not reachable.",
  middleware: [requireAuth(), requirePermission('scanner')] as const,
  security: [{ bearer: [] }],
  request: { body: { required: true, content: json(CreateScanSchema) } },
  responses: {
    201: { description: 'Created', content: json(ScanSchema) },
    ...problems(400, 401, 402, 403, 404, 503),
    ...codeProblem(
      'The expression is not valid (`invalid_expression`, with `diagnostics`), or the version is not a scanner (`kind_mismatch`)',
    ),
  },
})

type CreateScan = z.infer<typeof CreateScanSchema>

/** POST /api/v1/scans */
export const createScan = router().openapi(route, async (c) => {
  const body = c.req.valid('json')
  const scan = body.expression
    ? await fromExpression(c, body, body.expression)
    : await fromPlugin(c, body, body.pluginVersionId!)
  c.header('location', `/api/v1/scans/${scan.id}`)
  return c.json(presentScan(scan), 201)
})

async function fromExpression(c: Context<Env>, body: CreateScan, text: string) {
  const auth = c.get('auth')
  const { expression } = parseOrFail(text)
  const universe = await knownSymbols(c, body.universe!, 'universe')
  const timeframe = body.timeframe ?? '1d'
  const generated = compileScanExpression(expression, { name: body.name, universe, timeframe })
  if (!generated.ok) throw new Error('a checked scan expression failed to generate')
  const result = await compileWithCore(c, generated.source)
  if (!result.ok) {
    // The generator writes code the compiler must accept: this is a bug of ours.
    throw new Error(`generated scanner does not compile: ${JSON.stringify(result.diagnostics)}`)
  }
  const compiled = compiledVersion(generated.source, result)
  const scanId = newId('scan')
  return withTenant(databaseOf(c), auth, async (tx) => {
    const [plugin] = await tx
      .insert(schema.plugins)
      .values({
        tenantId: auth.tenantId,
        authorUserId: auth.userId,
        kind: 'scanner',
        name: body.name,
        slug: generatedPluginSlug(scanId, HIDDEN_SLUG_PREFIX),
        description: `Generated for scan ${scanId}: ${expression}`,
      })
      .returning({ id: schema.plugins.id })
    const version = await insertVersion(tx, {
      tenantId: auth.tenantId,
      pluginId: plugin!.id,
      version: compiled.manifest.version,
      compiled,
    })
    return insertScan(tx, {
      id: scanId,
      tenantId: auth.tenantId,
      userId: auth.userId,
      name: body.name,
      expression,
      pluginVersionId: version.id,
      universe,
      timeframe,
      schedule: body.schedule ?? null,
      enabled: body.enabled,
    })
  })
}

async function fromPlugin(c: Context<Env>, body: CreateScan, versionId: string) {
  const auth = c.get('auth')
  const db = databaseOf(c)
  const version = await withTenant(db, auth, (tx) =>
    findVersion(tx, auth.tenantId, versionId, {
      want: 'scanner',
      instead: 'deploy strategies with POST /api/v1/deployments',
    }),
  )
  const manifest: PluginManifest = version.manifest
  const timeframe = body.timeframe ?? manifest.timeframes[0]!
  if (!manifest.timeframes.includes(timeframe)) {
    throw new ApiError('validation_failed', 'Some fields are missing or invalid.', {
      issues: [
        {
          path: 'timeframe',
          message: `this scanner runs on ${manifest.timeframes.join(', ')} bars only`,
        },
      ],
    })
  }
  const universe = await knownSymbols(
    c,
    body.universe ?? manifest.universe,
    'universe',
    manifest.universe,
  )
  return withTenant(db, auth, (tx) =>
    insertScan(tx, {
      tenantId: auth.tenantId,
      userId: auth.userId,
      name: body.name,
      expression: null,
      pluginVersionId: version.id,
      universe,
      timeframe,
      schedule: body.schedule ?? null,
      enabled: body.enabled,
    }),
  )
}

async function insertScan(tx: Tx, values: typeof schema.scans.$inferInsert) {
  const [row] = await tx.insert(schema.scans).values(values).returning()
  return row!
}

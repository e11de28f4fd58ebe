import { compileScanExpression } from '@vm-algo/plugins'
import { requireAuth, requirePermission } from '../../../auth/middleware.ts'
import { createRoute, json, problems, router, z } from '../../../openapi.ts'
import { DiagnosticSchema } from '../plugins/schemas.ts'
import { SymbolsSchema } from '../plugins/symbols.ts'
import { ExpressionSchema, toDiagnostic } from './expression.ts'
import { ScanNameSchema, TimeframeSchema } from './schemas.ts'

const PreviewSchema = z.object({
  expression: ExpressionSchema,
  name: ScanNameSchema.optional(),
  universe: SymbolsSchema.optional().openapi({ description: 'Default `["NIFTY50"]`' }),
  timeframe: TimeframeSchema.default('1d'),
})

const PreviewResultSchema = z
  .object({
    ok: z.boolean(),
    expression: z.string().optional().openapi({ description: 'In canonical form, when valid' }),
    source: z
      .string()
      .optional()
      .openapi({ description: 'The scanner plugin the scan runs, written with the SDK' }),
    diagnostics: z
      .array(DiagnosticSchema)
      .openapi({ description: 'Every problem, with its position' }),
  })
  .openapi('ScanPreview')

const route = createRoute({
  method: 'post',
  path: '/preview',
  tags: ['Scans'],
  summary: 'Checks a scan expression and shows the scanner it becomes; stores nothing',
  description:
    'For the scan builder, as the user types: `ok: false` with `diagnostics` (line, column, length, message — e.g. `unknown indicator "RSX" at column 1 — did you mean RSI?`), or the canonical expression and the generated TypeScript. Needs the `scanner` permission.',
  middleware: [requireAuth(), requirePermission('scanner')] as const,
  security: [{ bearer: [] }],
  request: { body: { required: true, content: json(PreviewSchema) } },
  responses: {
    200: { description: 'The verdict', content: json(PreviewResultSchema) },
    ...problems(400, 401, 402, 403),
  },
})

/** POST /api/v1/scans/preview */
export const previewScan = router().openapi(route, async (c) => {
  const body = c.req.valid('json')
  const result = compileScanExpression(body.expression, {
    name: body.name ?? 'Preview',
    universe: body.universe ?? ['NIFTY50'],
    timeframe: body.timeframe,
  })
  c.header('cache-control', 'no-store')
  return c.json(
    result.ok
      ? { ok: true, expression: result.expression, source: result.source, diagnostics: [] }
      : { ok: false, diagnostics: result.diagnostics.map(toDiagnostic) },
    200,
  )
})

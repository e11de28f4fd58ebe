import { requireAuth } from '../../../auth/middleware.ts'
import { createRoute, json, problems, router, z } from '../../../openapi.ts'
import { compileWithCore, SourceSchema, sourceBodyLimit } from './compile.ts'
import { DiagnosticSchema, ManifestSchema } from './schemas.ts'

const ValidationSchema = z
  .object({
    ok: z.boolean().openapi({ description: 'true when it compiles (warnings allowed)' }),
    diagnostics: z.array(DiagnosticSchema),
    manifest: ManifestSchema.optional().openapi({ description: 'When it compiles' }),
    sdkVersion: z.string().optional(),
  })
  .openapi('PluginValidation')

const route = createRoute({
  method: 'post',
  path: '/validate',
  tags: ['Plugins'],
  summary:
    "Compiles source and reports what is wrong with it, storing nothing (the editor's check)",
  description:
    'Type-checks against the SDK, bundles, and reads the manifest, exactly as storing a version would. Compile errors are a 200 with `ok: false` and `diagnostics` (line and column in the source). 503 when the compiler (the core engine) is not reachable or busy.',
  middleware: [requireAuth(), sourceBodyLimit()] as const,
  security: [{ bearer: [] }],
  request: {
    body: { required: true, content: json(z.object({ source: SourceSchema })) },
  },
  responses: {
    200: { description: 'The compiler’s verdict', content: json(ValidationSchema) },
    ...problems(400, 401, 403, 413, 503),
  },
})

/** POST /api/v1/plugins/validate */
export const validatePlugin = router().openapi(route, async (c) => {
  const { source } = c.req.valid('json')
  const result = await compileWithCore(c, source)
  c.header('cache-control', 'no-store')
  return c.json(
    result.ok
      ? {
          ok: true,
          diagnostics: result.diagnostics,
          manifest: result.manifest,
          sdkVersion: result.sdkVersion,
        }
      : { ok: false, diagnostics: result.diagnostics },
    200,
  )
})

import { sha256Hex } from '../../../crypto/hash.ts'
import { ApiError } from '../../../errors.ts'
import { CoreUnavailableError } from '../../../lib/core-client.ts'
import { createRoute, problems, router, z } from '../../../openapi.ts'

const route = createRoute({
  method: 'get',
  path: '/types',
  tags: ['Plugins'],
  summary: 'The SDK’s TypeScript declarations, for the plugin editor',
  description:
    "`declare module '@vm-algo/sdk' { … }` — give it to the editor (Monaco: `addExtraLib`) so authors get completion and the same type errors the compiler reports. Public and cacheable; revalidate with `If-None-Match`.",
  responses: {
    200: {
      description: 'The declarations',
      content: { 'application/typescript': { schema: z.string() } },
    },
    304: { description: 'Unchanged since the ETag sent in If-None-Match' },
    ...problems(503),
  },
})

/** GET /api/v1/sdk/types */
export const sdkTypes = router().openapi(route, async (c) => {
  const { core, logError } = c.get('services')
  let text: string
  try {
    text = await core.sdkTypes()
  } catch (error) {
    if (!(error instanceof CoreUnavailableError)) throw error
    logError(error, c.get('requestId'))
    throw new ApiError(
      'service_unavailable',
      'The SDK types come from the core engine, which is not reachable right now; try again shortly.',
    )
  }
  const etag = `"${(await sha256Hex(text)).slice(0, 32)}"`
  c.header('etag', etag)
  c.header('cache-control', 'public, max-age=300, stale-while-revalidate=86400')
  if (c.req.header('if-none-match') === etag) return c.body(null, 304)
  c.header('content-type', 'application/typescript; charset=utf-8')
  return c.body(text, 200)
})

import { OpenAPIHono, z } from '@hono/zod-openapi'
import { ApiError, ERROR_CODES, type FieldIssue } from './errors.ts'
import type { Env } from './services.ts'

export { createRoute, z } from '@hono/zod-openapi'

/**
 * A router whose request validation failures become our problem+json (400,
 * `validation_failed`, one entry per bad field) instead of zod-validator's raw ZodError.
 * Every route file builds its routes on one of these; `createEdgeApp` merges their OpenAPI
 * definitions into /api/v1/openapi.json.
 *
 * @example
 * export const widgets = router().openapi(createRoute({ method: 'get', path: '/', … }), handler)
 */
export function router() {
  return new OpenAPIHono<Env>({
    defaultHook: (result) => {
      if (!result.success) {
        throw new ApiError('validation_failed', 'Some fields are missing or invalid.', {
          issues: issuesOf(result.error),
        })
      }
    },
  })
}

function issuesOf(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }))
}

/** RFC 9457 problem details as documented in the OpenAPI file. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.enum(
      Object.keys(ERROR_CODES) as [keyof typeof ERROR_CODES, ...(keyof typeof ERROR_CODES)[]],
    ),
    detail: z.string().optional(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem')

/** OpenAPI response entries for the problem statuses a route can answer. */
export function problems(...statuses: number[]) {
  const out: Record<
    number,
    {
      description: string
      content: { 'application/problem+json': { schema: typeof ProblemSchema } }
    }
  > = {}
  for (const status of statuses) {
    const entry = Object.values(ERROR_CODES).find((e) => e.status === status)
    out[status] = {
      description: entry?.title ?? 'Error',
      content: { 'application/problem+json': { schema: ProblemSchema } },
    }
  }
  return out
}

/** `content` for a JSON request or response body. */
export const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } })

import { schema, withTenant } from '@vm-algo/db'
import { requireAuth } from '../../../auth/middleware.ts'
import { ApiError } from '../../../errors.ts'
import { createRoute, json, problems, router, z } from '../../../openapi.ts'
import { PluginKindSchema, PluginSchema, presentPlugin } from './schemas.ts'
import { databaseOf, slugify } from './store.ts'

const CreatePluginSchema = z.object({
  kind: PluginKindSchema.openapi({ description: 'A trading strategy or a scanner' }),
  name: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(64, 'must be at most 64 characters')
    .refine((n) => slugify(n) !== '', 'needs at least one letter or digit')
    .openapi({ example: 'RSI mean reversion' }),
  description: z.string().trim().max(2_000, 'must be at most 2000 characters').optional(),
})

const route = createRoute({
  method: 'post',
  path: '/',
  tags: ['Plugins'],
  summary: 'Creates a plugin (a strategy or a scanner) to store versions of',
  description:
    'The slug comes from the name and is unique in the workspace: a second plugin whose name gives the same slug is a 409 `name_taken`. Then store source with `POST /api/v1/plugins/{pluginId}/versions`.',
  middleware: [requireAuth()] as const,
  security: [{ bearer: [] }],
  request: { body: { required: true, content: json(CreatePluginSchema) } },
  responses: {
    201: { description: 'Created', content: json(PluginSchema) },
    ...problems(400, 401, 403, 409),
  },
})

/** POST /api/v1/plugins */
export const createPlugin = router().openapi(route, async (c) => {
  const auth = c.get('auth')
  const { kind, name, description } = c.req.valid('json')
  const slug = slugify(name)
  const row = await withTenant(databaseOf(c), auth, async (tx) => {
    const [inserted] = await tx
      .insert(schema.plugins)
      .values({
        tenantId: auth.tenantId,
        authorUserId: auth.userId,
        kind,
        name,
        slug,
        description: description || null,
      })
      .onConflictDoNothing({ target: [schema.plugins.tenantId, schema.plugins.slug] })
      .returning()
    return inserted
  })
  if (!row) {
    throw new ApiError(
      'name_taken',
      `A plugin named like "${name}" (${slug}) exists already in this workspace; choose another name.`,
    )
  }
  c.header('location', `/api/v1/plugins/${row.id}`)
  return c.json(presentPlugin(row, undefined), 201)
})

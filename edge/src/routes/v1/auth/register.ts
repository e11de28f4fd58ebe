import { type Database, schema } from '@vm-algo/db'
import { sql } from 'drizzle-orm'
import { assertAllowedOrigin } from '../../../auth/csrf.ts'
import type { Account } from '../../../auth/login.ts'
import { startSession } from '../../../auth/sessions.ts'
import { toHex } from '../../../crypto/encoding.ts'
import { hashPassword } from '../../../crypto/password.ts'
import { PASSWORD_MAX, PASSWORD_MIN, passwordProblem } from '../../../crypto/password-policy.ts'
import { ApiError } from '../../../errors.ts'
import { createRoute, json, problems, router, z } from '../../../openapi.ts'
import { clientOf, EmailSchema, SignedInSchema, signedInBody } from './schemas.ts'

const RegisterSchema = z
  .object({
    email: EmailSchema,
    password: z
      .string()
      .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters.`)
      .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`),
    name: z.string().trim().min(1).max(100).optional(),
    tenantName: z.string().trim().min(1).max(100).optional().openapi({
      description: "The workspace's name; defaults to “<name>'s workspace”",
    }),
  })
  .openapi('Register')

const route = createRoute({
  method: 'post',
  path: '/register',
  tags: ['Auth'],
  summary: 'Sign up: creates the user, their workspace (as owner) and a session',
  request: { body: { content: json(RegisterSchema), required: true } },
  responses: {
    201: { description: 'Signed up and signed in', content: json(SignedInSchema) },
    ...problems(400, 403, 409),
  },
})

/**
 * POST /api/v1/auth/register. Answers 409 `email_taken` for a registered address: sign-up cannot
 * help revealing that an account exists (the alternative, "check your inbox" for every address,
 * needs an email round trip before the first login). Login and recovery never reveal it.
 */
export const register = router().openapi(route, async (c) => {
  const { config, database } = c.get('services')
  if (!database) throw new ApiError('service_unavailable', 'The database is not configured.')
  assertAllowedOrigin(c, config)
  const input = c.req.valid('json')
  const problem = passwordProblem(input.password, input)
  if (problem) {
    throw new ApiError('validation_failed', 'Choose a stronger password.', {
      issues: [{ path: 'password', message: problem }],
    })
  }
  const { db } = database
  if (await emailTaken(db, input.email)) throw emailTakenError()
  const passwordHash = await hashPassword(input.password)

  const { account, tokens } = await db.transaction(async (tx) => {
    const [user] = await tx
      .insert(schema.users)
      .values({ email: input.email, name: input.name ?? null, passwordHash })
      .onConflictDoNothing()
      .returning()
    // Lost a race with another sign-up of the same address (the unique index decided).
    if (!user) throw emailTakenError()
    const name = input.tenantName ?? `${input.name ?? input.email.split('@')[0]}'s workspace`
    const tenant = await insertTenant(tx, name)
    await tx
      .insert(schema.memberships)
      .values({ tenantId: tenant.id, userId: user.id, role: 'owner' })
    const tokens = await startSession(tx, config, {
      userId: user.id,
      tenantId: tenant.id,
      mfa: false,
      ...clientOf(c),
    })
    const account: Account = {
      user: { id: user.id, email: user.email, name: user.name, createdAt: user.createdAt },
      tenant: { id: tenant.id, name: tenant.name, slug: tenant.slug, tier: tenant.tier },
    }
    return { account, tokens }
  })
  return c.json(signedInBody(c, account, tokens), 201)
})

const emailTakenError = () =>
  new ApiError('email_taken', 'An account with this email exists. Sign in instead.')

async function emailTaken(db: Database, email: string): Promise<boolean> {
  const rows = await db
    .select({ id: schema.users.id })
    .from(schema.users)
    .where(sql`lower(${schema.users.email}) = ${email}`)
  return rows.length > 0
}

/** Inserts the tenant under a unique slug: the name's, or with a random suffix when it is taken. */
async function insertTenant(db: Database, name: string) {
  const base = slugify(name)
  for (let attempt = 0; attempt < 5; attempt++) {
    const suffix = toHex(crypto.getRandomValues(new Uint8Array(3)))
    const slug = attempt === 0 ? base : `${base}-${suffix}`
    const [tenant] = await db
      .insert(schema.tenants)
      .values({ name, slug })
      .onConflictDoNothing({ target: schema.tenants.slug })
      .returning()
    if (tenant) return tenant
  }
  throw new Error('could not find a free tenant slug')
}

/** Lower-case ASCII letters, digits and single dashes; `workspace` when nothing is left. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '')
  return slug || 'workspace'
}

import type { Context } from 'hono'
import { setSessionCookies } from '../../../auth/cookies.ts'
import type { Account } from '../../../auth/login.ts'
import type { IssuedTokens } from '../../../auth/sessions.ts'
import { clientIp } from '../../../limits/client-ip.ts'
import { z } from '../../../openapi.ts'
import type { Env } from '../../../services.ts'

/** An email as typed: trimmed and lower-cased before it is checked or stored. */
export const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'An email address has at most 254 characters.')
  .pipe(z.email('Enter a valid email address.'))
  .openapi({ example: 'asha@example.in', format: 'email' })

export const UserSchema = z
  .object({
    id: z.string().openapi({ example: 'usr_01JDX4Q7T3M9Y6ZJ8V2K5N0B1C' }),
    email: z.string(),
    name: z.string().nullable(),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('User')

export const TenantSchema = z
  .object({
    id: z.string().openapi({ example: 'tnt_01JDX4Q7T3M9Y6ZJ8V2K5N0B1C' }),
    name: z.string(),
    slug: z.string(),
    tier: z.enum(['free', 'pro', 'elite']),
  })
  .openapi('Tenant')

export const TokensSchema = z
  .object({
    accessToken: z.string().openapi({ description: 'JWT for `Authorization: Bearer`' }),
    refreshToken: z
      .string()
      .openapi({ description: 'Opaque; single use — each refresh returns a new one' }),
    csrfToken: z.string().openapi({
      description:
        'For cookie-authenticated browsers: send it as `x-csrf-token` on unsafe requests',
    }),
    tokenType: z.literal('Bearer'),
    expiresIn: z.number().int().openapi({ description: 'Access token lifetime in seconds' }),
  })
  .openapi('Tokens')

export const SignedInSchema = TokensSchema.extend({
  user: UserSchema,
  tenant: TenantSchema,
}).openapi('SignedIn')

/** The body of a successful sign-up or login. */
export type SignedIn = z.infer<typeof SignedInSchema>
/** The body of a successful refresh. */
export type Tokens = z.infer<typeof TokensSchema>

/** The tokens as a response body, and as cookies for browsers. */
export function tokensBody(c: Context<Env>, tokens: IssuedTokens) {
  setSessionCookies(c, c.get('services').config, tokens)
  const { accessToken, refreshToken, csrfToken, expiresIn } = tokens
  return { accessToken, refreshToken, csrfToken, tokenType: 'Bearer' as const, expiresIn }
}

/** Sign-up and login answer alike: who, which workspace, and the tokens (body and cookies). */
export function signedInBody(c: Context<Env>, account: Account, tokens: IssuedTokens) {
  return {
    user: { ...account.user, createdAt: account.user.createdAt.toISOString() },
    tenant: account.tenant,
    ...tokensBody(c, tokens),
  }
}

/** What a new session records about the client, for the user's list of sessions. */
export function clientOf(c: Context<Env>) {
  return {
    // Browsers label their fetches; API clients (curl, SDKs) do not.
    kind: c.req.header('sec-fetch-mode') || c.req.header('origin') ? 'browser' : 'api',
    userAgent: c.req.header('user-agent')?.slice(0, 512) ?? null,
    // The address the rate limiter goes by (TRUST_PROXY decides whether to read X-Forwarded-For).
    ip: clientIp(c, c.get('services'))?.slice(0, 64) ?? null,
  } as const
}

import { expect, it } from 'vitest'
import { TEST_PASSWORD, uniqueEmail } from '../edge/src/testing/harness.ts'
import { RUNTIME_LIMITS } from './environment.ts'

interface Answer<T = Record<string, unknown>> {
  status: number
  headers: Headers
  body: T
}

interface Tokens {
  accessToken: string
  refreshToken: string
}

const PROBLEM_KEYS = [
  'type',
  'title',
  'status',
  'code',
  'detail',
  'instance',
  'requestId',
  'errors',
  'diagnostics',
]

/**
 * The edge's behaviour as a client sees it over HTTP, the same on every runtime (the pattern of
 * hono's runtime-tests): health, sign-up, login, /me, refresh-token rotation, rate limits, and
 * errors as problem+json. The steps run in order against one edge started with
 * `RUNTIME_LIMITS`; each runtime's test file starts its edge and calls this with its URL.
 *
 * @example
 * edgeBehaviour(() => edge.url, { redisKeys: () => environment.redisKeys() })
 */
export function edgeBehaviour(
  baseUrl: () => string,
  options: {
    /** Rate-limit keys in Redis (null: no REDIS_URL), to see the limits were shared there. */
    redisKeys?: () => Promise<number | null>
  } = {},
): void {
  const call = async <T = Record<string, unknown>>(
    method: string,
    path: string,
    options: { token?: string; json?: unknown; raw?: string } = {},
  ): Promise<Answer<T>> => {
    const headers: Record<string, string> = {}
    if (options.token) headers.authorization = `Bearer ${options.token}`
    if (options.json !== undefined || options.raw !== undefined) {
      headers['content-type'] = 'application/json'
    }
    const body =
      options.raw ?? (options.json === undefined ? undefined : JSON.stringify(options.json))
    const res = await fetch(new URL(path, baseUrl()), { method, headers, body })
    const text = await res.text()
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T }
  }
  const email = uniqueEmail('runtime')
  let kept: Tokens // a session left alone, to call with once anonymous callers are limited
  let rotated: Tokens

  it('reports itself healthy, with its database, behind security headers', async () => {
    const health = await call('GET', '/api/v1/health')
    expect(health.status).toBe(200)
    expect(health.body).toMatchObject({
      status: 'ok',
      service: 'edge',
      checks: { database: { status: 'ok' }, core: { status: 'ok' } },
    })
    expectSecurityHeaders(health.headers)
  })

  it('signs a user up, with a workspace of their own', async () => {
    const res = await call('POST', '/api/v1/auth/register', {
      json: { email, password: TEST_PASSWORD, name: 'Asha', tenantName: 'Asha Capital' },
    })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      user: { email, name: 'Asha' },
      tenant: { name: 'Asha Capital', tier: 'free' },
      tokenType: 'Bearer',
    })
  })

  it('logs the user in with their password, and refuses a wrong one', async () => {
    const logins = []
    for (let i = 0; i < 2; i++) {
      const res = await call<Tokens>('POST', '/api/v1/auth/login', {
        json: { email, password: TEST_PASSWORD },
      })
      expect(res.status).toBe(200)
      logins.push(res.body)
    }
    ;[rotated, kept] = logins as [Tokens, Tokens]
    expect(rotated.refreshToken).not.toBe(kept.refreshToken)

    const wrong = await call('POST', '/api/v1/auth/login', {
      json: { email, password: `${TEST_PASSWORD}!` },
    })
    expectProblem(wrong, 401, 'invalid_credentials')
  })

  it('tells a signed-in caller who they are, and an anonymous one to sign in', async () => {
    const me = await call('GET', '/api/v1/me', { token: rotated.accessToken })
    expect(me.status).toBe(200)
    expect(me.body).toMatchObject({ user: { email }, tier: 'free', role: 'owner' })
    expect(me.body.permissions).toEqual(expect.arrayContaining(['view_dashboard', 'backtest']))

    expectProblem(await call('GET', '/api/v1/me'), 401, 'unauthenticated')
  })

  it('rotates the refresh token; the old one is refused and ends the session', async () => {
    const refreshed = await call<Tokens>('POST', '/api/v1/auth/refresh', {
      json: { refreshToken: rotated.refreshToken },
    })
    expect(refreshed.status).toBe(200)
    expect(refreshed.body.refreshToken).not.toBe(rotated.refreshToken)
    const next = refreshed.body
    expect((await call('GET', '/api/v1/me', { token: next.accessToken })).status).toBe(200)

    const reused = await call('POST', '/api/v1/auth/refresh', {
      json: { refreshToken: rotated.refreshToken },
    })
    expectProblem(reused, 401, 'refresh_reused')
    // Reuse means theft may have happened: the whole session is over, new tokens included.
    const after = await call('POST', '/api/v1/auth/refresh', {
      json: { refreshToken: next.refreshToken },
    })
    expect(after.status).toBe(401)
    expectProblem(await call('GET', '/api/v1/me', { token: next.accessToken }), 401)
  })

  it('answers bad requests as problem+json, with no internals', async () => {
    expectProblem(await call('GET', '/api/v1/no-such-thing'), 404, 'not_found')
    const malformed = await call('POST', '/api/v1/auth/refresh', { raw: '{"refreshToken": ' })
    expectProblem(malformed, 400)
    const invalid = await call('POST', '/api/v1/auth/register', {
      json: { email: 'not an email', password: 'x' },
    })
    expectProblem(invalid, 400, 'validation_failed')
    expect((invalid.body.errors as Array<{ path: string }>).map((e) => e.path)).toEqual(
      expect.arrayContaining(['email', 'password']),
    )
  })

  it('limits sign-up attempts per address: 429 with Retry-After and RateLimit-*', async () => {
    // Attempts count before the body is read: two so far (one sign-up, one invalid).
    expect(RUNTIME_LIMITS.authPerMinute).toBe(3)
    const answers = []
    for (let i = 0; i < 3; i++) {
      answers.push(await call('POST', '/api/v1/auth/register', { json: {} }))
    }
    expect(answers.map((a) => a.status)).toEqual([400, 429, 429])
    const limited = answers[1]!
    expectProblem(limited, 429, 'rate_limited')
    expectRateLimitHeaders(limited.headers, RUNTIME_LIMITS.authPerMinute)
  })

  it('limits anonymous callers per address, but not a signed-in workspace', async () => {
    let limited: Answer | undefined
    for (let i = 0; i <= RUNTIME_LIMITS.anonPerMinute && !limited; i++) {
      const res = await call('GET', '/api/v1/no-such-thing')
      if (res.status === 429) limited = res
      else expect(res.status).toBe(404)
    }
    expect(limited, 'no 429 within the anonymous limit').toBeDefined()
    expectProblem(limited!, 429, 'rate_limited')
    expectRateLimitHeaders(limited!.headers, RUNTIME_LIMITS.anonPerMinute)

    // A signed-in caller counts against their workspace's plan (free: 100 a minute) instead.
    const me = await call('GET', '/api/v1/me', { token: kept.accessToken })
    expect(me.status).toBe(200)
    expect(me.headers.get('ratelimit-limit')).toBe('100')
  })

  it.skipIf(!process.env.REDIS_URL)('keeps its limits in Redis when REDIS_URL is set', async () => {
    expect(await options.redisKeys?.()).toBeGreaterThan(0)
  })
}

function expectSecurityHeaders(headers: Headers): void {
  expect(headers.get('content-security-policy')).toContain("default-src 'none'")
  expect(headers.get('strict-transport-security')).toMatch(/max-age=\d+/)
  expect(headers.get('x-frame-options')).toBe('DENY')
  expect(headers.get('x-content-type-options')).toBe('nosniff')
  expect(headers.get('x-request-id')).toMatch(/^req_/)
}

function expectProblem(res: Answer, status: number, code?: string): void {
  expect(res.status).toBe(status)
  expect(res.headers.get('content-type')).toContain('application/problem+json')
  expect(res.body).toMatchObject({ status, ...(code ? { code } : {}) })
  expect(Object.keys(res.body).filter((key) => !PROBLEM_KEYS.includes(key))).toEqual([])
  // The request id ties a report to the server's log; nothing else internal comes along.
  expect(res.body.requestId).toBe(res.headers.get('x-request-id'))
  expect(JSON.stringify(res.body)).not.toMatch(/\bat \S+:\d+|\.ts\b|node_modules|Error:/)
  expectSecurityHeaders(res.headers)
}

function expectRateLimitHeaders(headers: Headers, limit: number): void {
  expect(Number(headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
  expect(headers.get('ratelimit-limit')).toBe(String(limit))
  expect(headers.get('ratelimit-remaining')).toBe('0')
  expect(Number(headers.get('ratelimit-reset'))).toBeGreaterThanOrEqual(0)
}

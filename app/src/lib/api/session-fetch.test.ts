import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { createApi, read } from './client.ts'
import { ApiProblem } from './problem.ts'
import { CSRF_HEADER, REFRESH_PATH, sessionFetch } from './session-fetch.ts'

// A stand-in for the edge speaking its session protocol over real HTTP: an access token that
// expires, a refresh that rotates the CSRF token (as the cookie would), problem+json errors.
// The browser's cookie jar is played by `csrf`, which the refresh answer updates.

interface Seen {
  method: string
  path: string
  csrf: string | undefined
}

let server: Server
let baseUrl: string
let seen: Seen[]
let accessValid: boolean
let refreshWorks: boolean
let csrf: string | undefined
let refreshDelayMs: number

const problem = (status: number, code: string, detail: string) =>
  JSON.stringify({ type: 'about:blank', title: 'x', status, code, detail, requestId: 'req_1' })

async function handle(req: IncomingMessage): Promise<[number, string]> {
  const path = new URL(req.url!, 'http://x').pathname
  const header = req.headers[CSRF_HEADER]
  seen.push({ method: req.method!, path, csrf: typeof header === 'string' ? header : undefined })
  if (path === REFRESH_PATH) {
    await new Promise((resolve) => setTimeout(resolve, refreshDelayMs))
    if (!refreshWorks || header !== csrf) {
      return [401, problem(401, 'invalid_refresh_token', 'sign in again')]
    }
    accessValid = true
    csrf = `${csrf}+`
    return [200, JSON.stringify({ tokenType: 'Bearer' })]
  }
  if (path === '/api/v1/auth/login') return [401, problem(401, 'mfa_required', 'send the code')]
  if (path === '/api/v1/mfa/totp/confirm') {
    return [401, problem(401, 'invalid_totp', 'wrong code')]
  }
  if (!accessValid) return [401, problem(401, 'unauthenticated', 'The access token has expired')]
  if (req.method !== 'GET' && header !== csrf) return [403, problem(403, 'csrf_failed', 'no')]
  if (path === '/api/v1/sessions') return [200, JSON.stringify({ sessions: [] })]
  return [200, JSON.stringify({ backupCodes: ['AAAA-BBBB-CCCC'] })]
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    for await (const _ of req) {
      // Drain the body.
    }
    const [status, body] = await handle(req)
    res.writeHead(status, {
      'content-type': status === 200 ? 'application/json' : 'application/problem+json',
    })
    res.end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

beforeEach(() => {
  seen = []
  accessValid = true
  refreshWorks = true
  csrf = 'csrf-1'
  refreshDelayMs = 0
})

function client() {
  let ended = 0
  const api = createApi(
    baseUrl,
    sessionFetch({ baseUrl, csrfToken: () => csrf, onSessionEnded: () => ended++ }),
  )
  return { api, ended: () => ended }
}

describe('sessionFetch', () => {
  test('sends the CSRF token on unsafe requests only', async () => {
    const { api } = client()
    await read(api.api.v1.sessions.$get())
    await read(api.api.v1.mfa['backup-codes'].regenerate.$post({ json: { code: '123456' } }))
    expect(seen).toEqual([
      { method: 'GET', path: '/api/v1/sessions', csrf: undefined },
      { method: 'POST', path: '/api/v1/mfa/backup-codes/regenerate', csrf: 'csrf-1' },
    ])
  })

  test('refreshes an expired session once and repeats the call with the new CSRF token', async () => {
    accessValid = false
    const { api, ended } = client()
    const body = await read(
      api.api.v1.mfa['backup-codes'].regenerate.$post({ json: { code: '123456' } }),
    )
    expect(body).toEqual({ backupCodes: ['AAAA-BBBB-CCCC'] })
    expect(seen.map((s) => `${s.method} ${s.path} ${s.csrf}`)).toEqual([
      'POST /api/v1/mfa/backup-codes/regenerate csrf-1',
      `POST ${REFRESH_PATH} csrf-1`,
      'POST /api/v1/mfa/backup-codes/regenerate csrf-1+',
    ])
    expect(ended()).toBe(0)
  })

  test('calls that fail together share one refresh (a refresh token works once)', async () => {
    accessValid = false
    refreshDelayMs = 50
    const { api } = client()
    const answers = await Promise.all([1, 2, 3].map(() => read(api.api.v1.sessions.$get())))
    expect(answers).toEqual([{ sessions: [] }, { sessions: [] }, { sessions: [] }])
    expect(seen.filter((s) => s.path === REFRESH_PATH)).toHaveLength(1)
  })

  test('a refused refresh ends the session and returns the original 401, without looping', async () => {
    accessValid = false
    refreshWorks = false
    const { api, ended } = client()
    const error = await read(api.api.v1.sessions.$get()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiProblem)
    expect(error).toMatchObject({ status: 401, code: 'unauthenticated' })
    expect(seen.map((s) => s.path)).toEqual(['/api/v1/sessions', REFRESH_PATH])
    expect(ended()).toBe(1)
  })

  test('never refreshes for the auth routes or for other 401s (a wrong code is not an expiry)', async () => {
    const { api, ended } = client()
    const login = await read(
      api.api.v1.auth.login.$post({ json: { email: 'a@example.in', password: 'x' } }),
    ).catch((e: unknown) => e)
    expect(login).toMatchObject({ code: 'mfa_required', message: 'send the code' })
    const confirm = await read(
      api.api.v1.mfa.totp.confirm.$post({ json: { code: '000000' } }),
    ).catch((e: unknown) => e)
    expect(confirm).toMatchObject({ code: 'invalid_totp' })
    expect(seen.map((s) => s.path)).not.toContain(REFRESH_PATH)
    expect(ended()).toBe(0)
  })

  test('a signed-out browser (no CSRF cookie) is not refreshed', async () => {
    accessValid = false
    csrf = undefined
    const { api, ended } = client()
    await expect(read(api.api.v1.sessions.$get())).rejects.toMatchObject({ status: 401 })
    expect(seen.map((s) => s.path)).toEqual(['/api/v1/sessions'])
    expect(ended()).toBe(0)
  })
})

import { beforeAll, expect, it } from 'vitest'
import type { Problem } from '../errors.ts'
import { cookieHeader, describeEdge, signUp } from '../testing/harness.ts'
import { requireAuth } from './middleware.ts'

// A cross-site page can make the browser send our cookies with a form post or fetch, but it can
// neither read the vm_csrf cookie nor set a custom header. These pin that requireAuth refuses a
// cookie-authenticated unsafe request unless x-csrf-token echoes a CSRF token of that session.
describeEdge('requireAuth — CSRF for cookie-authenticated requests', (edge) => {
  beforeAll(() => {
    edge().app.post('/api/v1/test-change', requireAuth(), (c) => c.json({ changed: true }))
    edge().app.get('/api/v1/test-read', requireAuth(), (c) => c.json({ read: true }))
  })
  const call = async (method: string, path: string, headers: Record<string, string>) => {
    const res = await edge().app.request(path, { method, headers })
    return { status: res.status, body: (await res.json()) as Problem }
  }

  it('lets a cookie POST through with the matching header, and refuses it without', async () => {
    const account = await signUp(edge().app)
    const cookie = cookieHeader(account.cookies)
    const ok = await call('POST', '/api/v1/test-change', {
      cookie,
      'x-csrf-token': account.csrfToken,
    })
    expect(ok.status).toBe(200)
    const missing = await call('POST', '/api/v1/test-change', { cookie })
    expect(missing).toMatchObject({ status: 403, body: { code: 'csrf_failed' } })
    const wrong = await call('POST', '/api/v1/test-change', {
      cookie,
      'x-csrf-token': `${account.csrfToken}x`,
    })
    expect(wrong.status).toBe(403)
  })

  it('refuses a planted CSRF cookie that belongs to another session', async () => {
    const victim = await signUp(edge().app)
    const attacker = await signUp(edge().app)
    const cookie = cookieHeader({ ...victim.cookies, vm_csrf: attacker.csrfToken })
    const res = await call('POST', '/api/v1/test-change', {
      cookie,
      'x-csrf-token': attacker.csrfToken,
    })
    expect(res).toMatchObject({ status: 403, body: { code: 'csrf_failed' } })
  })

  it('refuses a cookie POST from a foreign origin even with the header', async () => {
    const account = await signUp(edge().app)
    const res = await call('POST', '/api/v1/test-change', {
      cookie: cookieHeader(account.cookies),
      'x-csrf-token': account.csrfToken,
      origin: 'https://evil.example',
    })
    expect(res.status).toBe(403)
  })

  it('needs no CSRF header for safe methods or for bearer clients', async () => {
    const account = await signUp(edge().app)
    expect(
      (await call('GET', '/api/v1/test-read', { cookie: cookieHeader(account.cookies) })).status,
    ).toBe(200)
    expect((await call('POST', '/api/v1/test-change', account.headers)).status).toBe(200)
    // Bearer wins over cookies: a request carrying both is a bearer request.
    const both = { ...account.headers, cookie: cookieHeader(account.cookies) }
    expect((await call('POST', '/api/v1/test-change', both)).status).toBe(200)
  })
})

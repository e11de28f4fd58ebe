import { expect, it } from 'vitest'
import { describeEdge, jsonRequest, responseCookies, signUp } from '../../../testing/harness.ts'
import type { SignedIn } from './schemas.ts'

describeEdge('POST /api/v1/auth/login', (edge) => {
  const login = (body: unknown, headers: Record<string, string> = {}) =>
    edge().app.request('/api/v1/auth/login', jsonRequest('POST', body, headers))

  it('signs in with email and password: tokens in the body and as cookies, a new session', async () => {
    const account = await signUp(edge().app, { name: 'Kiran' })
    const res = await login({ email: account.email, password: account.password })
    expect(res.status).toBe(200)
    const body = (await res.json()) as SignedIn
    expect(body).toMatchObject({
      user: { id: account.userId, email: account.email, name: 'Kiran' },
      tenant: { id: account.tenantId, tier: 'free' },
      tokenType: 'Bearer',
      expiresIn: 3600,
    })
    expect(body.refreshToken).not.toBe(account.refreshToken)
    const cookies = responseCookies(res)
    expect(cookies.vm_access?.value).toBe(body.accessToken)
    expect(cookies.vm_refresh?.value).toBe(body.refreshToken)

    const sessions = await edge().app.request('/api/v1/sessions', {
      headers: { authorization: `Bearer ${body.accessToken}` },
    })
    const list = ((await sessions.json()) as { sessions: { current: boolean; kind: string }[] })
      .sessions
    expect(list).toHaveLength(2)
    expect(list.filter((s) => s.current)).toEqual([expect.objectContaining({ kind: 'api' })])
  })

  it('takes the email in any case and with stray spaces', async () => {
    const account = await signUp(edge().app)
    const res = await login({
      email: ` ${account.email.toUpperCase()} `,
      password: account.password,
    })
    expect(res.status).toBe(200)
  })

  it('signs in with the access cookie alone afterwards (browser)', async () => {
    const account = await signUp(edge().app)
    const res = await login({ email: account.email, password: account.password })
    const access = responseCookies(res).vm_access!.value
    const me = await edge().app.request('/api/v1/me', {
      headers: { cookie: `vm_access=${access}` },
    })
    expect(me.status).toBe(200)
  })
})

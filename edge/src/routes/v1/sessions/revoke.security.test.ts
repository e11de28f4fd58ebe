import { expect, it } from 'vitest'
import type { Problem } from '../../../errors.ts'
import {
  cookieHeader,
  describeEdge,
  jsonRequest,
  responseCookies,
  signUp,
} from '../../../testing/harness.ts'

describeEdge('DELETE /api/v1/sessions/{id}', (edge) => {
  const sessionsOf = async (headers: Record<string, string>) => {
    const res = await edge().app.request('/api/v1/sessions', { headers })
    return ((await res.json()) as { sessions: { id: string; current: boolean }[] }).sessions
  }
  const revoke = (id: string, headers: Record<string, string>) =>
    edge().app.request(`/api/v1/sessions/${id}`, { method: 'DELETE', headers })

  it('signs another device out at once: its token stops working on the next request', async () => {
    const account = await signUp(edge().app)
    const login = await edge().app.request(
      '/api/v1/auth/login',
      jsonRequest('POST', { email: account.email, password: account.password }),
    )
    const laptop = (await login.json()) as { accessToken: string }
    const laptopHeaders = { authorization: `Bearer ${laptop.accessToken}` }
    const phone = (await sessionsOf(account.headers)).find((s) => s.current)!
    expect((await revoke(phone.id, laptopHeaders)).status).toBe(204)
    expect((await edge().app.request('/api/v1/me', { headers: account.headers })).status).toBe(401)
    expect((await edge().app.request('/api/v1/me', { headers: laptopHeaders })).status).toBe(200)
    // Already ended: nothing left to revoke.
    expect((await revoke(phone.id, laptopHeaders)).status).toBe(404)
  })

  it("answers 404 for someone else's session and leaves it alone", async () => {
    const alice = await signUp(edge().app)
    const mallory = await signUp(edge().app)
    const aliceSession = (await sessionsOf(alice.headers))[0]!
    const res = await revoke(aliceSession.id, mallory.headers)
    expect(res.status).toBe(404)
    expect(((await res.json()) as Problem).code).toBe('not_found')
    expect((await edge().app.request('/api/v1/me', { headers: alice.headers })).status).toBe(200)
    expect((await revoke('ses_01JDX4Q7T3M9Y6ZJ8V2K5N0B1C', mallory.headers)).status).toBe(404)
  })

  it('revoking the current session clears its cookies', async () => {
    const account = await signUp(edge().app)
    const current = (await sessionsOf(account.headers))[0]!
    const res = await revoke(current.id, account.headers)
    expect(res.status).toBe(204)
    expect(responseCookies(res).vm_access).toMatchObject({
      value: '',
      attributes: { 'max-age': '0' },
    })
  })

  it('needs the CSRF header when the browser authenticates with cookies', async () => {
    const account = await signUp(edge().app)
    const current = (await sessionsOf(account.headers))[0]!
    const cookie = cookieHeader(account.cookies)
    const forged = await revoke(current.id, { cookie })
    expect(forged.status).toBe(403)
    expect(((await forged.json()) as Problem).code).toBe('csrf_failed')
    expect((await revoke(current.id, { cookie, 'x-csrf-token': account.csrfToken })).status).toBe(
      204,
    )
  })

  it('needs a signed-in caller', async () => {
    const res = await revoke('ses_01JDX4Q7T3M9Y6ZJ8V2K5N0B1C', {})
    expect(res.status).toBe(401)
  })
})

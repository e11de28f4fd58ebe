import { expect, it } from 'vitest'
import {
  cookieHeader,
  describeEdge,
  jsonRequest,
  responseCookies,
  signUp,
} from '../../../testing/harness.ts'

describeEdge('POST /api/v1/auth/logout', (edge) => {
  const logout = (body?: unknown, headers: Record<string, string> = {}) =>
    edge().app.request('/api/v1/auth/logout', jsonRequest('POST', body, headers))
  const me = async (accessToken: string) =>
    (
      await edge().app.request('/api/v1/me', {
        headers: { authorization: `Bearer ${accessToken}` },
      })
    ).status

  it('ends the session named by a refresh token, at once, and expires the cookies', async () => {
    const account = await signUp(edge().app)
    const res = await logout({ refreshToken: account.refreshToken })
    expect(res.status).toBe(204)
    const cookies = responseCookies(res)
    for (const name of ['vm_access', 'vm_refresh', 'vm_csrf']) {
      expect(cookies[name]).toMatchObject({ value: '', attributes: { 'max-age': '0' } })
    }
    expect(cookies.vm_refresh?.attributes.path).toBe('/api/v1/auth')
    expect(await me(account.accessToken)).toBe(401)
    const refreshed = await edge().app.request(
      '/api/v1/auth/refresh',
      jsonRequest('POST', { refreshToken: account.refreshToken }),
    )
    expect(refreshed.status).toBe(401)
  })

  it('ends the session of a bearer access token', async () => {
    const account = await signUp(edge().app)
    expect((await logout(undefined, account.headers)).status).toBe(204)
    expect(await me(account.accessToken)).toBe(401)
  })

  it('ends a browser session from its cookies with the CSRF header', async () => {
    const account = await signUp(edge().app)
    const res = await logout(undefined, {
      cookie: cookieHeader(account.cookies),
      'x-csrf-token': account.csrfToken,
    })
    expect(res.status).toBe(204)
    expect(await me(account.accessToken)).toBe(401)
  })

  it('succeeds for a session that has already ended, and with no session at all', async () => {
    const account = await signUp(edge().app)
    expect((await logout({ refreshToken: account.refreshToken })).status).toBe(204)
    expect((await logout({ refreshToken: account.refreshToken })).status).toBe(204)
    expect((await edge().app.request('/api/v1/auth/logout', { method: 'POST' })).status).toBe(204)
  })
})

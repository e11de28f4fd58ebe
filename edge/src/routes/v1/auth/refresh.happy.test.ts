import { expect, it } from 'vitest'
import {
  cookieHeader,
  describeEdge,
  jsonRequest,
  responseCookies,
  signUp,
} from '../../../testing/harness.ts'
import type { Tokens } from './schemas.ts'

describeEdge('POST /api/v1/auth/refresh', (edge) => {
  const refresh = (body?: unknown, headers: Record<string, string> = {}) =>
    edge().app.request('/api/v1/auth/refresh', jsonRequest('POST', body, headers))

  it('trades a refresh token from the body for a new pair that works', async () => {
    const account = await signUp(edge().app)
    const res = await refresh({ refreshToken: account.refreshToken })
    expect(res.status).toBe(200)
    const body = (await res.json()) as Tokens
    expect(body).toMatchObject({ tokenType: 'Bearer', expiresIn: 3600 })
    expect(body.refreshToken).not.toBe(account.refreshToken)
    const me = await edge().app.request('/api/v1/me', {
      headers: { authorization: `Bearer ${body.accessToken}` },
    })
    expect(me.status).toBe(200)
    // The new refresh token is good for the next round, on the same session.
    const again = await refresh({ refreshToken: body.refreshToken })
    expect(again.status).toBe(200)
    const sessions = await edge().app.request('/api/v1/sessions', {
      headers: { authorization: `Bearer ${((await again.json()) as Tokens).accessToken}` },
    })
    expect(((await sessions.json()) as { sessions: unknown[] }).sessions).toHaveLength(1)
  })

  it('refreshes a browser from its cookies with the CSRF header, and sets new cookies', async () => {
    const account = await signUp(edge().app)
    const res = await edge().app.request('/api/v1/auth/refresh', {
      method: 'POST',
      headers: {
        cookie: cookieHeader(account.cookies),
        'x-csrf-token': account.cookies.vm_csrf!,
        origin: 'http://localhost:3000',
      },
    })
    expect(res.status).toBe(200)
    const cookies = responseCookies(res)
    expect(cookies.vm_refresh?.value).toBeTruthy()
    expect(cookies.vm_refresh?.value).not.toBe(account.cookies.vm_refresh)
    expect(cookies.vm_refresh?.attributes.path).toBe('/api/v1/auth')
    expect(cookies.vm_access?.value).toBe(((await res.json()) as Tokens).accessToken)
  })
})

import { expect, it } from 'vitest'
import type { Problem } from '../../../errors.ts'
import { cookieHeader, describeEdge, signUp } from '../../../testing/harness.ts'

describeEdge('POST /api/v1/auth/logout — security', (edge) => {
  it('refuses a cookie-borne logout without a matching CSRF header, and the session lives on', async () => {
    const account = await signUp(edge().app)
    const cookie = cookieHeader(account.cookies)
    for (const headers of [{ cookie }, { cookie, 'x-csrf-token': 'nope' }]) {
      const res = await edge().app.request('/api/v1/auth/logout', { method: 'POST', headers })
      expect(res.status).toBe(403)
      expect(((await res.json()) as Problem).code).toBe('csrf_failed')
    }
    const me = await edge().app.request('/api/v1/me', { headers: account.headers })
    expect(me.status).toBe(200)
  })
})

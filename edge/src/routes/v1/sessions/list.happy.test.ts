import { expect, it } from 'vitest'
import { describeEdge, jsonRequest, signUp } from '../../../testing/harness.ts'

describeEdge('GET /api/v1/sessions', (edge) => {
  it("lists the caller's active sessions, newest use first, marking the current one", async () => {
    const account = await signUp(edge().app)
    const login = await edge().app.request(
      '/api/v1/auth/login',
      jsonRequest(
        'POST',
        { email: account.email, password: account.password },
        {
          'user-agent': 'vm-algo-cli/1.0',
        },
      ),
    )
    const second = (await login.json()) as { accessToken: string; refreshToken: string }
    // Refreshing marks the first session as used just now.
    await edge().app.request(
      '/api/v1/auth/refresh',
      jsonRequest('POST', { refreshToken: account.refreshToken }),
    )
    const res = await edge().app.request('/api/v1/sessions', {
      headers: { authorization: `Bearer ${second.accessToken}` },
    })
    expect(res.status).toBe(200)
    const { sessions } = (await res.json()) as { sessions: Record<string, unknown>[] }
    expect(sessions).toHaveLength(2)
    expect(sessions[0]).toMatchObject({ current: false })
    expect(sessions[1]).toMatchObject({ current: true, userAgent: 'vm-algo-cli/1.0', kind: 'api' })
    for (const s of sessions) {
      expect(Object.keys(s).sort()).toEqual(
        ['createdAt', 'current', 'id', 'ip', 'kind', 'lastUsedAt', 'mfa', 'userAgent'].sort(),
      )
    }
  })

  it('leaves out ended sessions and never shows anyone else’s', async () => {
    const account = await signUp(edge().app)
    const other = await signUp(edge().app)
    await edge().app.request(
      '/api/v1/auth/logout',
      jsonRequest('POST', { refreshToken: other.refreshToken }),
    )
    const login = await edge().app.request(
      '/api/v1/auth/login',
      jsonRequest('POST', { email: account.email, password: account.password }),
    )
    const { refreshToken } = (await login.json()) as { refreshToken: string }
    await edge().app.request('/api/v1/auth/logout', jsonRequest('POST', { refreshToken }))
    const res = await edge().app.request('/api/v1/sessions', { headers: account.headers })
    const { sessions } = (await res.json()) as { sessions: { current: boolean }[] }
    expect(sessions).toEqual([expect.objectContaining({ current: true })])
  })
})

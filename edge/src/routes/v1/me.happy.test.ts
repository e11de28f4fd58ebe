import { expect, it } from 'vitest'
import { describeEdge, signUp, testSession } from '../../testing/harness.ts'

describeEdge('GET /api/v1/me', (edge) => {
  it('tells the caller who they are: user, workspace, plan, role, permissions, two-factor state', async () => {
    const account = await signUp(edge().app, { name: 'Priya', tenantName: 'Priya Capital' })
    const res = await edge().app.request('/api/v1/me', { headers: account.headers })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(await res.json()).toEqual({
      user: {
        id: account.userId,
        email: account.email,
        name: 'Priya',
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        isPlatformAdmin: false,
      },
      tenant: {
        id: account.tenantId,
        name: 'Priya Capital',
        slug: expect.stringMatching(/^priya-capital/),
        tier: 'free',
        status: 'active',
      },
      tier: 'free',
      role: 'owner',
      permissions: ['view_dashboard', 'backtest', 'manage_team', 'manage_billing'],
      mfa: { enrolled: false, sessionVerified: false },
    })
  })

  it('reflects the plan and role live: a pro member gets the paid features, no team powers', async () => {
    const { db } = edge().handle
    const owner = await testSession(db, edge().config, { tier: 'pro' })
    const member = await testSession(db, edge().config, { tier: 'pro', role: 'member' })
    const res = await edge().app.request('/api/v1/me', { headers: member.headers })
    const body = (await res.json()) as { role: string; permissions: string[] }
    expect(body.role).toBe('member')
    expect(body.permissions).toEqual(['view_dashboard', 'backtest', 'trade', 'scanner', 'alerts'])
    const ownerBody = (await (
      await edge().app.request('/api/v1/me', { headers: owner.headers })
    ).json()) as {
      permissions: string[]
    }
    expect(ownerBody.permissions).toContain('manage_billing')
  })

  it('answers a browser that has only the access cookie (a GET needs no CSRF header)', async () => {
    const account = await signUp(edge().app)
    const res = await edge().app.request('/api/v1/me', {
      headers: { cookie: `vm_access=${account.cookies.vm_access}` },
    })
    expect(res.status).toBe(200)
  })
})

describeEdge('identity routes in the OpenAPI document', (edge) => {
  it('documents every identity route, the signed-in ones with bearer security', async () => {
    const res = await edge().app.request('/api/v1/openapi.json')
    const doc = (await res.json()) as {
      paths: Record<string, Record<string, { security?: unknown[] }>>
    }
    const open = [
      '/api/v1/auth/register',
      '/api/v1/auth/login',
      '/api/v1/auth/refresh',
      '/api/v1/auth/logout',
    ]
    const signedIn = [
      ['get', '/api/v1/me'],
      ['get', '/api/v1/sessions'],
      ['delete', '/api/v1/sessions/{id}'],
      ['post', '/api/v1/mfa/totp/enroll'],
      ['post', '/api/v1/mfa/totp/confirm'],
      ['post', '/api/v1/mfa/backup-codes/regenerate'],
      ['post', '/api/v1/mfa/totp/disable'],
    ] as const
    for (const path of open) expect(doc.paths[path]?.post).toBeDefined()
    for (const [method, path] of signedIn) {
      expect(doc.paths[path]?.[method]?.security).toEqual([{ bearer: [] }])
    }
  })
})

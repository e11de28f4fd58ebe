import { beforeAll, expect, it } from 'vitest'
import type { Problem } from '../errors.ts'
import {
  describeEdge,
  enrolTotp,
  jsonRequest,
  signUp,
  testSession,
  totpCode,
} from '../testing/harness.ts'
import { requireAuth, requireMfa } from './middleware.ts'

describeEdge('requireMfa', (edge) => {
  beforeAll(() => {
    edge().app.post('/api/v1/test-trade', requireAuth(), requireMfa(), (c) => c.json({ ok: true }))
  })
  const trade = async (headers: Record<string, string>) => {
    const res = await edge().app.request('/api/v1/test-trade', { method: 'POST', headers })
    return { status: res.status, body: (await res.json()) as Problem }
  }

  it('stops an owner without two-factor with 403 mfa_required', async () => {
    const owner = await signUp(edge().app)
    const res = await trade(owner.headers)
    expect(res).toMatchObject({ status: 403, body: { code: 'mfa_required', status: 403 } })
  })

  it('lets an owner through once enrolled, in the session that confirmed or one opened with a code', async () => {
    const owner = await signUp(edge().app)
    const { secret } = await enrolTotp(edge().app, owner.headers)
    expect((await trade(owner.headers)).status).toBe(200)
    const login = await edge().app.request(
      '/api/v1/auth/login',
      jsonRequest('POST', {
        email: owner.email,
        password: owner.password,
        totp: await totpCode(secret, 1),
      }),
    )
    const { accessToken } = (await login.json()) as { accessToken: string }
    expect((await trade({ authorization: `Bearer ${accessToken}` })).status).toBe(200)
  })

  it('stops an enrolled owner in a session opened before two-factor was on', async () => {
    const owner = await signUp(edge().app)
    const login = await edge().app.request(
      '/api/v1/auth/login',
      jsonRequest('POST', { email: owner.email, password: owner.password }),
    )
    const { accessToken } = (await login.json()) as { accessToken: string }
    await enrolTotp(edge().app, owner.headers)
    const res = await trade({ authorization: `Bearer ${accessToken}` })
    expect(res.body).toMatchObject({
      code: 'mfa_required',
      detail: expect.stringMatching(/sign in again/),
    })
  })

  it('stops a platform admin without two-factor, and lets members through', async () => {
    const { db } = edge().handle
    const admin = await testSession(db, edge().config, { role: 'member', isPlatformAdmin: true })
    expect((await trade(admin.headers)).status).toBe(403)
    const member = await testSession(db, edge().config, { role: 'member' })
    expect((await trade(member.headers)).status).toBe(200)
    const teamAdmin = await testSession(db, edge().config, { role: 'admin' })
    expect((await trade(teamAdmin.headers)).status).toBe(200)
  })

  it('stops the owner again once two-factor is turned off, whatever the session says', async () => {
    const owner = await signUp(edge().app)
    const { backupCodes } = await enrolTotp(edge().app, owner.headers)
    const off = await edge().app.request(
      '/api/v1/mfa/totp/disable',
      jsonRequest('POST', { code: backupCodes[0] }, owner.headers),
    )
    expect(off.status).toBe(204)
    const res = await trade(owner.headers)
    expect(res).toMatchObject({ status: 403, body: { code: 'mfa_required' } })
  })
})

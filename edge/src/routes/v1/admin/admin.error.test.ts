import { expect, it } from 'vitest'
import type { Problem } from '../../../errors.ts'
import {
  callJson,
  describeEdge,
  enrolTotp,
  type TestSession,
  testSession,
} from '../../../testing/harness.ts'

describeEdge('/api/v1/admin — errors', (edge) => {
  const db = () => edge().handle.db
  const session = (options: Parameters<typeof testSession>[2] = {}) =>
    testSession(db(), edge().config, options)
  const platformAdmin = async () => {
    const admin = await session({ isPlatformAdmin: true, mfa: true })
    await enrolTotp(edge().app, admin.headers)
    return admin
  }
  const call = (s: TestSession, method: string, path: string, body?: unknown) =>
    callJson<Problem>(edge().app, method, `/api/v1/admin${path}`, { headers: s.headers, body })
  const fields = (p: Problem) => (p.errors ?? []).map((e) => e.path).sort()

  it('answers 404 for a tenant that does not exist, or an id that is not one', async () => {
    const admin = await platformAdmin()
    for (const id of ['tnt_01JDX4Q7T3M9Y6ZJ8V2K5N0B1C', 'nonsense']) {
      for (const [method, path, body] of [
        ['GET', `/tenants/${id}`, undefined],
        ['PATCH', `/tenants/${id}/tier`, { tier: 'pro', reason: 'Testing it' }],
        ['POST', `/tenants/${id}/suspend`, { reason: 'Testing it' }],
        ['POST', `/tenants/${id}/reinstate`, { reason: 'Testing it' }],
      ] as const) {
        const { status, body: problem } = await call(admin, method, path, body)
        expect([path, status, problem.code]).toEqual([path, 404, 'not_found'])
      }
    }
  })

  it('wants a known tier and a reason, naming each bad field', async () => {
    const admin = await platformAdmin()
    const owner = await session()
    const bad = await call(admin, 'PATCH', `/tenants/${owner.tenantId}/tier`, { tier: 'gold' })
    expect(bad.status).toBe(400)
    expect(fields(bad.body)).toEqual(['reason', 'tier'])
    const blank = await call(admin, 'POST', `/tenants/${owner.tenantId}/suspend`, { reason: '  ' })
    expect(blank.body.errors).toEqual([{ path: 'reason', message: 'Say why, in a few words.' }])
    const list = await call(admin, 'GET', `/tenants?tier=gold&status=gone&q=${'x'.repeat(101)}`)
    expect(fields(list.body)).toEqual(['q', 'status', 'tier'])
    expect(fields((await call(admin, 'GET', '/audit?cursor=zzz')).body)).toEqual(['cursor'])
  })

  it('refuses to suspend twice, to reinstate an active tenant, or to suspend your own', async () => {
    const admin = await platformAdmin()
    const owner = await session()
    const suspend = () =>
      call(admin, 'POST', `/tenants/${owner.tenantId}/suspend`, { reason: 'Abuse' })
    expect(
      (await call(admin, 'POST', `/tenants/${owner.tenantId}/reinstate`, { reason: 'Why not' }))
        .body.code,
    ).toBe('conflict')
    expect((await suspend()).status).toBe(200)
    expect((await suspend()).body).toMatchObject({ status: 409, detail: 'Already suspended.' })
    const own = await call(admin, 'POST', `/tenants/${admin.tenantId}/suspend`, { reason: 'Oops' })
    expect(own.body).toMatchObject({
      code: 'conflict',
      detail: expect.stringMatching(/signed in to/),
    })
  })

  it('wants two-factor for changes, but not for reading', async () => {
    const admin = await session({ isPlatformAdmin: true })
    const owner = await session()
    for (const [path, body] of [
      [`/tenants/${owner.tenantId}/tier`, { tier: 'pro', reason: 'Testing it' }],
      [`/tenants/${owner.tenantId}/suspend`, { reason: 'Testing it' }],
      [`/tenants/${owner.tenantId}/reinstate`, { reason: 'Testing it' }],
    ] as const) {
      const { status, body: problem } = await call(
        admin,
        path.endsWith('tier') ? 'PATCH' : 'POST',
        path,
        body,
      )
      expect([path, status, problem.code]).toEqual([path, 403, 'mfa_required'])
    }
    expect((await call(admin, 'GET', `/tenants/${owner.tenantId}`)).status).toBe(200)
  })
})

import { expect, it } from 'vitest'
import type { Problem } from '../../../errors.ts'
import { describeEdge, enrolTotp, jsonRequest, signUp } from '../../../testing/harness.ts'

describeEdge('two-factor — errors', (edge) => {
  const post = async (path: string, body: unknown, headers: Record<string, string>) => {
    const res = await edge().app.request(`/api/v1${path}`, jsonRequest('POST', body, headers))
    return { status: res.status, body: (await res.json()) as Problem }
  }

  it('refuses to confirm before enrolling, or with a wrong code', async () => {
    const account = await signUp(edge().app)
    const early = await post('/mfa/totp/confirm', { code: '123456' }, account.headers)
    expect(early).toMatchObject({ status: 409, body: { code: 'conflict' } })
    await post('/mfa/totp/enroll', undefined, account.headers)
    const wrong = await post('/mfa/totp/confirm', { code: 'abcdef' }, account.headers)
    expect(wrong).toMatchObject({ status: 401, body: { code: 'invalid_totp' } })
  })

  it('refuses to enrol twice, and to regenerate or disable when two-factor is off', async () => {
    const account = await signUp(edge().app)
    for (const path of ['/mfa/backup-codes/regenerate', '/mfa/totp/disable']) {
      expect((await post(path, { code: '123456' }, account.headers)).status).toBe(409)
    }
    await enrolTotp(edge().app, account.headers)
    const again = await post('/mfa/totp/enroll', undefined, account.headers)
    expect(again).toMatchObject({
      status: 409,
      body: { detail: expect.stringMatching(/already on/) },
    })
  })

  it('names the missing code field', async () => {
    const account = await signUp(edge().app)
    const res = await post('/mfa/totp/confirm', {}, account.headers)
    expect(res.status).toBe(400)
    expect(res.body.errors).toEqual([{ path: 'code', message: expect.any(String) }])
  })

  it('needs a signed-in caller for every two-factor route', async () => {
    for (const path of [
      '/mfa/totp/enroll',
      '/mfa/totp/confirm',
      '/mfa/backup-codes/regenerate',
      '/mfa/totp/disable',
    ]) {
      expect((await post(path, { code: '123456' }, {})).status).toBe(401)
    }
  })
})

import { expect, it } from 'vitest'
import { describeEdge, enrolTotp, jsonRequest, signUp, totpCode } from '../../../testing/harness.ts'

describeEdge('two-factor with an authenticator app', (edge) => {
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    edge().app.request(`/api/v1${path}`, jsonRequest('POST', body, headers))
  const me = async (headers: Record<string, string>) =>
    (await (await edge().app.request('/api/v1/me', { headers })).json()) as {
      mfa: { enrolled: boolean; sessionVerified: boolean }
    }

  it('enrols: a secret with its otpauth URI and QR code, inactive until confirmed', async () => {
    const account = await signUp(edge().app)
    const res = await edge().app.request('/api/v1/mfa/totp/enroll', {
      method: 'POST',
      headers: account.headers,
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const body = (await res.json()) as { secret: string; otpauthUri: string; qrSvg: string }
    expect(body.secret).toMatch(/^[A-Z2-7]{32}$/)
    expect(body.otpauthUri).toBe(
      `otpauth://totp/vm-algo:${encodeURIComponent(account.email)}?secret=${body.secret}&issuer=vm-algo`,
    )
    expect(body.qrSvg).toMatch(/^<svg/)
    expect((await me(account.headers)).mfa.enrolled).toBe(false)
    // Sign-in does not ask for a code yet.
    expect(
      (await post('/auth/login', { email: account.email, password: account.password })).status,
    ).toBe(200)
  })

  it('confirms with the first code: 10 backup codes, and this session counts as verified', async () => {
    const account = await signUp(edge().app)
    const { backupCodes } = await enrolTotp(edge().app, account.headers)
    expect(backupCodes).toHaveLength(10)
    expect(await me(account.headers)).toMatchObject({
      mfa: { enrolled: true, sessionVerified: true },
    })
  })

  it('asks for the code at sign-in (401 mfa_required), then signs in with it', async () => {
    const account = await signUp(edge().app)
    const { secret } = await enrolTotp(edge().app, account.headers)
    const credentials = { email: account.email, password: account.password }
    const asked = await post('/auth/login', credentials)
    expect(asked.status).toBe(401)
    expect(await asked.json()).toMatchObject({ code: 'mfa_required' })
    const res = await post('/auth/login', { ...credentials, totp: await totpCode(secret, 1) })
    expect(res.status).toBe(200)
    const { accessToken } = (await res.json()) as { accessToken: string }
    expect(await me({ authorization: `Bearer ${accessToken}` })).toMatchObject({
      mfa: { enrolled: true, sessionVerified: true },
    })
  })

  it('signs in with a backup code instead (typed in any case, with spaces)', async () => {
    const account = await signUp(edge().app)
    const { backupCodes } = await enrolTotp(edge().app, account.headers)
    const typed = backupCodes[3]!.toLowerCase().replace(/-/g, ' ')
    const res = await post('/auth/login', {
      email: account.email,
      password: account.password,
      totp: typed,
    })
    expect(res.status).toBe(200)
  })

  it('regenerates backup codes with a current code', async () => {
    const account = await signUp(edge().app)
    const { secret, backupCodes } = await enrolTotp(edge().app, account.headers)
    const res = await post(
      '/mfa/backup-codes/regenerate',
      { code: await totpCode(secret, 1) },
      account.headers,
    )
    expect(res.status).toBe(200)
    const fresh = ((await res.json()) as { backupCodes: string[] }).backupCodes
    expect(fresh).toHaveLength(10)
    expect(fresh.filter((c) => backupCodes.includes(c))).toEqual([])
  })

  it('turns off with a current code; sign-in stops asking for one', async () => {
    const account = await signUp(edge().app)
    const { secret } = await enrolTotp(edge().app, account.headers)
    const res = await post(
      '/mfa/totp/disable',
      { code: await totpCode(secret, 1) },
      account.headers,
    )
    expect(res.status).toBe(204)
    expect((await me(account.headers)).mfa.enrolled).toBe(false)
    expect(
      (await post('/auth/login', { email: account.email, password: account.password })).status,
    ).toBe(200)
  })
})

import { schema } from '@vm-algo/db'
import { eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import type { Problem } from '../../../errors.ts'
import {
  cookieHeader,
  describeEdge,
  enrolTotp,
  jsonRequest,
  signUp,
  totpCode,
} from '../../../testing/harness.ts'

describeEdge('two-factor — security', (edge) => {
  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await edge().app.request(`/api/v1${path}`, jsonRequest('POST', body, headers))
    return { status: res.status, headers: res.headers, body: (await res.json()) as Problem }
  }

  it('refuses a replayed code: the one that confirmed enrolment, then one already used to sign in', async () => {
    const account = await signUp(edge().app)
    const { secret, confirmedWith } = await enrolTotp(edge().app, account.headers)
    const credentials = { email: account.email, password: account.password }
    const replayed = await post('/auth/login', { ...credentials, totp: confirmedWith })
    expect(replayed).toMatchObject({ status: 401, body: { code: 'invalid_totp' } })
    const next = await totpCode(secret, 1)
    expect((await post('/auth/login', { ...credentials, totp: next })).status).toBe(200)
    expect((await post('/auth/login', { ...credentials, totp: next })).body.code).toBe(
      'invalid_totp',
    )
  })

  it('takes each backup code once, and only for its own user', async () => {
    const alice = await signUp(edge().app)
    const bob = await signUp(edge().app)
    const { backupCodes } = await enrolTotp(edge().app, alice.headers)
    await enrolTotp(edge().app, bob.headers)
    const asBob = await post('/auth/login', {
      email: bob.email,
      password: bob.password,
      totp: backupCodes[0],
    })
    expect(asBob.body.code).toBe('invalid_totp')
    const login = { email: alice.email, password: alice.password, totp: backupCodes[0] }
    expect((await post('/auth/login', login)).status).toBe(200)
    expect((await post('/auth/login', login)).body.code).toBe('invalid_totp')
  })

  it('regenerating backup codes voids the old ones', async () => {
    const account = await signUp(edge().app)
    const { backupCodes } = await enrolTotp(edge().app, account.headers)
    const regenerated = await post(
      '/mfa/backup-codes/regenerate',
      { code: backupCodes[0] },
      account.headers,
    )
    expect(regenerated.status).toBe(200)
    const old = await post('/auth/login', {
      email: account.email,
      password: account.password,
      totp: backupCodes[1],
    })
    expect(old.body.code).toBe('invalid_totp')
  })

  it('refuses to turn two-factor off without a valid fresh code', async () => {
    const account = await signUp(edge().app)
    const { confirmedWith } = await enrolTotp(edge().app, account.headers)
    const stale = await post('/mfa/totp/disable', { code: confirmedWith }, account.headers)
    expect(stale).toMatchObject({ status: 401, body: { code: 'invalid_totp' } })
    const guessed = await post('/mfa/totp/disable', { code: '000000' }, account.headers)
    expect(guessed.status).toBe(401)
    const asked = await post('/auth/login', { email: account.email, password: account.password })
    expect(asked.body.code).toBe('mfa_required')
  })

  it('counts wrong codes towards the lockout, in a session as at sign-in', async () => {
    const account = await signUp(edge().app)
    const { secret } = await enrolTotp(edge().app, account.headers)
    const credentials = { email: account.email, password: account.password }
    for (let i = 0; i < 3; i++) {
      expect((await post('/auth/login', { ...credentials, totp: `00000${i}` })).status).toBe(401)
    }
    for (let i = 0; i < 2; i++) {
      expect((await post('/mfa/totp/disable', { code: `11111${i}` }, account.headers)).status).toBe(
        401,
      )
    }
    const locked = await post(
      '/mfa/totp/disable',
      { code: await totpCode(secret, 1) },
      account.headers,
    )
    expect(locked.status).toBe(429)
    expect(locked.body.code).toBe('account_locked')
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await post('/auth/login', credentials)).status).toBe(429)
  })

  it('stores the secret sealed (AES-GCM), never in the clear', async () => {
    const account = await signUp(edge().app)
    const { secret } = await enrolTotp(edge().app, account.headers)
    const [row] = await edge()
      .handle.db.select()
      .from(schema.totpCredentials)
      .where(eq(schema.totpCredentials.userId, account.userId))
    expect(row!.secretCiphertext).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)
    expect(row!.secretCiphertext).not.toContain(secret)
    const codes = await edge()
      .handle.db.select()
      .from(schema.backupCodes)
      .where(eq(schema.backupCodes.userId, account.userId))
    expect(codes).toHaveLength(10)
    for (const c of codes) expect(c.codeHash).toMatch(/^[0-9a-f]{64}$/)
  })

  it('needs the CSRF header for cookie-authenticated two-factor changes', async () => {
    const account = await signUp(edge().app)
    const cookie = cookieHeader(account.cookies)
    const forged = await edge().app.request('/api/v1/mfa/totp/enroll', {
      method: 'POST',
      headers: { cookie },
    })
    expect(forged.status).toBe(403)
    const ok = await edge().app.request('/api/v1/mfa/totp/enroll', {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': account.csrfToken },
    })
    expect(ok.status).toBe(200)
  })
})

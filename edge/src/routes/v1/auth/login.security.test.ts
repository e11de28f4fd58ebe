import { schema } from '@vm-algo/db'
import { eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import type { Problem } from '../../../errors.ts'
import { describeEdge, jsonRequest, signUp, uniqueEmail } from '../../../testing/harness.ts'

describeEdge('POST /api/v1/auth/login — security', (edge) => {
  const login = async (body: unknown) => {
    const res = await edge().app.request('/api/v1/auth/login', jsonRequest('POST', body))
    return { res, status: res.status, body: (await res.json()) as Problem }
  }
  const comparable = ({ requestId: _, ...rest }: Problem) => rest

  it('answers an unknown email exactly like a wrong password (no user enumeration)', async () => {
    const account = await signUp(edge().app)
    const wrongPassword = await login({ email: account.email, password: 'not the password' })
    const unknownEmail = await login({ email: uniqueEmail('ghost'), password: 'not the password' })
    expect(wrongPassword.status).toBe(401)
    expect(unknownEmail.status).toBe(401)
    expect(comparable(unknownEmail.body)).toEqual(comparable(wrongPassword.body))
    expect(wrongPassword.body.code).toBe('invalid_credentials')
    expect([...unknownEmail.res.headers.keys()].sort()).toEqual(
      [...wrongPassword.res.headers.keys()].sort(),
    )
  })

  it('locks the account after 5 failures (429 + Retry-After, even for the right password), resets on success', async () => {
    const account = await signUp(edge().app)
    for (let i = 0; i < 5; i++) {
      expect((await login({ email: account.email, password: `wrong guess ${i}` })).status).toBe(401)
    }
    const locked = await login({ email: account.email, password: account.password })
    expect(locked.status).toBe(429)
    expect(locked.body.code).toBe('account_locked')
    const retryAfter = Number(locked.res.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(30)

    // The lock runs out (moved into the past here instead of waiting): the right password works
    // and clears the count, so the next mistakes start from zero again.
    const users = schema.users
    await edge()
      .handle.db.update(users)
      .set({ lockedUntil: new Date(Date.now() - 1000) })
      .where(eq(users.id, account.userId))
    expect((await login({ email: account.email, password: account.password })).status).toBe(200)
    const [row] = await edge().handle.db.select().from(users).where(eq(users.id, account.userId))
    expect(row).toMatchObject({ failedLoginCount: 0, lockedUntil: null })
    expect((await login({ email: account.email, password: 'one more typo' })).status).toBe(401)
  })

  it('locks for longer after each further failure', async () => {
    const account = await signUp(edge().app)
    const users = schema.users
    await edge()
      .handle.db.update(users)
      .set({ failedLoginCount: 7 })
      .where(eq(users.id, account.userId))
    expect((await login({ email: account.email, password: 'wrong again' })).status).toBe(401)
    const locked = await login({ email: account.email, password: account.password })
    expect(locked.status).toBe(429)
    // The 8th consecutive failure: 30 s × 2³ = 4 minutes.
    expect(Number(locked.res.headers.get('retry-after'))).toBeGreaterThan(230)
    expect(Number(locked.res.headers.get('retry-after'))).toBeLessThanOrEqual(240)
  })

  it('refuses a disabled account after the password check', async () => {
    const account = await signUp(edge().app)
    await edge()
      .handle.db.update(schema.users)
      .set({ disabledAt: new Date() })
      .where(eq(schema.users.id, account.userId))
    expect((await login({ email: account.email, password: 'not it at all' })).body.code).toBe(
      'invalid_credentials',
    )
    const res = await login({ email: account.email, password: account.password })
    expect(res.status).toBe(403)
  })

  it('refuses sign-in to a suspended workspace', async () => {
    const account = await signUp(edge().app)
    await edge()
      .handle.db.update(schema.tenants)
      .set({ status: 'suspended' })
      .where(eq(schema.tenants.id, account.tenantId))
    const res = await login({ email: account.email, password: account.password })
    expect(res.status).toBe(403)
    expect(res.body.detail).toMatch(/suspended/)
  })

  it('refuses a login posted from a foreign origin', async () => {
    const account = await signUp(edge().app)
    const res = await edge().app.request(
      '/api/v1/auth/login',
      jsonRequest(
        'POST',
        { email: account.email, password: account.password },
        {
          origin: 'https://evil.example',
        },
      ),
    )
    expect(res.status).toBe(403)
  })
})

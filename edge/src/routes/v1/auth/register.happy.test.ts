import { schema } from '@vm-algo/db'
import { eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import {
  describeEdge,
  jsonRequest,
  responseCookies,
  TEST_PASSWORD,
  uniqueEmail,
} from '../../../testing/harness.ts'
import type { SignedIn } from './schemas.ts'

describeEdge('POST /api/v1/auth/register', (edge) => {
  const register = (body: Record<string, unknown>) =>
    edge().app.request('/api/v1/auth/register', jsonRequest('POST', body))

  it('creates the user, their workspace as owner and a session; answers 201 with tokens', async () => {
    const email = uniqueEmail('Asha')
    const res = await register({
      email: `  ${email.toUpperCase()} `,
      password: TEST_PASSWORD,
      name: 'Asha',
    })
    expect(res.status).toBe(201)
    const body = (await res.json()) as SignedIn
    expect(body.user).toMatchObject({ email: email.toLowerCase(), name: 'Asha' })
    expect(body.user.id).toMatch(/^usr_/)
    expect(body.tenant).toMatchObject({
      name: "Asha's workspace",
      slug: expect.stringMatching(/^asha-s-workspace(-[0-9a-f]{6})?$/),
      tier: 'free',
    })
    expect(body).toMatchObject({ tokenType: 'Bearer', expiresIn: 3600 })
    expect(body.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/)

    const me = await edge().app.request('/api/v1/me', {
      headers: { authorization: `Bearer ${body.accessToken}` },
    })
    expect(me.status).toBe(200)
    expect(await me.json()).toMatchObject({
      role: 'owner',
      tier: 'free',
      tenant: { id: body.tenant.id },
    })

    const cookies = responseCookies(res)
    expect(cookies.vm_access?.value).toBe(body.accessToken)
    expect(cookies.vm_refresh?.value).toBe(body.refreshToken)
    expect(cookies.vm_csrf?.value).toBe(body.csrfToken)
  })

  it('stores an argon2id hash, never the password', async () => {
    const email = uniqueEmail()
    await register({ email, password: TEST_PASSWORD })
    const [row] = await edge()
      .handle.db.select()
      .from(schema.users)
      .where(eq(schema.users.email, email))
    expect(row!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    expect(row!.passwordHash).not.toContain(TEST_PASSWORD)
  })

  it('names the workspace as asked, gives each a unique slug, and falls back to the email name', async () => {
    const tenantName = `Dalal Street Desk ${crypto.randomUUID().slice(0, 6)}`
    const a = await register({ email: uniqueEmail(), password: TEST_PASSWORD, tenantName })
    const b = await register({ email: uniqueEmail(), password: TEST_PASSWORD, tenantName })
    const [ta, tb] = [((await a.json()) as SignedIn).tenant, ((await b.json()) as SignedIn).tenant]
    expect(ta.name).toBe(tenantName)
    expect(tb.name).toBe(tenantName)
    expect(ta.slug).toMatch(/^dalal-street-desk-[a-f0-9]{6}$/)
    expect(tb.slug).toMatch(new RegExp(`^${ta.slug}-[0-9a-f]{6}$`))

    const c = await register({
      email: 'ravi.k-xyz@example.test'.replace('xyz', crypto.randomUUID().slice(0, 6)),
      password: TEST_PASSWORD,
    })
    expect(((await c.json()) as SignedIn).tenant.name).toMatch(/^ravi\.k-[0-9a-f]{6}'s workspace$/)
  })

  it('records the client on the session: a browser when it labels its fetches', async () => {
    const res = await edge().app.request(
      '/api/v1/auth/register',
      jsonRequest(
        'POST',
        { email: uniqueEmail(), password: TEST_PASSWORD },
        {
          'sec-fetch-mode': 'cors',
          'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130',
          'x-forwarded-for': '203.0.113.9',
        },
      ),
    )
    const body = (await res.json()) as SignedIn
    const list = await edge().app.request('/api/v1/sessions', {
      headers: { authorization: `Bearer ${body.accessToken}` },
    })
    const { sessions } = (await list.json()) as { sessions: unknown[] }
    expect(sessions).toEqual([
      expect.objectContaining({
        kind: 'browser',
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130',
        ip: '203.0.113.9',
        current: true,
        mfa: false,
      }),
    ])
  })
})

import { expect, it } from 'vitest'
import type { Problem } from '../../../errors.ts'
import {
  describeEdge,
  jsonRequest,
  signUp,
  TEST_PASSWORD,
  uniqueEmail,
} from '../../../testing/harness.ts'

describeEdge('POST /api/v1/auth/register — errors', (edge) => {
  const register = async (body: unknown) => {
    const res = await edge().app.request('/api/v1/auth/register', jsonRequest('POST', body))
    return { res, body: (await res.json()) as Problem }
  }
  const fields = (p: Problem) =>
    Object.fromEntries((p.errors ?? []).map((e) => [e.path, e.message]))

  it('lists every missing or invalid field in one problem+json 400', async () => {
    const { res, body } = await register({ email: 'not-an-email', password: 'short', name: '' })
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(body.code).toBe('validation_failed')
    expect(fields(body)).toEqual({
      email: 'Enter a valid email address.',
      password: 'Use at least 10 characters.',
      name: expect.any(String),
    })
    const empty = await register({})
    expect(Object.keys(fields(empty.body)).sort()).toEqual(['email', 'password'])
  })

  it('explains why a long but weak password is refused', async () => {
    const email = uniqueEmail('meera')
    const common = await register({ email, password: 'Password123' })
    expect(common.res.status).toBe(400)
    expect(fields(common.body)).toEqual({
      password: 'This password is among the most commonly used ones; choose another.',
    })
    const own = await register({ email, password: email })
    expect(fields(own.body).password).toMatch(/email address/)
    const tooLong = await register({ email, password: 'x'.repeat(257) })
    expect(fields(tooLong.body).password).toBe('Use at most 256 characters.')
  })

  it('answers 409 email_taken for a registered address, whatever its case', async () => {
    const first = await signUp(edge().app)
    const { res, body } = await register({
      email: first.email.toUpperCase(),
      password: TEST_PASSWORD,
    })
    expect(res.status).toBe(409)
    expect(body).toMatchObject({ code: 'email_taken', status: 409 })
  })

  it('refuses a body that is not JSON', async () => {
    const res = await edge().app.request('/api/v1/auth/register', {
      method: 'POST',
      body: 'email=a@b.c&password=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(res.status).toBe(415)
    expect(((await res.json()) as Problem).code).toBe('unsupported_media_type')
  })
})

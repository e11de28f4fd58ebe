import { expect, it } from 'vitest'
import type { Problem } from '../../../errors.ts'
import { describeEdge, jsonRequest } from '../../../testing/harness.ts'

describeEdge('POST /api/v1/auth/login — errors', (edge) => {
  const login = async (body: unknown) => {
    const res = await edge().app.request('/api/v1/auth/login', jsonRequest('POST', body))
    return { status: res.status, body: (await res.json()) as Problem }
  }

  it('names each missing or invalid field', async () => {
    const { status, body } = await login({ email: 'nobody', password: '' })
    expect(status).toBe(400)
    expect(body.code).toBe('validation_failed')
    expect(body.errors).toEqual([
      { path: 'email', message: 'Enter a valid email address.' },
      { path: 'password', message: 'Enter your password.' },
    ])
  })

  it('refuses a totp field that is not a string', async () => {
    const { status, body } = await login({ email: 'a@example.test', password: 'x', totp: 123456 })
    expect(status).toBe(400)
    expect(body.errors?.map((e) => e.path)).toEqual(['totp'])
  })

  it('refuses malformed JSON as a problem', async () => {
    const res = await edge().app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email":',
    })
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
  })
})

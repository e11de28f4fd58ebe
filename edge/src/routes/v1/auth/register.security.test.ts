import { expect, it } from 'vitest'
import type { Problem } from '../../../errors.ts'
import {
  describeEdge,
  jsonRequest,
  responseCookies,
  TEST_PASSWORD,
  uniqueEmail,
} from '../../../testing/harness.ts'

describeEdge('POST /api/v1/auth/register — security', (edge) => {
  const registerAt = (url: string, headers: Record<string, string> = {}) =>
    edge().app.request(
      url,
      jsonRequest('POST', { email: uniqueEmail(), password: TEST_PASSWORD }, headers),
    )

  it('sets httpOnly, Secure, SameSite=Lax session cookies; only the CSRF cookie is readable by JS', async () => {
    const res = await registerAt('https://api.vm-algo.example/api/v1/auth/register')
    expect(res.status).toBe(201)
    const { vm_access, vm_refresh, vm_csrf } = responseCookies(res)
    expect(vm_access?.attributes).toMatchObject({
      path: '/',
      httponly: true,
      secure: true,
      samesite: 'Lax',
      'max-age': '3600',
    })
    expect(vm_refresh?.attributes).toMatchObject({
      path: '/api/v1/auth',
      httponly: true,
      secure: true,
      samesite: 'Lax',
      'max-age': String(7 * 24 * 3600),
    })
    expect(vm_csrf?.attributes).toMatchObject({ path: '/', secure: true, samesite: 'Lax' })
    expect(vm_csrf?.attributes.httponly).toBeUndefined()
  })

  it('drops Secure only on plain http to this machine (local development)', async () => {
    for (const host of ['localhost:8787', '127.0.0.1:8787']) {
      const cookies = responseCookies(await registerAt(`http://${host}/api/v1/auth/register`))
      expect(cookies.vm_access?.attributes.secure).toBeUndefined()
      expect(cookies.vm_access?.attributes.httponly).toBe(true)
    }
    const proxied = responseCookies(await registerAt('http://edge.internal/api/v1/auth/register'))
    expect(proxied.vm_access?.attributes.secure).toBe(true)
  })

  it('refuses a sign-up posted from a page of a foreign origin', async () => {
    const res = await registerAt('http://localhost/api/v1/auth/register', {
      origin: 'https://evil.example',
    })
    expect(res.status).toBe(403)
    expect(((await res.json()) as Problem).code).toBe('csrf_failed')
    const ok = await registerAt('http://localhost/api/v1/auth/register', {
      origin: 'http://localhost:3000',
    })
    expect(ok.status).toBe(201)
  })

  it('never echoes the password or its hash', async () => {
    const res = await registerAt('http://localhost/api/v1/auth/register')
    const text = await res.text()
    expect(text).not.toContain(TEST_PASSWORD)
    expect(text).not.toMatch(/argon2|passwordHash/)
  })
})

import { schema } from '@vm-algo/db'
import { asc, eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { verifyChain } from '../../../audit/index.ts'
import { describeEdge, enrolTotp, jsonRequest, signUp, totpCode } from '../../../testing/harness.ts'

describeEdge('sign-ins and two-factor changes are audited', (edge) => {
  it('records login, enabling 2FA and regenerating codes on the tenant chain, which verifies', async () => {
    const user = await signUp(edge().app)
    const { secret, backupCodes } = await enrolTotp(edge().app, user.headers)
    const login = await edge().app.request(
      '/api/v1/auth/login',
      jsonRequest('POST', {
        email: user.email,
        password: user.password,
        totp: await totpCode(secret, 1),
      }),
    )
    expect(login.status).toBe(200)
    const regenerate = await edge().app.request(
      '/api/v1/mfa/backup-codes/regenerate',
      // The next TOTP step is spent by the login; a backup code is the other accepted factor.
      jsonRequest('POST', { code: backupCodes[0] }, user.headers),
    )
    expect(regenerate.status).toBe(200)
    const entries = await edge()
      .handle.db.select()
      .from(schema.auditLog)
      .where(eq(schema.auditLog.tenantId, user.tenantId))
      .orderBy(asc(schema.auditLog.seq))
    const actions = entries.map((e) => e.action)
    expect(actions).toEqual(
      expect.arrayContaining(['mfa.totp_enabled', 'auth.login', 'mfa.backup_codes_regenerated']),
    )
    const login1 = entries.find((e) => e.action === 'auth.login')!
    expect(login1).toMatchObject({
      actorUserId: user.userId,
      target: user.userId,
      data: { secondFactor: true },
    })
    expect((await verifyChain(edge().handle.db, user.tenantId)).ok).toBe(true)
  })
})

import { schema } from '@vm-algo/db'
import { and, eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { secretBoxFor } from '../../../crypto/secretbox.ts'
import type { Problem } from '../../../errors.ts'
import {
  callJson,
  describeEdge,
  invalidCredentials,
  type TestSession,
  testSession,
} from '../../../testing/harness.ts'
import type { KiteConnection } from './schemas.ts'
import { kiteWorld } from './testing.ts'

/*
 * A Kite connection is its member's alone, and its secrets never leave the edge: the API
 * secret and the day's access token are stored sealed (bound to their user), no response or
 * audit entry carries them, nobody else — another workspace, or another member of the same
 * one — can read, use or delete them, a suspended workspace can do nothing, and a sealed
 * value tampered with or moved to another row fails cleanly instead of being used.
 */
describeEdge(
  '/api/v1/brokers/kite: security',
  (edge) => {
    const w = kiteWorld(edge)
    const bc = schema.brokerCredentials
    const rowOf = async (s: TestSession) =>
      (
        await edge()
          .handle.db.select()
          .from(bc)
          .where(and(eq(bc.tenantId, s.tenantId), eq(bc.userId, s.userId)))
      )[0]!
    const routes: [string, string, unknown?][] = [
      ['GET', '/brokers/kite'],
      ['PUT', '/brokers/kite', { apiKey: 'test_api_key', apiSecret: 'test_api_secret' }],
      ['POST', '/brokers/kite/session', { requestToken: 'abcdef1234567890' }],
      ['DELETE', '/brokers/kite'],
      [
        'POST',
        '/datasets/kite',
        { name: 'x', symbol: 'NIFTY50', timeframe: '1d', from: '2024-01-01', to: '2024-01-31' },
      ],
    ]

    it('answers 401 without a valid session', async () => {
      const s = await testSession(edge().handle.db, edge().config)
      for (const headers of await invalidCredentials(edge().config, s)) {
        for (const [method, path, body] of routes) {
          const res = await callJson(edge().app, method, `/api/v1${path}`, { headers, body })
          expect([method, path, res.status]).toEqual([method, path, 401])
        }
      }
    })

    it('never shows the secret or the access token, in any answer, audit entry or column', async () => {
      const s = await testSession(edge().handle.db, edge().config)
      const k = await w.kite()
      const bodies: unknown[] = []
      const record = async <T>(p: Promise<{ body: T }>) => {
        const res = await p
        bodies.push(res.body)
        return res
      }
      await record(w.call(s, 'PUT', '/brokers/kite', { apiKey: k.apiKey, apiSecret: k.apiSecret }))
      await record(
        w.call(s, 'POST', '/brokers/kite/session', { requestToken: await w.requestToken() }),
      )
      await record(w.call(s, 'GET', '/brokers/kite'))
      await record(w.importDays(s))
      const row = await rowOf(s)
      const opened = JSON.parse(
        await secretBoxFor(edge().config).open(
          row.accessTokenCiphertext!,
          `kite-session:${s.tenantId}:${s.userId}`,
        ),
      ) as { accessToken: string }
      const audit = await edge()
        .handle.db.select()
        .from(schema.auditLog)
        .where(eq(schema.auditLog.tenantId, s.tenantId))
      const seen = JSON.stringify([bodies, audit])
      expect(seen).not.toContain(k.apiSecret)
      expect(seen).not.toContain(opened.accessToken)
      expect(JSON.stringify(row)).not.toContain(k.apiSecret)
      expect(JSON.stringify(row)).not.toContain(opened.accessToken)
      expect(row.apiSecretCiphertext).toMatch(/^v1\./)
    })

    it('keeps a connection its member’s own: not another workspace’s, nor a teammate’s', async () => {
      const owner = await w.connect()
      await w.logIn(owner)
      const strangers = [
        await testSession(edge().handle.db, edge().config),
        await testSession(edge().handle.db, edge().config, { tenantId: owner.tenantId }),
      ]
      for (const other of strangers) {
        const view = await w.call<KiteConnection>(other, 'GET', '/brokers/kite')
        expect(view.body.status).toBe('not_configured')
        const use = await w.importDays(other)
        expect(use.status).toBe(409)
        expect((use.body as unknown as Problem).code).toBe('kite_not_configured')
        const login = await w.call<Problem>(other, 'POST', '/brokers/kite/session', {
          requestToken: await w.requestToken(),
        })
        expect(login.body.code).toBe('kite_not_configured')
        expect((await w.call(other, 'DELETE', '/brokers/kite')).status).toBe(204)
      }
      expect((await w.call<KiteConnection>(owner, 'GET', '/brokers/kite')).body.status).toBe('live')
      // Each member's connection is a row of their own; the teammate's save did not touch mine.
      const teammate = strangers[1]!
      await w.connect(teammate)
      expect((await w.call<KiteConnection>(owner, 'GET', '/brokers/kite')).body.status).toBe('live')
    })

    it('refuses every route to a member of a suspended workspace', async () => {
      const s = await w.connect()
      await edge()
        .handle.db.update(schema.tenants)
        .set({ status: 'suspended' })
        .where(eq(schema.tenants.id, s.tenantId))
      for (const [method, path, body] of routes) {
        const res = await w.call<Problem>(s, method, path, body)
        expect([method, path, res.status]).toEqual([method, path, 403])
      }
    })

    it('fails cleanly on a tampered secret or session, and on one moved from another member', async () => {
      const s = await w.connect()
      const flip = (sealed: string) =>
        sealed.slice(0, -2) + (sealed.at(-2) === 'A' ? 'B' : 'A') + sealed.at(-1)
      const where = and(eq(bc.tenantId, s.tenantId), eq(bc.userId, s.userId))
      const original = await rowOf(s)
      await edge()
        .handle.db.update(bc)
        .set({ apiSecretCiphertext: flip(original.apiSecretCiphertext!) })
        .where(where)
      const login = await w.call<Problem>(s, 'POST', '/brokers/kite/session', {
        requestToken: await w.requestToken(),
      })
      expect(login.status).toBe(409)
      expect(login.body.code).toBe('kite_credentials_unreadable')

      // Another member's (valid) sealed secret copied onto my row does not open either.
      const other = await w.connect()
      const theirs = await rowOf(other)
      await edge()
        .handle.db.update(bc)
        .set({ apiSecretCiphertext: theirs.apiSecretCiphertext })
        .where(where)
      const moved = await w.call<Problem>(s, 'POST', '/brokers/kite/session', {
        requestToken: await w.requestToken(),
      })
      expect(moved.body.code).toBe('kite_credentials_unreadable')

      // A tampered session reads as logged out and is never sent to Kite.
      await w.logIn(other)
      const live = await rowOf(other)
      await edge()
        .handle.db.update(bc)
        .set({ accessTokenCiphertext: flip(live.accessTokenCiphertext!) })
        .where(and(eq(bc.tenantId, other.tenantId), eq(bc.userId, other.userId)))
      expect((await w.call<KiteConnection>(other, 'GET', '/brokers/kite')).body.status).toBe(
        'logged_out',
      )
      const k = await w.kite()
      const asked = k.requests.length
      const res = await w.importDays(other)
      expect(res.status).toBe(412)
      expect(k.requests.length).toBe(asked)
    })
  },
  {},
  { core: { kite: true } },
)

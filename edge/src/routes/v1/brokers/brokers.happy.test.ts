import { schema } from '@vm-algo/db'
import { and, eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { kiteTokenExpiry } from '../../../../../core/src/feeds/kite/token.ts'
import { loadBars } from '../../../../../core/src/market/catalog.ts'
import { formatIst } from '../../../../../core/src/market/time.ts'
import type { Problem } from '../../../errors.ts'
import { describeEdge, testSession } from '../../../testing/harness.ts'
import type { Dataset } from '../datasets/schemas.ts'
import type { KiteConnection } from './schemas.ts'
import { kiteWorld } from './testing.ts'

const JAN_2024 = (days: { ts: number }[]) =>
  days.filter(
    (d) =>
      d.ts >= Date.parse('2024-01-01T00:00:00+05:30') &&
      d.ts <= Date.parse('2024-01-31T00:00:00+05:30'),
  )

describeEdge(
  '/api/v1/brokers/kite',
  (edge) => {
    const w = kiteWorld(edge)
    const actions = async (tenantId: string) =>
      (
        await edge()
          .handle.db.select({ action: schema.auditLog.action })
          .from(schema.auditLog)
          .where(eq(schema.auditLog.tenantId, tenantId))
          .orderBy(schema.auditLog.seq)
      ).map((r) => r.action)

    it('saves the key, logs in with Kite, imports NIFTY 50 days from it, and disconnects', async () => {
      const s = await testSession(edge().handle.db, edge().config)
      const k = await w.kite()
      expect((await w.call<KiteConnection>(s, 'GET', '/brokers/kite')).body).toMatchObject({
        status: 'not_configured',
        connected: false,
        loginUrl: null,
      })

      const saved = await w.call<KiteConnection>(s, 'PUT', '/brokers/kite', {
        apiKey: k.apiKey,
        apiSecret: k.apiSecret,
        staticIp: '203.0.113.7',
        algoId: 'ALGO42',
      })
      expect(saved.status).toBe(200)
      expect(saved.body).toEqual({
        status: 'logged_out',
        connected: false,
        apiKey: '••••••••_key',
        loginUrl: 'https://kite.zerodha.com/connect/login?v=3&api_key=test_api_key',
        session: null,
        expiredAt: null,
        staticIp: '203.0.113.7',
        algoId: 'ALGO42',
      })

      const loggedIn = await w.call<KiteConnection>(s, 'POST', '/brokers/kite/session', {
        requestToken: await w.requestToken(),
      })
      expect(loggedIn.status).toBe(200)
      expect(loggedIn.body).toMatchObject({
        status: 'live',
        connected: true,
        session: {
          kiteUserId: 'ZT1234',
          expiresAt: new Date(kiteTokenExpiry(Date.now())).toISOString(),
        },
      })
      expect((await w.call(s, 'GET', '/brokers/kite')).body).toEqual(loggedIn.body)

      const imported = await w.importDays(s, { name: 'NIFTY Jan 2024', symbol: 'nifty50' })
      expect(imported.status).toBe(201)
      const expected = JAN_2024(await loadBars('NIFTY50', '1d'))
      expect(imported.body).toMatchObject({
        name: 'NIFTY Jan 2024',
        symbol: 'NIFTY50',
        timeframe: '1d',
        source: 'kite',
        rows: expected.length,
        firstBar: new Date(expected[0]!.ts).toISOString(),
        lastBar: new Date(expected.at(-1)!.ts).toISOString(),
      })
      // Stored exactly as a CSV import: the file reads back in the dataset format.
      const file = await edge().app.request(`/api/v1/datasets/${imported.body.id}/csv`, {
        headers: s.headers,
      })
      const lines = (await file.text()).trim().split('\n')
      expect(lines[0]).toBe('timestamp,open,high,low,close,volume')
      expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(
        expected.map((d) => formatIst(d.ts)),
      )
      const list = await w.call<{ items: Dataset[] }>(s, 'GET', '/datasets')
      expect(list.body.items.map((d) => d.source)).toEqual(['kite'])

      expect((await w.call(s, 'DELETE', '/brokers/kite')).status).toBe(204)
      expect((await w.call<KiteConnection>(s, 'GET', '/brokers/kite')).body.status).toBe(
        'not_configured',
      )
      const rows = await edge()
        .handle.db.select()
        .from(schema.brokerCredentials)
        .where(eq(schema.brokerCredentials.userId, s.userId))
      expect(rows).toEqual([])
      expect(await actions(s.tenantId)).toEqual([
        'broker.kite_keys_saved',
        'broker.kite_connected',
        'broker.kite_disconnected',
      ])
    })

    it('reports a session past 06:00 IST as expired and never uses it', async () => {
      const s = await w.connect()
      await w.logIn(s)
      await edge()
        .handle.db.update(schema.brokerCredentials)
        .set({ accessTokenExpiresAt: new Date(Date.now() - 1_000) })
        .where(
          and(
            eq(schema.brokerCredentials.userId, s.userId),
            eq(schema.brokerCredentials.tenantId, s.tenantId),
          ),
        )
      const view = await w.call<KiteConnection>(s, 'GET', '/brokers/kite')
      expect(view.body).toMatchObject({ status: 'expired', connected: false, session: null })
      expect(view.body.expiredAt).not.toBeNull()
      const k = await w.kite()
      const asked = k.requests.length
      const res = await w.importDays(s)
      expect(res.status).toBe(412)
      expect((res.body as unknown as Problem).code).toBe('kite_session_required')
      expect((res.body as unknown as Problem).detail).toMatch(/expired.*log in with Kite again/)
      expect(k.requests.length).toBe(asked)
    })

    it('says so when Kite ends the session early, and forgets it', async () => {
      const s = await w.connect()
      await w.logIn(s)
      ;(await w.kite()).expireSessions()
      const res = await w.importDays(s)
      expect(res.status).toBe(412)
      expect(res.body).toMatchObject({
        code: 'kite_session_required',
        detail: 'Your Kite session has expired; log in again.',
      })
      expect((await w.call<KiteConnection>(s, 'GET', '/brokers/kite')).body.status).toBe(
        'logged_out',
      )
      // Logging in again brings it back.
      expect((await w.logIn(s)).status).toBe('live')
      expect((await w.importDays(s)).status).toBe(201)
    })
  },
  {},
  { core: { kite: true } },
)

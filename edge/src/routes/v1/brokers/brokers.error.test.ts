import { expect, it } from 'vitest'
import type { Problem } from '../../../errors.ts'
import { describeEdge, testSession } from '../../../testing/harness.ts'
import { kiteWorld } from './testing.ts'

describeEdge(
  '/api/v1/brokers/kite: errors',
  (edge) => {
    const w = kiteWorld(edge)

    it('validates what is saved, and keeps nothing of a bad request', async () => {
      const s = await testSession(edge().handle.db, edge().config)
      const bad = await w.call<Problem>(s, 'PUT', '/brokers/kite', {
        apiKey: 'has spaces',
        apiSecret: 'short',
        staticIp: '999.1.1.1',
        algoId: 'not valid!',
      })
      expect(bad.status).toBe(400)
      expect(bad.body.errors?.map((e) => e.path).sort()).toEqual([
        'algoId',
        'apiKey',
        'apiSecret',
        'staticIp',
      ])
      expect((await w.call<{ status: string }>(s, 'GET', '/brokers/kite')).body.status).toBe(
        'not_configured',
      )
    })

    it('asks for the key before a login, and for a login before an import', async () => {
      const s = await testSession(edge().handle.db, edge().config)
      const login = await w.call<Problem>(s, 'POST', '/brokers/kite/session', {
        requestToken: await w.requestToken(),
      })
      expect([login.status, login.body.code]).toEqual([409, 'kite_not_configured'])
      const early = await w.importDays(s)
      expect(early.status).toBe(409)
      await w.connect(s)
      const unlogged = await w.importDays(s)
      expect(unlogged.status).toBe(412)
      expect(unlogged.body).toMatchObject({
        code: 'kite_session_required',
        detail: expect.stringContaining('Log in with Kite'),
      })
    })

    it('passes on Kite’s refusals clearly: a wrong secret, a reused request token', async () => {
      const s = await testSession(edge().handle.db, edge().config)
      const k = await w.kite()
      await w.call(s, 'PUT', '/brokers/kite', { apiKey: k.apiKey, apiSecret: 'not-the-secret' })
      const wrong = await w.call<Problem>(s, 'POST', '/brokers/kite/session', {
        requestToken: await w.requestToken(),
      })
      expect(wrong.status).toBe(422)
      expect(wrong.body).toMatchObject({
        code: 'kite_refused',
        detail: expect.stringMatching(/^Kite refused the login .*log in with Kite again\.$/),
      })
      await w.connect(s)
      const token = await w.requestToken()
      expect(
        (await w.call(s, 'POST', '/brokers/kite/session', { requestToken: token })).status,
      ).toBe(200)
      const reused = await w.call<Problem>(s, 'POST', '/brokers/kite/session', {
        requestToken: token,
      })
      expect(reused.status).toBe(422)
      expect(reused.body.detail).toMatch(/invalid or has expired/)
    })

    it('refuses symbols Kite import does not know, and bad ranges, before storing anything', async () => {
      const s = await w.connect()
      await w.logIn(s)
      const unknown = await w.importDays(s, { symbol: 'NOTASTOCK' })
      expect(unknown.status).toBe(422)
      expect(unknown.body).toMatchObject({
        code: 'kite_refused',
        detail: expect.stringContaining('NIFTY50'),
      })
      // A typo gets the symbol it was probably meant to be, from Kite's instrument list.
      const typo = await w.importDays(s, { symbol: 'RELIANC' })
      expect(typo.status).toBe(422)
      expect(typo.body).toMatchObject({
        code: 'kite_refused',
        detail: expect.stringContaining('did you mean RELIANCE'),
      })
      // A stock the platform bundles nothing of is found in Kite's list and asked for; this
      // local Kite has no ITC candles, so the import says so rather than that ITC is unknown.
      const itc = await w.importDays(s, { symbol: 'ITC' })
      expect(itc.status).toBe(422)
      expect(itc.body).toMatchObject({
        code: 'invalid_csv',
        detail: expect.stringContaining('no 1d bars of ITC'),
      })
      const backwards = await w.importDays(s, { from: '2024-02-01', to: '2024-01-01' })
      expect(backwards.status).toBe(400)
      const empty = await w.importDays(s, { from: '1999-01-01', to: '1999-01-31' })
      expect(empty.status).toBe(422)
      expect(empty.body).toMatchObject({
        code: 'invalid_csv',
        detail: expect.stringContaining('no 1d bars'),
      })
      const list = await w.call<{ items: unknown[] }>(s, 'GET', '/datasets')
      expect(list.body.items).toEqual([])
    })
  },
  {},
  { core: { kite: true } },
)

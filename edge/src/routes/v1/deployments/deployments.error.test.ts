import { newId, schema } from '@vm-algo/db'
import { eq } from 'drizzle-orm'
import { beforeAll, expect, it } from 'vitest'
import type { Problem } from '../../../errors.ts'
import {
  callJson,
  describeEdge,
  examplePlugin,
  type StoredPlugin,
  storePlugin,
  type TestSession,
  testSession,
} from '../../../testing/harness.ts'

describeEdge(
  '/api/v1/deployments — errors',
  (edge) => {
    let pro: TestSession
    let strategy: StoredPlugin
    let scanner: StoredPlugin
    beforeAll(async () => {
      pro = await testSession(edge().handle.db, edge().config, { tier: 'pro' })
      strategy = await storePlugin(edge().app, pro.headers, {
        kind: 'strategy',
        source: examplePlugin('sma-crossover'),
      })
      scanner = await storePlugin(edge().app, pro.headers, {
        kind: 'scanner',
        source: examplePlugin('rsi-oversold-scanner'),
      })
    })
    const call = (s: TestSession, method: string, path: string, body?: unknown) =>
      callJson<Problem & { id: string; status: string }>(
        edge().app,
        method,
        `/api/v1/deployments${path}`,
        { headers: s.headers, body },
      )
    const deploy = (s: TestSession, body: object = {}) =>
      call(s, 'POST', '', { pluginVersionId: strategy.versionId, ...body })

    /** A free workspace with the crossover strategy stored. */
    const freeWorkspace = async () => {
      const s = await testSession(edge().handle.db, edge().config, { tier: 'free' })
      const own = await storePlugin(edge().app, s.headers, {
        kind: 'strategy',
        source: examplePlugin('sma-crossover'),
      })
      return { s, deploy: () => call(s, 'POST', '', { pluginVersionId: own.versionId }) }
    }

    it('checks each parameter against the manifest, naming it', async () => {
      const res = await deploy(pro, { params: { fast: 1, slow: 'long', type: 'wma', bogus: 3 } })
      expect([res.status, res.body.code]).toEqual([400, 'validation_failed'])
      // (The stored manifest is jsonb, which keeps its own key order.)
      expect(res.body.errors?.sort((a, b) => a.path.localeCompare(b.path))).toEqual([
        {
          path: 'params.bogus',
          message: expect.stringMatching(/^unknown parameter 'bogus' \(known: (\w+, ){5}\w+\)$/),
        },
        { path: 'params.fast', message: 'fast must be at least 2, got 1' },
        { path: 'params.slow', message: "slow must be a number, got 'long'" },
        { path: 'params.type', message: "type must be one of 'sma', 'ema', got 'wma'" },
      ])
    })

    it('takes only instruments the platform knows, from the strategy’s universe', async () => {
      const res = await deploy(pro, { symbols: ['RELIANC', 'TCS', 'M&M', 'NOPE'] })
      expect([res.status, res.body.code]).toEqual([400, 'validation_failed'])
      expect(res.body.errors).toEqual([
        { path: 'symbols.0', message: 'unknown instrument "RELIANC"; did you mean RELIANCE?' },
        {
          path: 'symbols.2',
          message: `"M&M" is not in the plugin's universe (RELIANCE, TCS, INFY, HDFCBANK, ICICIBANK, SBIN, NIFTY50, BANKNIFTY)`,
        },
        { path: 'symbols.3', message: 'unknown instrument "NOPE"' },
      ])
      const malformed = await deploy(pro, { symbols: ['TCS; DROP TABLE'] })
      expect(malformed.body.errors?.[0]?.path).toBe('symbols.0')
    })

    it('deploys strategies only: a scanner version is a 422', async () => {
      const res = await call(pro, 'POST', '', { pluginVersionId: scanner.versionId })
      expect(res.status).toBe(422)
      expect(res.body).toMatchObject({
        code: 'kind_mismatch',
        detail: 'This version is a scanner; run scanners with POST /api/v1/scans.',
      })
      const missing = await call(pro, 'POST', '', { pluginVersionId: newId('pluginVersion') })
      expect([missing.status, missing.body.code]).toEqual([404, 'not_found'])
    })

    it('keeps a free workspace to one strategy at once, naming the limit', async () => {
      const free = await freeWorkspace()
      const first = await free.deploy()
      expect(first.status).toBe(201)
      const second = await free.deploy()
      expect(second.status).toBe(402)
      expect(second.body).toMatchObject({
        code: 'plan_limit_reached',
        detail:
          'Your free plan runs at most 1 strategy at once (starting, running or paused), and 1 is deployed. Stop one, or upgrade.',
      })
      // A paused one still holds its place; a stopped one frees it…
      await call(free.s, 'POST', `/${first.body.id}/pause`)
      expect((await free.deploy()).status).toBe(402)
      await call(free.s, 'POST', `/${first.body.id}/stop`)
      const replacement = await free.deploy()
      expect(replacement.status).toBe(201)
      // …and starting the stopped one again needs a free place.
      const restart = await call(free.s, 'POST', `/${first.body.id}/start`)
      expect([restart.status, restart.body.code]).toEqual([402, 'plan_limit_reached'])
    })

    it('gives the last free place to one of two deployments sent at once', async () => {
      const free = await freeWorkspace()
      const answers = await Promise.all([free.deploy(), free.deploy(), free.deploy()])
      expect(answers.map((a) => a.status).sort()).toEqual([201, 402, 402])
      const active = await edge()
        .handle.db.select()
        .from(schema.deployments)
        .where(eq(schema.deployments.tenantId, free.s.tenantId))
      expect(active).toHaveLength(1)
    })

    it('refuses transitions the status does not allow, saying what is possible', async () => {
      const { body: created } = await deploy(pro)
      const start = await call(pro, 'POST', `/${created.id}/start`)
      expect(start.status).toBe(409)
      expect(start.body).toMatchObject({
        code: 'invalid_transition',
        detail: 'This deployment is starting; it cannot start (possible: pause, stop).',
      })
      await call(pro, 'POST', `/${created.id}/stop`)
      for (const action of ['pause', 'stop']) {
        const res = await call(pro, 'POST', `/${created.id}/${action}`)
        expect([action, res.status, res.body.detail]).toEqual([
          action,
          409,
          `This deployment is stopped; it cannot ${action} (possible: start).`,
        ])
      }
    })

    it('refuses live trading: 402 without the trade permission, 409 until it exists', async () => {
      const free = await freeWorkspace()
      const withoutTrade = await call(free.s, 'POST', '', {
        pluginVersionId: strategy.versionId,
        mode: 'live',
      })
      expect([withoutTrade.status, withoutTrade.body.code]).toEqual([402, 'payment_required'])
      const withTrade = await deploy(pro, { mode: 'live' })
      expect(withTrade.status).toBe(409)
      expect(withTrade.body).toMatchObject({
        code: 'live_trading_unavailable',
        detail: 'Live trading is not available yet; deploy with mode "paper".',
      })
    })
  },
  {},
  { core: true },
)

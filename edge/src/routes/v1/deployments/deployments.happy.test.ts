import { schema } from '@vm-algo/db'
import { eq } from 'drizzle-orm'
import { beforeAll, expect, it } from 'vitest'
import {
  callJson,
  describeEdge,
  examplePlugin,
  type StoredPlugin,
  storePlugin,
  type TestSession,
  testSession,
} from '../../../testing/harness.ts'

interface Deployment {
  id: string
  status: string
  mode: string
  params: Record<string, unknown>
  symbols: string[]
  error: string | null
  plugin: { id: string; name: string; version: string }
  startedAt: string | null
  stoppedAt: string | null
}
interface Page<T> {
  items: T[]
  nextCursor: string | null
}

describeEdge(
  '/api/v1/deployments: deploying strategies',
  (edge) => {
    let owner: TestSession
    let strategy: StoredPlugin
    beforeAll(async () => {
      owner = await testSession(edge().handle.db, edge().config, { tier: 'pro' })
      strategy = await storePlugin(edge().app, owner.headers, {
        kind: 'strategy',
        source: examplePlugin('sma-crossover'),
      })
    })
    const call = <T>(method: string, path: string, body?: unknown, s = owner) =>
      callJson<T>(edge().app, method, `/api/v1/deployments${path}`, { headers: s.headers, body })
    const deploy = (body: object = {}) =>
      call<Deployment>('POST', '', { pluginVersionId: strategy.versionId, ...body })
    // What the core's deployment manager does when it has the strategy running.
    const engineRuns = (id: string) =>
      edge()
        .handle.db.update(schema.deployments)
        .set({ status: 'running', startedAt: new Date() })
        .where(eq(schema.deployments.id, id))

    it("deploys in paper mode with the manifest's defaults and universe, as starting", async () => {
      const res = await deploy({ params: { fast: 5, type: 'ema' } })
      expect(res.status).toBe(201)
      expect(res.headers.get('location')).toBe(`/api/v1/deployments/${res.body.id}`)
      expect(res.body).toMatchObject({
        status: 'starting',
        mode: 'paper',
        error: null,
        startedAt: null,
        params: { fast: 5, slow: 30, type: 'ema', timeframe: '1d', qty: 1, product: 'CNC' },
        symbols: [
          'RELIANCE',
          'TCS',
          'INFY',
          'HDFCBANK',
          'ICICIBANK',
          'SBIN',
          'NIFTY50',
          'BANKNIFTY',
        ],
        plugin: { id: strategy.pluginId, name: expect.any(String), version: '1.0.0' },
      })
      const one = await call<Deployment>('GET', `/${res.body.id}`)
      expect(one.body).toEqual(res.body)
    })

    it('takes some of the universe, in any case, once each', async () => {
      const res = await deploy({ symbols: ['reliance', 'TCS', 'RELIANCE'] })
      expect([res.status, res.body.symbols]).toEqual([201, ['RELIANCE', 'TCS']])
    })

    it('pauses, starts again and stops, as the engine runs it', async () => {
      const { body: created } = await deploy()
      const paused = await call<Deployment>('POST', `/${created.id}/pause`)
      expect([paused.status, paused.body.status]).toEqual([200, 'paused'])
      const resumed = await call<Deployment>('POST', `/${created.id}/start`)
      expect(resumed.body.status).toBe('starting')
      await engineRuns(created.id)
      const running = await call<Deployment>('GET', `/${created.id}`)
      expect(running.body).toMatchObject({ status: 'running', startedAt: expect.any(String) })
      const stopped = await call<Deployment>('POST', `/${created.id}/stop`)
      expect(stopped.body).toMatchObject({ status: 'stopped', stoppedAt: expect.any(String) })
      const again = await call<Deployment>('POST', `/${created.id}/start`)
      expect(again.body).toMatchObject({ status: 'starting', stoppedAt: null, error: null })
    })

    it('starts a failed deployment again, clearing its error', async () => {
      const { body: created } = await deploy()
      await edge()
        .handle.db.update(schema.deployments)
        .set({ status: 'failed', error: 'RangeError: fast must be shorter than slow' })
        .where(eq(schema.deployments.id, created.id))
      const failed = await call<Deployment>('GET', `/${created.id}`)
      expect(failed.body.error).toMatch(/fast must be shorter/)
      const restarted = await call<Deployment>('POST', `/${created.id}/start`)
      expect(restarted.body).toMatchObject({ status: 'starting', error: null })
    })

    it('shows what the engine recorded: logs and order intents, newest first, page by page', async () => {
      const { body: created } = await deploy()
      const empty = await call<Page<unknown>>('GET', `/${created.id}/logs`)
      expect(empty.body).toEqual({ items: [], nextCursor: null })
      const base = Date.parse('2024-03-01T09:15:00+05:30')
      for (let i = 0; i < 5; i++) {
        await edge()
          .handle.db.insert(schema.deploymentLogs)
          .values({
            tenantId: owner.tenantId,
            deploymentId: created.id,
            level: 'info',
            message: `bar ${i}`,
            marketTime: new Date(base + i * 60_000),
          })
        await edge()
          .handle.db.insert(schema.orderIntents)
          .values({
            tenantId: owner.tenantId,
            deploymentId: created.id,
            intent: {
              action: 'place',
              clientOrderId: `0-${i}`,
              symbol: 'TCS',
              side: 'BUY',
              qty: 1,
            },
            marketTime: new Date(base + i * 60_000),
          })
      }
      const logs = await call<Page<{ message: string; marketTime: string }>>(
        'GET',
        `/${created.id}/logs?limit=3`,
      )
      expect(logs.body.items.map((l) => l.message)).toEqual(['bar 4', 'bar 3', 'bar 2'])
      expect(logs.body.items[0]!.marketTime).toBe(new Date(base + 4 * 60_000).toISOString())
      const older = await call<Page<{ message: string }>>(
        'GET',
        `/${created.id}/logs?limit=3&cursor=${logs.body.nextCursor}`,
      )
      expect(older.body).toEqual({
        items: [
          expect.objectContaining({ message: 'bar 1' }),
          expect.objectContaining({ message: 'bar 0' }),
        ],
        nextCursor: null,
      })
      const intents = await call<Page<{ intent: { clientOrderId: string } }>>(
        'GET',
        `/${created.id}/intents?limit=2`,
      )
      expect(intents.body.items.map((i) => i.intent.clientOrderId)).toEqual(['0-4', '0-3'])
      expect(intents.body.nextCursor).not.toBeNull()
    })

    it('lists deployments newest first, by status too', async () => {
      const s = await testSession(edge().handle.db, edge().config, { tier: 'pro' })
      const own = await storePlugin(edge().app, s.headers, {
        kind: 'strategy',
        source: examplePlugin('rsi-mean-reversion'),
      })
      const ids: string[] = []
      for (let i = 0; i < 3; i++) {
        const res = await call<Deployment>('POST', '', { pluginVersionId: own.versionId }, s)
        ids.push(res.body.id)
      }
      await call('POST', `/${ids[0]}/pause`, undefined, s)
      const page = await call<Page<Deployment>>('GET', '?limit=2', undefined, s)
      expect(page.body.items.map((d) => d.id)).toEqual([ids[2], ids[1]])
      const rest = await call<Page<Deployment>>(
        'GET',
        `?limit=2&cursor=${page.body.nextCursor}`,
        undefined,
        s,
      )
      expect(rest.body).toEqual({
        items: [expect.objectContaining({ id: ids[0] })],
        nextCursor: null,
      })
      const paused = await call<Page<Deployment>>('GET', '?status=paused', undefined, s)
      expect(paused.body.items.map((d) => d.id)).toEqual([ids[0]])
    })
  },
  {},
  { core: true },
)

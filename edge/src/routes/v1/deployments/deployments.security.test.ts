import { schema } from '@vm-algo/db'
import { eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import type { Problem } from '../../../errors.ts'
import {
  callJson,
  describeEdge,
  examplePlugin,
  invalidCredentials,
  storePlugin,
  testSession,
} from '../../../testing/harness.ts'

/*
 * A deployment trades (on paper, for now) with its workspace's strategy and shows what it did.
 * Without a valid session nothing answers; another workspace can neither see a deployment,
 * its logs and intents, nor start, pause or stop it, nor deploy someone else's strategy —
 * every such id is simply not found, and nothing changes.
 */
describeEdge(
  '/api/v1/deployments: security',
  (edge) => {
    const world = async () => {
      const owner = await testSession(edge().handle.db, edge().config, { tier: 'pro' })
      const strategy = await storePlugin(edge().app, owner.headers, {
        kind: 'strategy',
        source: examplePlugin('sma-crossover'),
      })
      const { body } = await callJson<{ id: string }>(edge().app, 'POST', '/api/v1/deployments', {
        headers: owner.headers,
        body: { pluginVersionId: strategy.versionId },
      })
      return { owner, versionId: strategy.versionId, deploymentId: body.id }
    }
    type World = Awaited<ReturnType<typeof world>>
    const routes: { method: string; path: (w: World) => string; body?: (w: World) => unknown }[] = [
      { method: 'GET', path: () => '' },
      { method: 'POST', path: () => '', body: (w) => ({ pluginVersionId: w.versionId }) },
      { method: 'GET', path: (w) => `/${w.deploymentId}` },
      { method: 'POST', path: (w) => `/${w.deploymentId}/pause` },
      { method: 'POST', path: (w) => `/${w.deploymentId}/stop` },
      { method: 'POST', path: (w) => `/${w.deploymentId}/start` },
      { method: 'GET', path: (w) => `/${w.deploymentId}/logs` },
      { method: 'GET', path: (w) => `/${w.deploymentId}/intents` },
    ]
    const call = (route: (typeof routes)[number], w: World, headers: Record<string, string>) =>
      callJson<Problem>(edge().app, route.method, `/api/v1/deployments${route.path(w)}`, {
        headers,
        body: route.body?.(w),
      })
    const unchanged = async (w: World) => {
      const rows = await edge()
        .handle.db.select()
        .from(schema.deployments)
        .where(eq(schema.deployments.tenantId, w.owner.tenantId))
      expect(rows.map((r) => [r.id, r.status])).toEqual([[w.deploymentId, 'starting']])
    }

    it('answers 401 without a token, or with a forged or expired one', async () => {
      const w = await world()
      for (const headers of await invalidCredentials(edge().config, w.owner)) {
        for (const route of routes) {
          const { status, body } = await call(route, w, headers)
          expect([route.method, route.path(w), status, body.code]).toEqual([
            route.method,
            route.path(w),
            401,
            'unauthenticated',
          ])
        }
      }
      await unchanged(w)
    })

    it("never reaches another workspace's deployments or strategies", async () => {
      const w = await world()
      const outsider = await testSession(edge().handle.db, edge().config, { tier: 'elite' })
      for (const route of routes) {
        const { status, body } = await call(route, w, outsider.headers)
        if (route.method === 'GET' && route.path(w) === '') {
          expect(status).toBe(200)
          expect((body as unknown as { items: unknown[] }).items).toEqual([])
        } else {
          expect([route.method, route.path(w), status, body.code]).toEqual([
            route.method,
            route.path(w),
            404,
            'not_found',
          ])
        }
      }
      await unchanged(w)
    })
  },
  {},
  { core: true },
)

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
 * A plugin is its author's code and trading idea: nobody outside the workspace may read,
 * list or extend it. Without a valid session nothing answers (and nothing is compiled); an id
 * from another workspace is simply not found, whichever route it is sent to.
 */
const scanner = examplePlugin('rsi-oversold-scanner')

describeEdge(
  '/api/v1/plugins: security',
  (edge) => {
    const world = async () => {
      const owner = await testSession(edge().handle.db, edge().config, { tier: 'pro' })
      const stored = await storePlugin(edge().app, owner.headers, {
        kind: 'scanner',
        source: scanner,
        name: 'Secret sauce',
      })
      return { owner, ...stored }
    }
    type World = Awaited<ReturnType<typeof world>>
    const routes: { method: string; path: (w: World) => string; body?: unknown }[] = [
      { method: 'GET', path: () => '' },
      { method: 'POST', path: () => '', body: { kind: 'scanner', name: 'x' } },
      { method: 'POST', path: () => '/validate', body: { source: scanner } },
      { method: 'GET', path: (w) => `/${w.pluginId}` },
      { method: 'GET', path: (w) => `/${w.pluginId}/versions` },
      {
        method: 'POST',
        path: (w) => `/${w.pluginId}/versions`,
        body: { source: scanner, version: '9.9.9' },
      },
      { method: 'GET', path: (w) => `/${w.pluginId}/versions/${w.versionId}` },
    ]
    const call = (route: (typeof routes)[number], w: World, headers: Record<string, string>) =>
      callJson<Problem>(edge().app, route.method, `/api/v1/plugins${route.path(w)}`, {
        headers,
        body: route.body,
      })

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
    })

    it("never reaches another workspace's plugins or versions: 404, and nothing listed", async () => {
      const w = await world()
      const outsider = await testSession(edge().handle.db, edge().config, { tier: 'elite' })
      for (const route of routes.filter((r) => r.path(w).startsWith('/plg_'))) {
        const { status, body } = await call(route, w, outsider.headers)
        expect([route.method, route.path(w), status, body.code]).toEqual([
          route.method,
          route.path(w),
          404,
          'not_found',
        ])
      }
      const listed = await callJson<{ items: unknown[] }>(edge().app, 'GET', '/api/v1/plugins', {
        headers: outsider.headers,
      })
      expect(listed.body.items).toEqual([])
      // Another workspace's plugin id with the outsider's own version id: still not found.
      const own = await storePlugin(edge().app, outsider.headers, {
        kind: 'scanner',
        source: scanner,
      })
      const crossed = await callJson<Problem>(
        edge().app,
        'GET',
        `/api/v1/plugins/${w.pluginId}/versions/${own.versionId}`,
        { headers: outsider.headers },
      )
      expect(crossed.status).toBe(404)
      const versions = await callJson<{ items: unknown[] }>(
        edge().app,
        'GET',
        `/api/v1/plugins/${w.pluginId}/versions`,
        { headers: w.owner.headers },
      )
      expect(versions.body.items).toHaveLength(1)
    })

    it('lets other members of the workspace use its plugins', async () => {
      const w = await world()
      const member = await testSession(edge().handle.db, edge().config, {
        tenantId: w.owner.tenantId,
        role: 'member',
      })
      const res = await callJson(edge().app, 'GET', `/api/v1/plugins/${w.pluginId}`, {
        headers: member.headers,
      })
      expect(res.status).toBe(200)
    })
  },
  {},
  { core: true },
)

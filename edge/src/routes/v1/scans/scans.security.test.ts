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
 * Scans are a paid feature (the `scanner` permission: pro and elite) that compiles code on the
 * platform's engine. Without a valid session nothing answers; a free workspace cannot create,
 * preview or change one (402) but can still see and delete what it made on a paid plan; and
 * another workspace's scans, matches and scanners are simply not found.
 */
describeEdge(
  '/api/v1/scans: security',
  (edge) => {
    const world = async () => {
      const owner = await testSession(edge().handle.db, edge().config, { tier: 'pro' })
      const scanner = await storePlugin(edge().app, owner.headers, {
        kind: 'scanner',
        source: examplePlugin('rsi-oversold-scanner'),
      })
      const { body } = await callJson<{ id: string }>(edge().app, 'POST', '/api/v1/scans', {
        headers: owner.headers,
        body: { name: 'Mine', expression: 'close > SMA(20)', universe: ['TCS'] },
      })
      return { owner, scanId: body.id, versionId: scanner.versionId }
    }
    type World = Awaited<ReturnType<typeof world>>
    type Route = {
      method: string
      path: (w: World) => string
      body?: (w: World) => unknown
      paid: boolean
    }
    const routes: Route[] = [
      { method: 'GET', path: () => '', paid: false },
      {
        method: 'POST',
        path: () => '',
        body: () => ({ name: 'x', expression: 'close > open', universe: ['TCS'] }),
        paid: true,
      },
      {
        method: 'POST',
        path: () => '',
        body: (w) => ({ name: 'x', pluginVersionId: w.versionId }),
        paid: true,
      },
      {
        method: 'POST',
        path: () => '/preview',
        body: () => ({ expression: 'close > open' }),
        paid: true,
      },
      { method: 'GET', path: (w) => `/${w.scanId}`, paid: false },
      {
        method: 'PATCH',
        path: (w) => `/${w.scanId}`,
        body: () => ({ enabled: false }),
        paid: true,
      },
      { method: 'GET', path: (w) => `/${w.scanId}/matches`, paid: false },
      { method: 'DELETE', path: (w) => `/${w.scanId}`, paid: false },
    ]
    const call = (route: Route, w: World, headers: Record<string, string>) =>
      callJson<Problem>(edge().app, route.method, `/api/v1/scans${route.path(w)}`, {
        headers,
        body: route.body?.(w),
      })
    const scansOf = (tenantId: string) =>
      edge().handle.db.select().from(schema.scans).where(eq(schema.scans.tenantId, tenantId))

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
      expect(await scansOf(w.owner.tenantId)).toHaveLength(1)
    })

    it('answers 402 to a free workspace creating, previewing or changing a scan', async () => {
      const w = await world()
      // The workspace moves to the free plan: what it made stays visible and deletable.
      await edge()
        .handle.db.update(schema.tenants)
        .set({ tier: 'free' })
        .where(eq(schema.tenants.id, w.owner.tenantId))
      for (const route of routes) {
        const { status, body } = await call(route, w, w.owner.headers)
        if (route.paid) {
          expect([route.method, route.path(w), status, body.code]).toEqual([
            route.method,
            route.path(w),
            402,
            'payment_required',
          ])
          expect(body.detail).toBe('Your free plan does not include "scanner". Upgrade to use it.')
        } else {
          expect([route.method, route.path(w), status]).toEqual([
            route.method,
            route.path(w),
            route.method === 'DELETE' ? 204 : 200,
          ])
        }
      }
      expect(await scansOf(w.owner.tenantId)).toEqual([])
    })

    it("never reaches another workspace's scans or scanners", async () => {
      const w = await world()
      const outsider = await testSession(edge().handle.db, edge().config, { tier: 'elite' })
      for (const route of routes) {
        const { status, body } = await call(route, w, outsider.headers)
        const path = route.path(w)
        const theirs =
          path.startsWith('/scn_') || Object.hasOwn(route.body?.(w) ?? {}, 'pluginVersionId')
        if (theirs) {
          expect([route.method, path, status, body.code]).toEqual([
            route.method,
            path,
            404,
            'not_found',
          ])
        } else if (route.method === 'GET') {
          expect((body as unknown as { items: unknown[] }).items).toEqual([])
        }
      }
      const [scan] = await scansOf(w.owner.tenantId)
      expect(scan).toMatchObject({ id: w.scanId, enabled: true })
    })
  },
  {},
  { core: true },
)

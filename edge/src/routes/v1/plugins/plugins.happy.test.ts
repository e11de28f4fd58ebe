import { expect, it } from 'vitest'
import {
  callJson,
  describeEdge,
  examplePlugin,
  storePlugin,
  type TestSession,
  testSession,
} from '../../../testing/harness.ts'

interface Plugin {
  id: string
  kind: string
  name: string
  slug: string
  description: string | null
  latestVersion: { id: string; version: string } | null
}
interface Version {
  id: string
  pluginId: string
  version: string
  manifest: { name: string; kind: string; version: string; params: Record<string, unknown> }
  sdkVersion: string
  sourceSha256: string
  source?: string
  diagnostics?: unknown[]
}
interface Page<T> {
  items: T[]
  nextCursor: string | null
}

const scanner = examplePlugin('rsi-oversold-scanner')

describeEdge(
  '/api/v1/plugins: writing and storing plugins',
  (edge) => {
    const call = <T>(s: TestSession, method: string, path: string, body?: unknown) =>
      callJson<T>(edge().app, method, `/api/v1/plugins${path}`, { headers: s.headers, body })

    it('creates a plugin with a slug from its name, and lists it with its newest version', async () => {
      const s = await testSession(edge().handle.db, edge().config)
      const empty = await call<Page<Plugin>>(s, 'GET', '')
      expect(empty).toMatchObject({ status: 200, body: { items: [], nextCursor: null } })

      const created = await call<Plugin>(s, 'POST', '', {
        kind: 'scanner',
        name: '  Über RSI — oversold ',
        description: 'Finds dips',
      })
      expect(created.status).toBe(201)
      expect(created.headers.get('location')).toBe(`/api/v1/plugins/${created.body.id}`)
      expect(created.body).toMatchObject({
        kind: 'scanner',
        name: 'Über RSI — oversold',
        slug: 'uber-rsi-oversold',
        description: 'Finds dips',
        latestVersion: null,
      })
      const stored = await call<Version>(s, 'POST', `/${created.body.id}/versions`, {
        source: scanner,
      })
      expect(stored.status).toBe(201)
      const listed = await call<Page<Plugin>>(s, 'GET', '')
      expect(listed.body.items).toEqual([
        expect.objectContaining({
          id: created.body.id,
          latestVersion: expect.objectContaining({ id: stored.body.id, version: '1.0.0' }),
        }),
      ])
      const one = await call<Plugin>(s, 'GET', `/${created.body.id}`)
      expect(one.body).toEqual(listed.body.items[0])
    })

    it('stores a version compiled by the core, with its manifest, source and hash', async () => {
      const s = await testSession(edge().handle.db, edge().config)
      const { pluginId, versionId } = await storePlugin(edge().app, s.headers, {
        kind: 'scanner',
        source: scanner,
      })
      const version = await call<Version>(s, 'GET', `/${pluginId}/versions/${versionId}`)
      expect(version.status).toBe(200)
      expect(version.body).toMatchObject({
        id: versionId,
        pluginId,
        version: '1.0.0',
        source: scanner,
        diagnostics: [],
        sdkVersion: expect.any(String),
        manifest: {
          name: 'RSI oversold',
          kind: 'scanner',
          version: '1.0.0',
          params: { period: { type: 'int', default: 14, min: 2, max: 50, label: 'RSI period' } },
        },
      })
      expect(version.body.sourceSha256).toMatch(/^[0-9a-f]{64}$/)
    })

    it("takes the manifest's version, bumps the patch when it is taken, or uses the one asked for", async () => {
      const s = await testSession(edge().handle.db, edge().config)
      const { pluginId } = await storePlugin(edge().app, s.headers, {
        kind: 'scanner',
        source: scanner,
      })
      const edit = (n: number) => scanner.replace('threshold - rsi', `threshold - rsi + ${n}`)
      const bumped = await call<Version>(s, 'POST', `/${pluginId}/versions`, { source: edit(1) })
      expect([bumped.status, bumped.body.version, bumped.body.manifest.version]).toEqual([
        201,
        '1.0.1',
        '1.0.1',
      ])
      const asked = await call<Version>(s, 'POST', `/${pluginId}/versions`, {
        source: edit(2),
        version: '2.0.0-beta.1',
      })
      expect(asked.body.version).toBe('2.0.0-beta.1')
      const released = await call<Version>(s, 'POST', `/${pluginId}/versions`, {
        source: edit(3),
      })
      expect(released.body.version).toBe('2.0.0')
      const versions = await call<Page<Version>>(s, 'GET', `/${pluginId}/versions`)
      expect(versions.body.items.map((v) => v.version)).toEqual([
        '2.0.0',
        '2.0.0-beta.1',
        '1.0.1',
        '1.0.0',
      ])
      expect(versions.body.items[0]).not.toHaveProperty('source')
    })

    it('validates source without storing anything: diagnostics, or the manifest', async () => {
      const s = await testSession(edge().handle.db, edge().config)
      const good = await call<{ ok: boolean; manifest: { name: string } }>(s, 'POST', '/validate', {
        source: scanner,
      })
      expect(good).toMatchObject({
        status: 200,
        body: { ok: true, diagnostics: [], manifest: { name: 'RSI oversold' } },
      })
      const unused = scanner.replace('export default', 'const unused = 1\nexport default')
      const warned = await call<{ ok: boolean; diagnostics: { severity: string }[] }>(
        s,
        'POST',
        '/validate',
        { source: unused },
      )
      expect(warned.body.ok).toBe(true)
      expect(warned.body.diagnostics).toEqual([
        expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/unused/) }),
      ])
      const listed = await call<Page<Plugin>>(s, 'GET', '')
      expect(listed.body.items).toEqual([])
    })

    it('pages through plugins and versions, newest first, with filters', async () => {
      const s = await testSession(edge().handle.db, edge().config)
      for (const name of ['a', 'b', 'c', 'd', 'e']) {
        await call(s, 'POST', '', { kind: name === 'e' ? 'strategy' : 'scanner', name })
      }
      const first = await call<Page<Plugin>>(s, 'GET', '?limit=2')
      expect(first.body.items.map((p) => p.name)).toEqual(['e', 'd'])
      const second = await call<Page<Plugin>>(s, 'GET', `?limit=2&cursor=${first.body.nextCursor}`)
      expect(second.body.items.map((p) => p.name)).toEqual(['c', 'b'])
      const last = await call<Page<Plugin>>(s, 'GET', `?limit=2&cursor=${second.body.nextCursor}`)
      expect(last.body).toEqual({
        items: [expect.objectContaining({ name: 'a' })],
        nextCursor: null,
      })
      const strategies = await call<Page<Plugin>>(s, 'GET', '?kind=strategy')
      expect(strategies.body.items.map((p) => p.name)).toEqual(['e'])
    })
  },
  {},
  { core: true },
)

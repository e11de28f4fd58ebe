import { schema, withTenant } from '@vm-algo/db'
import { eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import type { Problem } from '../../../errors.ts'
import {
  callJson,
  describeEdge,
  examplePlugin,
  storePlugin,
  type TestSession,
  testSession,
} from '../../../testing/harness.ts'

type CodeProblem = Problem & {
  diagnostics: { severity: string; message: string; line: number; column: number; code?: string }[]
}

const scanner = examplePlugin('rsi-oversold-scanner')
const strategy = examplePlugin('sma-crossover')

describeEdge(
  '/api/v1/plugins — errors',
  (edge) => {
    const session = () => testSession(edge().handle.db, edge().config)
    const call = <T = Problem>(s: TestSession, method: string, path: string, body?: unknown) =>
      callJson<T>(edge().app, method, `/api/v1/plugins${path}`, { headers: s.headers, body })

    it('answers compile errors with 422 and the line and column of each, end to end', async () => {
      const s = await session()
      const { pluginId } = await storePlugin(edge().app, s.headers, {
        kind: 'scanner',
        source: scanner,
      })
      const lines = scanner.split('\n')
      const at = lines.findIndex((l) => l.includes("ctx.indicators.rsi(symbol, '1d'"))
      lines[at] = lines[at]!.replace("'1d'", "'2d'")
      const typo = lines.findIndex((l) => l.includes('ctx.match(symbol'))
      lines[typo] = lines[typo]!.replace('ctx.match(', 'ctx.matches(')
      const broken = lines.join('\n')

      const stored = await call<CodeProblem>(s, 'POST', `/${pluginId}/versions`, { source: broken })
      expect(stored.status).toBe(422)
      expect(stored.headers.get('content-type')).toBe('application/problem+json')
      expect(stored.body).toMatchObject({
        code: 'compile_failed',
        detail: expect.stringMatching(
          new RegExp(`^2 errors; the first at line ${at + 1}, column `),
        ),
      })
      const errors = stored.body.diagnostics.filter((d) => d.severity === 'error')
      expect(errors.map((d) => [d.line, d.code])).toEqual([
        [at + 1, 'TS2345'],
        [typo + 1, 'TS2551'],
      ])
      expect(errors[1]!.column).toBe(lines[typo]!.indexOf('matches') + 1)
      expect(errors[1]!.message).toMatch(/matches.*Did you mean 'match'/)
      // The editor's check says the same, as a result rather than an error.
      const validated = await call<{ ok: boolean; diagnostics: unknown[] }>(
        s,
        'POST',
        '/validate',
        {
          source: broken,
        },
      )
      expect(validated.body).toEqual({ ok: false, diagnostics: stored.body.diagnostics })
      const versions = await call<{ items: unknown[] }>(s, 'GET', `/${pluginId}/versions`)
      expect(versions.body.items).toHaveLength(1)
    })

    it('points forbidden imports and bad manifests at their line', async () => {
      const s = await session()
      const importing = `import fs from 'node:fs'\n${scanner}`
      const imported = await call<CodeProblem>(s, 'POST', '/validate', { source: importing })
      expect(imported.body.diagnostics).toContainEqual(
        expect.objectContaining({ severity: 'error', line: 1, code: 'FORBIDDEN_IMPORT' }),
      )
      const badVersion = scanner.replace("version: '1.0.0'", "version: 'one'")
      const line = badVersion.split('\n').findIndex((l) => l.includes("version: 'one'")) + 1
      const manifest = await call<CodeProblem>(s, 'POST', '/validate', { source: badVersion })
      expect(manifest.body.diagnostics[0]).toMatchObject({ line, code: 'DEFINITION' })
    })

    it('refuses a source of the other kind than its plugin', async () => {
      const s = await session()
      const created = await call<{ id: string }>(s, 'POST', '', { kind: 'strategy', name: 'Mine' })
      const res = await call(s, 'POST', `/${created.body.id}/versions`, { source: scanner })
      expect(res.status).toBe(422)
      expect(res.body).toMatchObject({
        code: 'kind_mismatch',
        detail: 'This plugin is a strategy, but the source defines a scanner; use defineStrategy.',
      })
    })

    it('never changes a stored version: the same version or the same source again is a 409', async () => {
      const s = await session()
      const { pluginId, versionId } = await storePlugin(edge().app, s.headers, {
        kind: 'strategy',
        source: strategy,
      })
      const same = await call(s, 'POST', `/${pluginId}/versions`, { source: strategy })
      expect(same.status).toBe(409)
      expect(same.body).toMatchObject({
        code: 'version_exists',
        detail: 'This source is stored already, as version 1.0.0.',
      })
      const edited = strategy.replace('Acts on the timeframe', 'Acts only on the timeframe')
      const taken = await call(s, 'POST', `/${pluginId}/versions`, {
        source: edited,
        version: '1.0.0',
      })
      expect([taken.status, taken.body.code]).toEqual([409, 'version_exists'])
      // No route changes or removes a version…
      for (const method of ['PUT', 'PATCH', 'DELETE']) {
        const res = await call(s, method, `/${pluginId}/versions/${versionId}`, { source: edited })
        expect([method, res.status]).toEqual([method, 404])
      }
      // …and the database refuses it even to the application role's own tenant.
      const tamper = withTenant(edge().handle.db, { tenantId: s.tenantId }, (tx) =>
        tx
          .update(schema.pluginVersions)
          .set({ source: edited })
          .where(eq(schema.pluginVersions.id, versionId)),
      )
      await expect(tamper).rejects.toThrow()
      const version = await call<{ source: string }>(s, 'GET', `/${pluginId}/versions/${versionId}`)
      expect(version.body.source).toBe(strategy)
    })

    it('refuses a second plugin whose name gives the same slug', async () => {
      const s = await session()
      expect((await call(s, 'POST', '', { kind: 'scanner', name: 'Gap Up' })).status).toBe(201)
      const again = await call(s, 'POST', '', { kind: 'strategy', name: 'gap-up!' })
      expect(again.status).toBe(409)
      expect(again.body).toMatchObject({
        code: 'name_taken',
        detail: expect.stringMatching(/gap-up/),
      })
    })

    it('checks the request: names, kinds, versions, sizes, cursors', async () => {
      const s = await session()
      const { pluginId } = await storePlugin(edge().app, s.headers, {
        kind: 'scanner',
        source: scanner,
      })
      const cases: [string, string, unknown, string][] = [
        ['POST', '', { kind: 'indicator', name: 'x' }, 'kind'],
        ['POST', '', { kind: 'scanner', name: '   ' }, 'name'],
        ['POST', '', { kind: 'scanner', name: '—·—' }, 'name'],
        ['POST', '', { kind: 'scanner', name: 'x'.repeat(65) }, 'name'],
        ['POST', '/validate', { source: '' }, 'source'],
        ['POST', `/${pluginId}/versions`, { source: scanner, version: 'v1' }, 'version'],
        ['GET', '?cursor=bm9wZQ', undefined, 'cursor'],
        ['GET', '/not-an-id', undefined, 'pluginId'],
      ]
      for (const [method, path, body, field] of cases) {
        const res = await call(s, method, path, body)
        expect([path, res.status, res.body.code]).toEqual([path, 400, 'validation_failed'])
        expect(res.body.errors?.map((e) => e.path)).toContain(field)
      }
      const huge = await call(s, 'POST', '/validate', { source: `//${'x'.repeat(300_000)}` })
      expect([huge.status, huge.body.code]).toEqual([400, 'validation_failed'])
      const enormous = await edge().app.request('/api/v1/plugins/validate', {
        method: 'POST',
        headers: { ...s.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ source: '\u0001'.repeat(1_000_000) }),
      })
      expect(enormous.status).toBe(413)
    })
  },
  {},
  { core: true },
)

describeEdge('/api/v1/plugins — core unreachable', (edge) => {
  it('answers 503 with a clear message when the compiler cannot be reached', async () => {
    const s = await testSession(edge().handle.db, edge().config)
    const created = await callJson<{ id: string }>(edge().app, 'POST', '/api/v1/plugins', {
      headers: s.headers,
      body: { kind: 'scanner', name: 'Waiting' },
    })
    for (const path of [
      '/api/v1/plugins/validate',
      `/api/v1/plugins/${created.body.id}/versions`,
    ]) {
      const res = await callJson<Problem>(edge().app, 'POST', path, {
        headers: s.headers,
        body: { source: scanner },
      })
      expect(res.status).toBe(503)
      expect(res.body).toMatchObject({
        code: 'service_unavailable',
        detail:
          'The plugin compiler (the core engine) is not reachable right now; try again shortly.',
      })
    }
    // Logged for the operator, never shown to the user.
    expect(edge().errors.length).toBeGreaterThanOrEqual(2)
  })
})

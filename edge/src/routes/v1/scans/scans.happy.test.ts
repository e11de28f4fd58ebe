import { schema } from '@vm-algo/db'
import { eq } from 'drizzle-orm'
import { beforeAll, expect, it } from 'vitest'
import {
  callJson,
  describeEdge,
  examplePlugin,
  storePlugin,
  type TestSession,
  testSession,
} from '../../../testing/harness.ts'

interface Scan {
  id: string
  name: string
  kind: 'expression' | 'plugin'
  expression: string | null
  pluginVersionId: string
  universe: string[]
  timeframe: string
  schedule: string | null
  enabled: boolean
}
interface Page<T> {
  items: T[]
  nextCursor: string | null
}

describeEdge(
  '/api/v1/scans: live scans',
  (edge) => {
    let pro: TestSession
    beforeAll(async () => {
      pro = await testSession(edge().handle.db, edge().config, { tier: 'pro' })
    })
    const call = <T>(method: string, path: string, body?: unknown, s = pro) =>
      callJson<T>(edge().app, method, `/api/v1/scans${path}`, { headers: s.headers, body })
    const versionRow = async (id: string) =>
      (
        await edge()
          .handle.db.select()
          .from(schema.pluginVersions)
          .where(eq(schema.pluginVersions.id, id))
      )[0]!

    it('previews an expression: its canonical form and the scanner it becomes', async () => {
      const res = await call<{ ok: boolean; expression: string; source: string }>(
        'POST',
        '/preview',
        { expression: 'rsi(14) < 30 and close > sma(50)', universe: ['TCS'], timeframe: '15m' },
      )
      expect(res.status).toBe(200)
      expect(res.body).toMatchObject({
        ok: true,
        expression: 'RSI(14) < 30 AND close > SMA(50)',
        diagnostics: [],
      })
      expect(res.body.source).toMatch(/^import \{ .*defineScanner \} from '@vm-algo\/sdk'$/m)
      expect(res.body.source).toContain('universe: ["TCS"]')
      expect(res.body.source).toContain('const TIMEFRAME = "15m"')
    })

    it('previews problems with their positions, as the user types', async () => {
      const res = await call<{ ok: boolean; diagnostics: unknown[] }>('POST', '/preview', {
        expression: 'close > SMA(50) AND RSX(14) < 30',
      })
      expect(res.body).toEqual({
        ok: false,
        diagnostics: [
          {
            severity: 'error',
            message: 'unknown indicator "RSX" at column 21 — did you mean RSI?',
            line: 1,
            column: 21,
            length: 3,
            code: 'SCAN_EXPRESSION',
          },
        ],
      })
    })

    it('creates a scan from an expression, compiled into a hidden scanner of the workspace', async () => {
      const res = await call<Scan>('POST', '', {
        name: 'Volume spikes',
        expression: 'volume > 2 * sma(volume, 20)',
        universe: ['reliance', 'TCS', 'M&M'],
        schedule: '15:15, 09:30,09:30',
      })
      expect(res.status).toBe(201)
      expect(res.headers.get('location')).toBe(`/api/v1/scans/${res.body.id}`)
      expect(res.body).toMatchObject({
        name: 'Volume spikes',
        kind: 'expression',
        expression: 'volume > 2 * SMA(volume, 20)',
        universe: ['RELIANCE', 'TCS', 'M&M'],
        timeframe: '1d',
        schedule: '09:30,15:15',
        enabled: true,
        error: null,
        lastRunAt: null,
      })
      const version = await versionRow(res.body.pluginVersionId)
      expect(version.manifest).toMatchObject({
        kind: 'scanner',
        name: 'Volume spikes',
        universe: ['RELIANCE', 'TCS', 'M&M'],
        timeframes: ['1d'],
      })
      expect(version.compiledJs).toContain('__vmAlgoDispatch')
      expect(version.source).toContain('//   volume > 2 * SMA(volume, 20)')
      // The generated scanner is the scan's, not a plugin the user manages.
      const plugins = await callJson<Page<unknown>>(edge().app, 'GET', '/api/v1/plugins', {
        headers: pro.headers,
      })
      expect(plugins.body.items).toEqual([])
      const hidden = await callJson(edge().app, 'GET', `/api/v1/plugins/${version.pluginId}`, {
        headers: pro.headers,
      })
      expect(hidden.status).toBe(404)
    })

    it("creates a scan from a scanner plugin, with the manifest's universe and timeframe", async () => {
      const s = await testSession(edge().handle.db, edge().config, { tier: 'elite' })
      const scanner = await storePlugin(edge().app, s.headers, {
        kind: 'scanner',
        source: examplePlugin('high-52-week-scanner'),
      })
      const res = await call<Scan>(
        'POST',
        '',
        { name: '52-week highs', pluginVersionId: scanner.versionId },
        s,
      )
      expect(res.status).toBe(201)
      expect(res.body).toMatchObject({
        kind: 'plugin',
        expression: null,
        pluginVersionId: scanner.versionId,
        timeframe: '1d',
        schedule: null,
      })
      expect(res.body.universe).toHaveLength(24)
      const some = await call<Scan>(
        'POST',
        '',
        { name: 'Two', pluginVersionId: scanner.versionId, universe: ['TCS', 'INFY'] },
        s,
      )
      expect(some.body.universe).toEqual(['TCS', 'INFY'])
    })

    it('renames, pauses, reschedules and deletes a scan (and its generated scanner)', async () => {
      const { body: scan } = await call<Scan>('POST', '', {
        name: 'Crossing',
        expression: 'EMA(9) crosses above EMA(21)',
        universe: ['INFY'],
        timeframe: '5m',
      })
      const patched = await call<Scan>('PATCH', `/${scan.id}`, {
        name: 'Golden-ish cross',
        enabled: false,
        schedule: '10:00',
      })
      expect(patched.body).toMatchObject({
        name: 'Golden-ish cross',
        enabled: false,
        schedule: '10:00',
        expression: 'EMA(9) CROSSES ABOVE EMA(21)',
      })
      const cleared = await call<Scan>('PATCH', `/${scan.id}`, { schedule: null })
      expect(cleared.body).toMatchObject({ schedule: null, enabled: false })
      expect((await call<Scan>('GET', `/${scan.id}`)).body).toEqual(cleared.body)

      const { pluginId } = await versionRow(scan.pluginVersionId)
      const deleted = await edge().app.request(`/api/v1/scans/${scan.id}`, {
        method: 'DELETE',
        headers: pro.headers,
      })
      expect(deleted.status).toBe(204)
      expect((await call('GET', `/${scan.id}`)).status).toBe(404)
      const generated = await edge()
        .handle.db.select()
        .from(schema.plugins)
        .where(eq(schema.plugins.id, pluginId))
      expect(generated).toEqual([])
    })

    it('keeps the generated scanner when a backtest of it is kept', async () => {
      const { body: scan } = await call<Scan>('POST', '', {
        name: 'Backtested',
        expression: 'close > SMA(20)',
        universe: ['TCS'],
      })
      await edge()
        .handle.db.insert(schema.backtestJobs)
        .values({
          tenantId: pro.tenantId,
          pluginVersionId: scan.pluginVersionId,
          kind: 'scan_backtest',
          request: { pluginVersionId: scan.pluginVersionId },
        })
      const deleted = await edge().app.request(`/api/v1/scans/${scan.id}`, {
        method: 'DELETE',
        headers: pro.headers,
      })
      expect(deleted.status).toBe(204)
      expect((await versionRow(scan.pluginVersionId)).id).toBe(scan.pluginVersionId)
    })

    it('lists scans and their matches newest first, page by page', async () => {
      const s = await testSession(edge().handle.db, edge().config, { tier: 'pro' })
      expect((await call<Page<Scan>>('GET', '', undefined, s)).body).toEqual({
        items: [],
        nextCursor: null,
      })
      const ids: string[] = []
      for (const name of ['one', 'two', 'three']) {
        const res = await call<Scan>(
          'POST',
          '',
          { name, expression: 'close > open', universe: ['TCS', 'INFY'] },
          s,
        )
        ids.push(res.body.id)
      }
      const first = await call<Page<Scan>>('GET', '?limit=2', undefined, s)
      expect(first.body.items.map((x) => x.name)).toEqual(['three', 'two'])
      const rest = await call<Page<Scan>>(
        'GET',
        `?limit=2&cursor=${first.body.nextCursor}`,
        undefined,
        s,
      )
      expect(rest.body).toEqual({
        items: [expect.objectContaining({ name: 'one' })],
        nextCursor: null,
      })

      const day = Date.parse('2024-06-03T00:00:00+05:30')
      for (let i = 0; i < 4; i++) {
        await edge()
          .handle.db.insert(schema.scanMatches)
          .values({
            tenantId: s.tenantId,
            scanId: ids[0]!,
            symbol: i % 2 ? 'TCS' : 'INFY',
            barTime: new Date(day + i * 86_400_000),
            data: { close: 100 + i, open: 99 },
          })
      }
      const matches = await call<Page<{ symbol: string; barTime: string; data: unknown }>>(
        'GET',
        `/${ids[0]}/matches?limit=3`,
        undefined,
        s,
      )
      expect(matches.body.items.map((m) => m.barTime)).toEqual(
        [3, 2, 1].map((i) => new Date(day + i * 86_400_000).toISOString()),
      )
      expect(matches.body.items[0]!.data).toEqual({ close: 103, open: 99 })
      const older = await call<Page<unknown>>(
        'GET',
        `/${ids[0]}/matches?limit=3&cursor=${matches.body.nextCursor}`,
        undefined,
        s,
      )
      expect(older.body.items).toHaveLength(1)
      expect(older.body.nextCursor).toBeNull()
      const tcs = await call<Page<{ symbol: string }>>(
        'GET',
        `/${ids[0]}/matches?symbol=TCS`,
        undefined,
        s,
      )
      expect(tcs.body.items.map((m) => m.symbol)).toEqual(['TCS', 'TCS'])
    })
  },
  {},
  { core: true },
)

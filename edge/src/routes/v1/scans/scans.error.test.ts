import { beforeAll, expect, it } from 'vitest'
import type { Diagnostic, Problem } from '../../../errors.ts'
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
  '/api/v1/scans — errors',
  (edge) => {
    let pro: TestSession
    let scanner: StoredPlugin
    let strategy: StoredPlugin
    beforeAll(async () => {
      pro = await testSession(edge().handle.db, edge().config, { tier: 'pro' })
      scanner = await storePlugin(edge().app, pro.headers, {
        kind: 'scanner',
        source: examplePlugin('rsi-oversold-scanner'),
      })
      strategy = await storePlugin(edge().app, pro.headers, {
        kind: 'strategy',
        source: examplePlugin('sma-crossover'),
      })
    })
    const call = (method: string, path: string, body?: unknown) =>
      callJson<Problem & { diagnostics?: Diagnostic[]; id: string }>(
        edge().app,
        method,
        `/api/v1/scans${path}`,
        { headers: pro.headers, body },
      )
    const create = (body: object) => call('POST', '', { name: 'Scan', universe: ['TCS'], ...body })
    const fields = (res: Awaited<ReturnType<typeof call>>) => res.body.errors?.map((e) => e.path)

    it('answers an invalid expression with 422 and every problem at its position', async () => {
      const res = await create({ expression: 'RSX(14) < 30 AND\n  clsoe > SMA(50, 2)' })
      expect(res.status).toBe(422)
      expect(res.body).toMatchObject({
        code: 'invalid_expression',
        detail: 'unknown indicator "RSX" at column 1 — did you mean RSI?',
      })
      expect(res.body.diagnostics).toEqual([
        expect.objectContaining({ line: 1, column: 1, length: 3, code: 'SCAN_EXPRESSION' }),
        expect.objectContaining({
          line: 2,
          column: 3,
          message: 'unknown field "clsoe" at line 2, column 3 — did you mean close?',
        }),
        expect.objectContaining({
          line: 2,
          column: 19,
          message: 'too many arguments for SMA at line 2, column 19 — it takes SMA(source, period)',
        }),
      ])
      const syntax = await create({ expression: 'close > (open' })
      expect(syntax.body.diagnostics).toEqual([
        expect.objectContaining({ line: 1, column: 14, severity: 'error' }),
      ])
    })

    it('needs exactly one of expression and pluginVersionId, and a universe for an expression', async () => {
      const both = await create({ expression: 'close > open', pluginVersionId: scanner.versionId })
      expect([both.status, fields(both)]).toEqual([400, ['expression']])
      const neither = await create({})
      expect([neither.status, fields(neither)]).toEqual([400, ['expression']])
      const noUniverse = await call('POST', '', { name: 'x', expression: 'close > open' })
      expect([noUniverse.status, fields(noUniverse)]).toEqual([400, ['universe']])
    })

    it('scans only instruments it knows, within a scanner plugin’s universe and timeframes', async () => {
      const unknown = await create({ expression: 'close > open', universe: ['TCS', 'TSC'] })
      expect(unknown.status).toBe(400)
      expect(unknown.body.errors).toEqual([
        { path: 'universe.1', message: 'unknown instrument "TSC"; did you mean TCS?' },
      ])
      const outside = await create({ pluginVersionId: scanner.versionId, universe: ['NIFTY50'] })
      expect(outside.body.errors?.[0]).toMatchObject({
        path: 'universe.0',
        message: expect.stringMatching(/^"NIFTY50" is not in the plugin's universe/),
      })
      const timeframe = await create({ pluginVersionId: scanner.versionId, timeframe: '5m' })
      expect(timeframe.body.errors).toEqual([
        { path: 'timeframe', message: 'this scanner runs on 1d bars only' },
      ])
    })

    it('runs scanners only: a strategy version is a 422', async () => {
      const res = await create({ pluginVersionId: strategy.versionId })
      expect(res.status).toBe(422)
      expect(res.body).toMatchObject({
        code: 'kind_mismatch',
        detail: 'This version is a strategy; deploy strategies with POST /api/v1/deployments.',
      })
    })

    it('takes schedules as IST times within market hours', async () => {
      for (const schedule of ['08:00', '15:31', '9:30', '09:30,', 'noon']) {
        const res = await create({ expression: 'close > open', schedule })
        expect([schedule, res.status, fields(res)]).toEqual([schedule, 400, ['schedule']])
      }
      const { body: scan } = await create({ expression: 'close > open' })
      const empty = await call('PATCH', `/${scan.id}`, {})
      expect([empty.status, empty.body.code]).toEqual([400, 'validation_failed'])
      const bad = await call('PATCH', `/${scan.id}`, { schedule: '16:00' })
      expect(fields(bad)).toEqual(['schedule'])
    })
  },
  {},
  { core: true },
)

import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import type { Problem } from '../../../errors.ts'
import { callJson, describeEdge, testSession } from '../../../testing/harness.ts'
import type { Dataset } from './schemas.ts'

interface Page<T> {
  items: T[]
  nextCursor: string | null
}

const HEADER = 'timestamp,open,high,low,close,volume'
/** Real bars: the first daily rows of a bundled file. */
const bundled = readFileSync(
  new URL('../../../../../core/data/nse/daily/adjusted_2020-2025/RELIANCE_1d.csv', import.meta.url),
  'utf8',
)
  .trim()
  .split('\n')
const DAILY = [HEADER, ...bundled.slice(1, 41)].join('\n')

describeEdge(
  '/api/v1/datasets',
  (edge) => {
    const session = (tier: 'free' | 'pro' = 'free') =>
      testSession(edge().handle.db, edge().config, { tier })
    const call = <T>(
      s: { headers: Record<string, string> },
      method: string,
      path = '',
      body?: unknown,
    ) => callJson<T>(edge().app, method, `/api/v1/datasets${path}`, { headers: s.headers, body })

    it('imports a CSV, lists it without its bars, gives the file back as it came, and deletes it', async () => {
      const s = await session()
      const created = await call<Dataset>(s, 'POST', '', {
        name: 'Reliance daily',
        symbol: 'reliance',
        timeframe: '1d',
        csv: DAILY,
      })
      expect(created.status).toBe(201)
      const first = bundled[1]!.split(',')[0]!
      const last = bundled[40]!.split(',')[0]!
      expect(created.body).toMatchObject({
        name: 'Reliance daily',
        symbol: 'RELIANCE',
        timeframe: '1d',
        source: 'csv',
        rows: 40,
        firstBar: new Date(first).toISOString(),
        lastBar: new Date(last).toISOString(),
        bytes: new TextEncoder().encode(DAILY).length,
      })
      expect(created.headers.get('location')).toBe(`/api/v1/datasets/${created.body.id}`)

      const list = await call<Page<Dataset>>(s, 'GET')
      expect(list.body.items).toEqual([created.body])
      expect(JSON.stringify(list.body)).not.toContain(bundled[1]!)
      expect((await call<Dataset>(s, 'GET', `/${created.body.id}`)).body).toEqual(created.body)

      const res = await edge().app.request(`/api/v1/datasets/${created.body.id}/csv`, {
        headers: s.headers,
      })
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
      expect(await res.text()).toBe(DAILY)

      expect((await call(s, 'DELETE', `/${created.body.id}`)).status).toBe(204)
      expect((await call<Problem>(s, 'GET', `/${created.body.id}`)).body.code).toBe('not_found')
    })

    it('refuses a bad row with its line, and keeps nothing', async () => {
      const s = await session()
      const rows = DAILY.split('\n')
      const [ts, open, , low, close, volume] = rows[5]!.split(',')
      // high below low on line 6
      rows[5] = [ts, open, String(Number(low) - 1), low, close, volume].join(',')
      const res = await call<Problem>(s, 'POST', '', {
        name: 'Broken',
        symbol: 'RELIANCE',
        timeframe: '1d',
        csv: rows.join('\n'),
      })
      expect(res.status).toBe(422)
      expect(res.body).toMatchObject({
        code: 'invalid_csv',
        detail: expect.stringMatching(/^Line 6: .*Nothing was imported\.$/),
        diagnostics: [{ severity: 'error', line: 6, column: 1, message: expect.any(String) }],
      })
      const off = await call<Problem>(s, 'POST', '', {
        name: 'x',
        symbol: 'RELIANCE',
        timeframe: '1m',
        csv: DAILY,
      })
      expect(off.body).toMatchObject({ code: 'invalid_csv', diagnostics: [{ line: 2 }] })
      expect((await call<Page<Dataset>>(s, 'GET')).body.items).toEqual([])
    })

    it('validates the request, keeps names unique, and holds the plan’s limit', async () => {
      const s = await session()
      const bad = await call<Problem>(s, 'POST', '', {
        name: '',
        symbol: 'NOT A SYMBOL',
        timeframe: '2m',
        csv: '',
      })
      expect(bad.status).toBe(400)
      expect(bad.body.errors?.map((e) => e.path).sort()).toEqual([
        'csv',
        'name',
        'symbol',
        'timeframe',
      ])

      const body = (name: string) => ({ name, symbol: 'RELIANCE', timeframe: '1d', csv: DAILY })
      expect((await call(s, 'POST', '', body('one'))).status).toBe(201)
      expect((await call<Problem>(s, 'POST', '', body('one'))).body.code).toBe('conflict')
      expect((await call(s, 'POST', '', body('two'))).status).toBe(201)
      expect((await call(s, 'POST', '', body('three'))).status).toBe(201)
      const over = await call<Problem>(s, 'POST', '', body('four'))
      expect(over.status).toBe(402)
      expect(over.body).toMatchObject({
        code: 'plan_limit_reached',
        detail: expect.stringContaining('at most 3 datasets'),
      })
    })
  },
  {},
  { core: true },
)

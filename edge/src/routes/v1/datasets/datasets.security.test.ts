import { schema } from '@vm-algo/db'
import { eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import type { Problem } from '../../../errors.ts'
import {
  callJson,
  describeEdge,
  invalidCredentials,
  testSession,
} from '../../../testing/harness.ts'

const CSV = 'timestamp,open,high,low,close,volume\n2024-01-01T00:00:00+05:30,100,101,99,100.5,1000'

/*
 * A workspace's imported bars are its own: without a session nothing answers, and another
 * workspace can neither read, download nor delete them, nor tell them apart from ids that do
 * not exist.
 */
describeEdge(
  '/api/v1/datasets: security',
  (edge) => {
    const world = async () => {
      const owner = await testSession(edge().handle.db, edge().config)
      const other = await testSession(edge().handle.db, edge().config)
      const { body } = await callJson<{ id: string }>(edge().app, 'POST', '/api/v1/datasets', {
        headers: owner.headers,
        body: { name: 'Mine', symbol: 'TCS', timeframe: '1d', csv: CSV },
      })
      return { owner, other, id: body.id }
    }
    const paths = (id: string) => [
      ['GET', ''],
      ['POST', ''],
      ['GET', `/${id}`],
      ['GET', `/${id}/csv`],
      ['DELETE', `/${id}`],
    ]

    it('answers 401 without a valid session', async () => {
      const w = await world()
      for (const headers of await invalidCredentials(edge().config, w.owner)) {
        for (const [method, path] of paths(w.id)) {
          const res = await callJson<Problem>(edge().app, method!, `/api/v1/datasets${path}`, {
            headers,
            body:
              method === 'POST'
                ? { name: 'x', symbol: 'TCS', timeframe: '1d', csv: CSV }
                : undefined,
          })
          expect([method, path, res.status]).toEqual([method, path, 401])
        }
      }
    })

    it("hides another workspace's datasets: 404 like an unknown id, list empty, nothing deleted", async () => {
      const w = await world()
      const unknown = w.id.slice(0, -1) + (w.id.endsWith('0') ? '1' : '0')
      for (const id of [w.id, unknown]) {
        for (const [method, path] of paths(id).filter(([, p]) => p !== '')) {
          const res = await callJson<Problem>(edge().app, method!, `/api/v1/datasets${path}`, {
            headers: w.other.headers,
          })
          expect([method, path, res.status, res.body.code]).toEqual([
            method,
            path,
            404,
            'not_found',
          ])
        }
      }
      const list = await callJson<{ items: unknown[] }>(edge().app, 'GET', '/api/v1/datasets', {
        headers: w.other.headers,
      })
      expect(list.body.items).toEqual([])
      const rows = await edge()
        .handle.db.select()
        .from(schema.datasets)
        .where(eq(schema.datasets.id, w.id))
      expect(rows).toHaveLength(1)
    })
  },
  {},
  { core: true },
)

import { expect, it } from 'vitest'
import type { Problem } from '../../../errors.ts'
import { callJson, describeEdge, testSession } from '../../../testing/harness.ts'

describeEdge('GET /api/v1/audit — errors', (edge) => {
  const list = async (query: string) => {
    const s = await testSession(edge().handle.db, edge().config)
    return callJson<Problem>(edge().app, 'GET', `/api/v1/audit${query}`, { headers: s.headers })
  }
  const fields = (p: Problem) => (p.errors ?? []).map((e) => e.path)

  it('refuses a limit outside 1–100 or not a number, naming the field', async () => {
    for (const limit of ['0', '101', 'ten', '2.5']) {
      const { status, body } = await list(`?limit=${limit}`)
      expect(status).toBe(400)
      expect(body.code).toBe('validation_failed')
      expect(fields(body)).toEqual(['limit'])
    }
  })

  it('refuses a cursor that is not one of ours', async () => {
    for (const cursor of ['not-a-cursor!', 'MTIzYWJj', btoa('-5'), 'x'.repeat(201)]) {
      const { status, body } = await list(`?cursor=${encodeURIComponent(cursor)}`)
      expect(status).toBe(400)
      expect(fields(body)).toEqual(['cursor'])
    }
  })
})

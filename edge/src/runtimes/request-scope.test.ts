import { serveEmbedded } from '@vm-algo/db/node'
import { sql } from 'drizzle-orm'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { perRequestPostgres, requestScope } from './request-scope.ts'

describe('perRequestPostgres in requestScope', () => {
  it('gives each request a client of its own and closes it once the response is made', async () => {
    // Room for two connections: were clients left open, the third request would find it full.
    const server = await serveEmbedded({ maxConnections: 2 })
    try {
      const database = perRequestPostgres(server.url, { max: 1 })
      const app = new Hono()
      app.use(requestScope())
      app.get('/', async (c) => {
        await database.db.execute(sql`select 1`)
        return c.json({ pingMs: await database.ping() })
      })
      for (let i = 0; i < 6; i++) {
        const res = await app.request('/')
        expect(res.status).toBe(200)
        expect(await res.json()).toEqual({ pingMs: expect.any(Number) })
      }
    } finally {
      await server.stop()
    }
  })

  it('refuses to be used outside a request', () => {
    const database = perRequestPostgres('postgres://postgres@127.0.0.1:1/none', { max: 1 })
    expect(() => database.db).toThrow(/per request/)
  })
})

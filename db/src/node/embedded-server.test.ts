import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type EmbeddedServer, serveEmbedded } from './embedded-server.ts'

describe('embedded PGlite over the wire protocol', () => {
  let server: EmbeddedServer
  beforeAll(async () => {
    server = await serveEmbedded({})
  })
  afterAll(async () => {
    await server.stop()
  })

  it('keeps concurrent parameterized queries of several connections apart', async () => {
    // Each connection prepares statements of a different shape; interleaved Parse/Bind messages
    // would fail ("bind message supplies …") or return another connection's rows.
    const clients = [1, 2, 3, 4].map(() =>
      postgres(server.url, { max: 1, onnotice: () => {}, fetch_types: false, prepare: false }),
    )
    try {
      const runs = clients.flatMap((sql, c) =>
        Array.from({ length: 100 }, async (_, i) => {
          if (c % 2 === 0) {
            const [row] = await sql<{ v: number }[]>`select ${i}::int + ${c}::int as v`
            return row!.v === i + c
          }
          const [row] = await sql<{ a: string; b: string; n: number }[]>`
            select ${`a${i}`}::text as a, ${`b${c}`}::text as b, ${i * c}::int as n`
          return row!.a === `a${i}` && row!.b === `b${c}` && row!.n === i * c
        }),
      )
      const results = await Promise.all(runs)
      expect(results.filter((ok) => !ok)).toEqual([])
      expect(results).toHaveLength(400)
    } finally {
      await Promise.all(clients.map((sql) => sql.end({ timeout: 5 })))
    }
  })
})

import { serveEmbedded } from '@vm-algo/db/node'
import { describe, expect, inject, it } from 'vitest'
import { connectPostgres } from './postgres.ts'

describe('connectPostgres', () => {
  it('connects to the embedded PGlite over the wire and says so', async () => {
    const server = await serveEmbedded({})
    try {
      const database = await connectPostgres(server.url, { max: 2 })
      expect(database.driver).toBe('pglite')
      expect(await database.ping()).toBeGreaterThanOrEqual(0)
      await database.close()
    } finally {
      await server.stop()
    }
  })

  it.skipIf(!inject('testDatabaseUrl'))('connects to PostgreSQL and says so', async () => {
    const database = await connectPostgres(inject('testDatabaseUrl')!, { max: 1 })
    expect(database.driver).toBe('postgres')
    expect(await database.ping()).toBeGreaterThanOrEqual(0)
    await database.close()
  })

  it('fails at once on a database it cannot reach, without repeating the URL', async () => {
    const start = connectPostgres('postgres://vm:s3cret@127.0.0.1:1/nowhere', { max: 1 })
    await expect(start).rejects.toThrow('cannot connect to the database: ECONNREFUSED')
    await expect(start).rejects.not.toThrow(/s3cret/)
  })
})

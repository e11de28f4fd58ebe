import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'

export interface EmbeddedServer {
  url: string
  stop(): Promise<void>
}

/**
 * Serves one PGlite database over the PostgreSQL wire protocol, so the edge and the core —
 * separate processes — share the embedded database through the same postgres.js code path as
 * a real server. PGlite is a single backend: connections are multiplexed one transaction at a
 * time, so callers keep transactions short and never wait on another connection inside one.
 */
export async function serveEmbedded(options: {
  dataDir?: string
  host?: string
  port?: number
  maxConnections?: number
}): Promise<EmbeddedServer> {
  const dataDir = options.dataDir ? resolve(options.dataDir) : undefined
  if (dataDir) mkdirSync(dataDir, { recursive: true })
  const db = await PGlite.create(dataDir ? { dataDir } : {})
  const host = options.host ?? '127.0.0.1'
  const server = new PGLiteSocketServer({
    db,
    host,
    port: options.port ?? 0,
    maxConnections: options.maxConnections ?? 32,
  })
  await server.start()
  const port = boundPort(server, options.port ?? 0)
  return {
    url: `postgres://postgres@${host}:${port}/postgres`,
    async stop() {
      await server.stop()
      await db.close()
    },
  }
}

function boundPort(server: PGLiteSocketServer, requested: number): number {
  // pglite-socket keeps its net.Server private; read the OS-assigned port when asked for 0.
  const inner = (server as unknown as { server?: { address(): { port: number } | null } }).server
  return inner?.address()?.port ?? requested
}

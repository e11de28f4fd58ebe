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
  keepExtendedQueriesTogether(server)
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

interface QueuedMessage {
  handlerId: number
  message: Uint8Array
  resolve(bytes: number): void
  reject(error: unknown): void
  onData(data: Uint8Array): void
}
interface QueryQueue {
  queue: QueuedMessage[]
  processing: boolean
  lastHandlerId: number | null
  db: PGlite
  processQueue(): Promise<void>
  clearQueueForHandler(handlerId: number): void
}

// Extended-protocol messages: Parse, Bind, Describe, Execute, Close, Flush. Sync or a simple
// Query ends the exchange.
const EXTENDED = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48])
const SYNC = 0x53
const QUERY = 0x51

/**
 * pglite-socket 0.2.17 queues each protocol message on its own and keeps one connection's
 * turn only inside an SQL transaction, so two connections' Parse/Bind/Execute can interleave
 * on the single backend: "bind message supplies 1 parameters, but prepared statement requires
 * 3", or silently wrong rows (electric-sql/pglite#1046, fix pending in #977). This keeps a
 * connection's turn from its first extended-protocol message until its Sync, as a real
 * server's per-connection backend would.
 */
function keepExtendedQueriesTogether(server: PGLiteSocketServer): void {
  const q = (server as unknown as { queryQueue: QueryQueue }).queryQueue
  let pinned: number | null = null
  q.processQueue = async function processQueue(this: QueryQueue) {
    if (this.processing || this.queue.length === 0) return
    this.processing = true
    while (this.queue.length > 0) {
      const owner = this.db.isInTransaction() && this.lastHandlerId ? this.lastHandlerId : pinned
      const index = owner === null ? 0 : this.queue.findIndex((m) => m.handlerId === owner)
      // The owner's next message has not arrived yet: it will restart the queue when it does.
      if (index === -1) break
      const [item] = this.queue.splice(index, 1) as [QueuedMessage]
      let bytes = 0
      try {
        await this.db.runExclusive(() =>
          this.db.execProtocolRawStream(item.message, {
            onRawData: (data: Uint8Array) => {
              bytes += data.length
              item.onData(data)
            },
          }),
        )
      } catch (error) {
        item.reject(error)
        pinned = null
        continue
      }
      const type = item.message[0]!
      if (type === SYNC || type === QUERY) pinned = null
      else if (EXTENDED.has(type)) pinned = item.handlerId
      this.lastHandlerId = item.handlerId
      item.resolve(bytes)
    }
    this.processing = false
  }
  const clear = q.clearQueueForHandler.bind(q)
  q.clearQueueForHandler = (handlerId: number) => {
    clear(handlerId)
    if (pinned === handlerId) {
      pinned = null
      void q.processQueue()
    }
  }
}

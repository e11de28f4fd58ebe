import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeEdgeAnswer {
  status: number
  body: unknown
}

export interface FakeEdge {
  url: string
  /** What `GET /api/v1/health` answers from now on. */
  setHealth(answer: FakeEdgeAnswer): void
  close(): Promise<void>
}

/**
 * A stand-in for the edge: a real HTTP server that serves a health document chosen by the test,
 * and echoes any other request back as JSON so the proxy's forwarding can be checked.
 */
export async function startFakeEdge(initial: FakeEdgeAnswer): Promise<FakeEdge> {
  let health = initial
  const server = createServer(async (req, res) => {
    if (req.method === 'GET' && req.url === '/api/v1/health') {
      res.writeHead(health.status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(health.body))
      return
    }
    const echo = {
      method: req.method,
      url: req.url,
      headers: req.headers,
      body: await readBody(req),
    }
    res.writeHead(201, { 'content-type': 'application/json', 'x-edge': 'fake' })
    res.end(JSON.stringify(echo))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    setHealth: (answer) => {
      health = answer
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

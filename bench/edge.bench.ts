import { mkdtempSync, rmSync } from 'node:fs'
import { Agent, get } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads'
import { type Benchmark, percentile, result } from './harness.ts'

// Pro tenants (500 requests a minute each), taken in turn: every request passes a real limiter
// decision, and the run stays far inside the budget (a 429 fails the benchmark).
const TENANTS = 64
const CONNECTIONS = 8
const WARMUP_MS = 700
const MEASURE_MS = 3000

interface LoadOptions {
  url: string
  tokens: string[]
  connections: number
  warmupMs: number
  measureMs: number
}

interface Load {
  perSecond: number
  latenciesMs: number[]
  statuses: Record<string, number>
}

/**
 * What the edge's request path costs: an authenticated, rate-limited `GET /api/v1/me` (token
 * check, live session read, per-tenant limit, a tenant-scoped transaction) on the Node server
 * with its embedded PGlite, against a bare Hono route answering JSON on the same server
 * stack. Both over loopback HTTP with keep-alive connections from a load generator on a thread
 * of its own.
 */
export const benchmarks: Benchmark[] = [
  {
    name: 'edge.auth_rps',
    description: `GET /api/v1/me (auth + rate limit + PGlite) vs a bare Hono JSON route, ${CONNECTIONS} keep-alive connections`,
    async run() {
      const dir = mkdtempSync(join(tmpdir(), 'vm-algo-bench-edge-'))
      try {
        const { edgeUrl, bareUrl, tokens, close } = await startServers(dir)
        try {
          const baseline = await load({ url: `${bareUrl}/ping`, tokens: [] })
          const edge = await load({ url: `${edgeUrl}/api/v1/me`, tokens })
          const ms = (n: number) => Math.round(n * 100) / 100
          return result(edge.perSecond, 'requests/s', baseline.perSecond, {
            p50_ms: ms(percentile(edge.latenciesMs, 50)),
            p99_ms: ms(percentile(edge.latenciesMs, 99)),
            baseline_p50_ms: ms(percentile(baseline.latenciesMs, 50)),
            baseline_p99_ms: ms(percentile(baseline.latenciesMs, 99)),
            connections: CONNECTIONS,
            seconds: MEASURE_MS / 1000,
          })
        } finally {
          await close()
        }
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  },
]

/** The edge (startEdge, PGlite under `dir`) with signed-in pro tenants, and the bare route. */
async function startServers(dir: string) {
  // Imported here, not at the top: the load generator's thread loads this file too.
  const [{ serve }, { Hono }, dbNode, { loadEdgeConfig }, { startEdge }, harness] =
    await Promise.all([
      import('@hono/node-server'),
      import('hono'),
      import('@vm-algo/db/node'),
      import('@vm-algo/edge'),
      import('@vm-algo/edge/node'),
      import('../edge/src/testing/harness.ts'),
    ])
  const env = { ...harness.TEST_SECRETS, DATA_DIR: dir, EDGE_HOST: '127.0.0.1', EDGE_PORT: '0' }
  const seed = await dbNode.openDatabase({ pglite: { dataDir: dbNode.pgliteDir(dir) } })
  await dbNode.migrateDatabase(seed)
  const tokens: string[] = []
  for (let i = 0; i < TENANTS; i++) {
    tokens.push((await harness.testSession(seed.db, loadEdgeConfig(env), { tier: 'pro' })).token)
  }
  await seed.close()

  const edge = await startEdge(env)
  const bare = new Hono().get('/ping', (c) => c.json({ ok: true, at: Date.now() }))
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: bare.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('bare server has no port')
  return {
    edgeUrl: edge.url,
    bareUrl: `http://127.0.0.1:${address.port}`,
    tokens,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await edge.close()
    },
  }
}

/** Runs the load generator on a worker thread; fails unless every answer was 200. */
async function load(target: { url: string; tokens: string[] }): Promise<Load> {
  const options: LoadOptions = {
    ...target,
    connections: CONNECTIONS,
    warmupMs: WARMUP_MS,
    measureMs: MEASURE_MS,
  }
  const worker = new Worker(new URL(import.meta.url), { workerData: { edgeBenchLoad: options } })
  const outcome = await new Promise<Load>((resolve, reject) => {
    worker.once('message', resolve)
    worker.once('error', reject)
  })
  await worker.terminate()
  const other = Object.keys(outcome.statuses).filter((status) => status !== '200')
  if (other.length) {
    throw new Error(`${target.url} answered other than 200: ${JSON.stringify(outcome.statuses)}`)
  }
  return outcome
}

/** `connections` loops, each one request at a time on its own keep-alive socket. */
async function generateLoad(options: LoadOptions): Promise<Load> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections })
  const request = (token: string | undefined) =>
    new Promise<number>((resolve, reject) => {
      const headers = token ? { authorization: `Bearer ${token}` } : {}
      get(options.url, { agent, headers }, (res) => {
        res.resume()
        res.once('end', () => resolve(res.statusCode ?? 0))
      }).once('error', reject)
    })
  const latenciesMs: number[] = []
  const statuses: Record<string, number> = {}
  let sent = 0
  const measureFrom = performance.now() + options.warmupMs
  const end = measureFrom + options.measureMs
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      while (performance.now() < end) {
        const token = options.tokens.length
          ? options.tokens[sent % options.tokens.length]
          : undefined
        sent += 1
        const start = performance.now()
        const status = await request(token)
        if (start < measureFrom) continue
        latenciesMs.push(performance.now() - start)
        statuses[status] = (statuses[status] ?? 0) + 1
      }
    }),
  )
  agent.destroy()
  const seconds = (performance.now() - measureFrom) / 1000
  return { perSecond: latenciesMs.length / seconds, latenciesMs, statuses }
}

if (!isMainThread && workerData?.edgeBenchLoad) {
  parentPort?.postMessage(await generateLoad(workerData.edgeBenchLoad as LoadOptions))
}

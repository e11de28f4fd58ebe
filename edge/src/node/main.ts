import { ConfigError } from '@vm-algo/db'
import { startEdge } from './server.ts'

// Entry point: `node edge/src/node/main.ts`. Started by scripts/start.ts with the platform.
try {
  const edge = await startEdge(process.env)
  console.log(`[edge] listening on ${edge.url}`)
  const stop = async () => {
    await edge.close()
    process.exit(0)
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
} catch (error) {
  console.error(error instanceof ConfigError ? `[edge] ${error.message}` : error)
  process.exit(1)
}

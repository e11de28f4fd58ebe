import { startEdge } from '@vm-algo/edge/node'
import { describeRuntime } from '../runtime.ts'

describeRuntime('the edge on Node (startEdge, @hono/node-server)', async (environment) => {
  const edge = await startEdge({
    ...environment.env,
    ...environment.redis('node'),
    EDGE_HOST: '127.0.0.1',
    EDGE_PORT: '0',
  })
  return { url: edge.url, stop: () => edge.close() }
})

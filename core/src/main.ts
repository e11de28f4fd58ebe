import { ConfigError } from '@vm-algo/db'
import { startCore } from './start.ts'

// Entry point: `node --no-node-snapshot core/src/main.ts` (isolated-vm needs the flag).
try {
  const core = await startCore(process.env)
  const symbols = core.feed?.status().symbols.join(', ') ?? 'none'
  console.log(`[core] listening on ${core.url}; replay feed: ${symbols}`)
  const stop = async () => {
    await core.close()
    process.exit(0)
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
} catch (error) {
  console.error(
    error instanceof ConfigError || (error instanceof Error && error.name === 'UnknownSymbolError')
      ? `[core] ${error.message}`
      : error,
  )
  process.exit(1)
}

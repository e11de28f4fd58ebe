// A job runner in a child process, killed by recovery.test.ts in the middle of a job, as a
// crashed engine would be. Usage: node runner-child.ts <database url> <tenant id> <lease ms>
import { openDatabase } from '@vm-algo/db/node'
import { createJobRunner } from '../runner.ts'
import { jobRow, waitFor } from './helpers.ts'
import { trendHandler } from './trend-handler.ts'

const [url, tenantId, lease] = process.argv.slice(2)
// One connection: see jobsDatabase in database.ts (pglite-socket and concurrent connections).
const handle = await openDatabase({ url: url!, poolMax: 1 })
const leaseMs = Number(lease)
const runner = createJobRunner({
  db: handle.db,
  workerId: `child:${process.pid}`,
  scope: { tenantIds: [tenantId!] },
  leaseMs,
  heartbeatMs: Math.floor(leaseMs / 4),
  pollMs: 20,
  progressEveryMs: 10,
  handlers: {
    backtest: trendHandler({
      // Halfway through the first job, once its progress is stored: say so, then hang.
      beforeStep: async (step, job) => {
        if (step < 2) return
        await waitFor(
          () => jobRow(handle.db, job.id),
          (row) => row.progress > 0,
        )
        process.stdout.write(`halfway ${job.id}\n`)
        await new Promise(() => {})
      },
    }),
  },
})
await runner.start()
process.stdout.write('ready\n')

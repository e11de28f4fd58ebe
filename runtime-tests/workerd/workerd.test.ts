import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { schema } from '@vm-algo/db'
import { openDatabase } from '@vm-algo/db/node'
import { seedTenant } from '@vm-algo/db/testing'
import { eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { baseEnv, freePort, ROOT, spawnRuntime } from '../process.ts'
import { describeRuntime } from '../runtime.ts'
import { writeWranglerConfig } from './config.ts'

const WRANGLER = join(ROOT, 'node_modules/wrangler/bin/wrangler.js')

describeRuntime(
  'the edge on Cloudflare Workers (wrangler dev, workerd)',
  async (environment) => {
    const scratch = mkdtempSync(join(tmpdir(), 'vm-algo-workerd-'))
    const removeScratch = () => rmSync(scratch, { recursive: true, force: true })
    try {
      const config = await writeWranglerConfig(scratch, {
        ...environment.env,
        ...environment.redis('upstash'),
      })
      const [port, inspectorPort] = [await freePort(), await freePort()]
      const edge = await spawnRuntime({
        name: 'wrangler dev (workerd)',
        installed: WRANGLER,
        command: process.execPath,
        // Local only: no login, no remote bindings, no metrics, no update check, no Request.cf
        // download, no file watching; its config, state and logs in the scratch directory.
        args: [
          WRANGLER,
          'dev',
          '--config',
          config,
          '--local',
          '--ip',
          '127.0.0.1',
          '--port',
          String(port),
          '--inspector-port',
          String(inspectorPort),
          '--persist-to',
          join(scratch, 'state'),
          '--show-interactive-dev-session=false',
          '--test-scheduled', // GET /__scheduled runs the Cron Trigger
        ],
        env: {
          ...baseEnv(),
          XDG_CONFIG_HOME: scratch,
          WRANGLER_SEND_METRICS: 'false',
          WRANGLER_SEND_ERROR_REPORTS: 'false',
          WRANGLER_HIDE_BANNER: 'true',
          WRANGLER_CI_DISABLE_CONFIG_WATCHING: 'true',
          CLOUDFLARE_CF_FETCH_ENABLED: 'false',
        },
        ready: /Ready on (http:\/\/\S+)/,
        timeoutMs: 60_000,
      })
      return {
        ...edge,
        async stop() {
          await edge.stop()
          removeScratch()
        },
      }
    } catch (error) {
      removeScratch()
      throw error
    }
  },
  (running) => {
    it('ends lapsed billing grace periods from its Cron Trigger', async () => {
      const { edge, environment } = running()
      const handle = await openDatabase({ url: environment.env.DATABASE_URL!, poolMax: 1 })
      try {
        const { tenantId } = await seedTenant(handle.db, { tier: 'pro' })
        await handle.db.insert(schema.subscriptions).values({
          tenantId,
          stripeSubscriptionId: `sub_${randomUUID()}`,
          tier: 'pro',
          status: 'past_due',
          graceUntil: new Date(Date.now() - 60_000),
        })
        const cron = await fetch(`${edge.url}/__scheduled?cron=${encodeURIComponent('* * * * *')}`)
        expect(cron.status).toBe(200)
        // The sweep runs in waitUntil, after the answer.
        const tierNow = async () =>
          (
            await handle.db
              .select({ tier: schema.tenants.tier })
              .from(schema.tenants)
              .where(eq(schema.tenants.id, tenantId))
          )[0]?.tier
        await expect.poll(tierNow, { timeout: 10_000 }).toBe('free')
      } finally {
        await handle.close()
      }
    })
  },
)

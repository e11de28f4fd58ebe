/**
 * The README's first command, for real: `npm start` brings up the embedded database, the core,
 * the edge and the web app; the app answers; Ctrl-C stops everything; data survives a restart.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { newId } from '@vm-algo/db'
import postgres from 'postgres'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { freePort } from './lib/ports.ts'

const root = fileURLToPath(new URL('..', import.meta.url))

interface Platform {
  child: ChildProcess
  output: () => string
  appUrl: string
  dbUrl: string | undefined
}

async function startPlatform(dataDir: string, databaseUrl: string | null): Promise<Platform> {
  const [port, edgePort, corePort] = [await freePort(), await freePort(), await freePort()]
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: String(port),
    EDGE_PORT: String(edgePort),
    CORE_PORT: String(corePort),
    DATA_DIR: dataDir,
    // On the run's shared PostgreSQL database this core must not take other suites' jobs.
    JOB_CONCURRENCY: '0',
  }
  delete env.DATABASE_URL
  if (databaseUrl) env.DATABASE_URL = databaseUrl
  const child = spawn(process.execPath, ['scripts/start.ts'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (d) => {
    output += d
  })
  child.stderr.on('data', (d) => {
    output += d
  })
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`platform did not start:\n${output}`)), 90_000)
    const check = () => {
      if (output.includes('vm-algo is running')) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout.on('data', check)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`platform exited with ${code}:\n${output}`))
    })
  })
  const dbUrl = output.match(/served at (postgres:\/\/\S+)/)?.[1]
  return { child, output: () => output, appUrl: `http://127.0.0.1:${port}`, dbUrl }
}

function stop(platform: Platform): Promise<number | null> {
  return new Promise((resolve) => {
    platform.child.once('exit', (code) => resolve(code))
    platform.child.kill('SIGINT')
  })
}

describe('npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vm-algo-start-'))
  const databaseUrl = inject('testDatabaseUrl')
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it('serves the app and the health API, stops on Ctrl-C, and keeps data across restarts', async () => {
    const first = await startPlatform(dataDir, databaseUrl)
    const tenantId = newId('tenant')
    try {
      const page = await fetch(first.appUrl)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('vm-algo')

      const res = await fetch(`${first.appUrl}/api/v1/health`)
      const health = (await res.json()) as {
        status: string
        checks: {
          database: { status: string; driver: string }
          core: { status: string; feed: { symbols: string[]; state: string } }
        }
      }
      expect(res.status).toBe(200)
      expect(health.status).toBe('ok')
      expect(health.checks.database).toMatchObject({
        status: 'ok',
        driver: databaseUrl ? 'postgres' : 'pglite',
      })
      expect(health.checks.core.feed).toMatchObject({
        state: 'running',
        symbols: ['NIFTY50', 'BANKNIFTY'],
      })

      const sql = postgres((databaseUrl ?? first.dbUrl)!, { max: 1, onnotice: () => {} })
      await sql`insert into tenants (id, name, slug) values (${tenantId}, 'Persisted', ${tenantId.toLowerCase()})`
      await sql.end()
    } finally {
      expect(await stop(first)).toBe(0)
    }
    expect(first.output()).toContain('vm-algo: stopped')

    const second = await startPlatform(dataDir, databaseUrl)
    try {
      const sql = postgres((databaseUrl ?? second.dbUrl)!, { max: 1, onnotice: () => {} })
      const rows = await sql`select name from tenants where id = ${tenantId}`
      await sql.end()
      expect(rows.map((r) => r.name)).toEqual(['Persisted'])
    } finally {
      expect(await stop(second)).toBe(0)
    }
  })

  it('refuses a bad setting at start-up, naming it', async () => {
    const child = spawn(process.execPath, ['scripts/start.ts'], {
      cwd: root,
      env: { ...process.env, EDGE_PORT: 'not-a-port' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (d) => {
      output += d
    })
    child.stderr.on('data', (d) => {
      output += d
    })
    const code = await new Promise((resolve) => child.once('exit', resolve))
    expect(code).toBe(1)
    expect(output).toMatch(/Invalid configuration:\n\s+EDGE_PORT: .*\(got "not-a-port"\)/)
    expect(output).not.toMatch(/\.ts:\d+/)
  })
})

import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import postgres from 'postgres'
import { freePort } from './app-server.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
// The repo's Node 24, as `npm start` uses.
const NODE = join(ROOT, 'node_modules', '.bin', 'node')
const START_TIMEOUT_MS = 90_000

export interface RunningPlatform {
  /** The web app, as the browser reaches it (checkout returns here too). */
  appUrl: string
  /** The database the platform uses: the embedded PGlite's wire address, or `databaseUrl`. */
  databaseUrl: string
  /** Everything the platform printed so far (for failure messages). */
  output(): string
  stop(): Promise<void>
}

/**
 * The whole platform as `npm start` runs it — database, core, edge, local test Stripe and the
 * built app — on free ports with its own temporary DATA_DIR, removed on stop. Uses the
 * embedded PGlite unless `databaseUrl` is given; then a database of its own on that server,
 * dropped on stop: its engine runs every tenant's deployments and scans, and must not pick up
 * the rows other test files create in the shared test database.
 */
export async function startPlatform(
  options: {
    databaseUrl?: string | null
    /** More settings for every process, e.g. KITE_API_ROOT of a local Kite. */
    env?: Record<string, string>
  } = {},
) {
  const own = options.databaseUrl ? await ownDatabase(options.databaseUrl) : null
  const dataDir = mkdtempSync(join(tmpdir(), 'vm-algo-journey-'))
  const [port, edgePort, corePort] = [await freePort(), await freePort(), await freePort()]
  const appUrl = `http://127.0.0.1:${port}`
  const env: Record<string, string | undefined> = {
    ...process.env,
    PORT: String(port),
    EDGE_PORT: String(edgePort),
    CORE_PORT: String(corePort),
    DATA_DIR: dataDir,
    // The browser's origin: sign-in checks it, and checkout and the portal return to it.
    CORS_ORIGINS: appUrl,
    PUBLIC_URL: appUrl,
    DATABASE_URL: own?.url,
    // Always the local test Stripe, whatever the machine has configured.
    STRIPE_SECRET_KEY: undefined,
    // Each platform is a deployment of its own: on the shared Redis (REDIS_URL) the journeys
    // running side by side would otherwise share one sign-up budget for 127.0.0.1 (10 a
    // minute), and a sign-up past it answers 429 and never reaches the security page.
    RATE_LIMIT_PREFIX: `vm-algo-e2e:${process.pid}:${port}`,
    ...options.env,
  }
  const child = spawn(NODE, ['scripts/start.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  child.stderr.on('data', (chunk) => (output += chunk))
  const stop = async () => {
    await stopProcess(child)
    rmSync(dataDir, { recursive: true, force: true })
    await own?.drop()
  }
  try {
    await waitForOutput(child, 'vm-algo is running', () => output)
  } catch (error) {
    await stop()
    throw error
  }
  const databaseUrl = own?.url ?? output.match(/served at (postgres:\/\/\S+)/)?.[1]
  if (!databaseUrl) throw new Error(`no database address in the platform's output:\n${output}`)
  return { appUrl, databaseUrl, output: () => output, stop } satisfies RunningPlatform
}

async function ownDatabase(base: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `vmalgo_platform_${Date.now()}_${process.pid}`
  const admin = postgres(base, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name}`)
  const url = new URL(base)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`)
      await admin.end({ timeout: 5 })
    },
  }
}

function waitForOutput(child: ChildProcess, line: string, output: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the platform did not start in time:\n${output()}`)),
      START_TIMEOUT_MS,
    )
    const check = () => {
      if (!output().includes(line)) return
      clearTimeout(timer)
      resolve()
    }
    child.stdout?.on('data', check)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the platform exited with ${code}:\n${output()}`))
    })
  })
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    // Ctrl-C: the launcher stops its services and the embedded database cleanly.
    child.kill('SIGINT')
  })
}

import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

const SERVER_ENTRY = fileURLToPath(new URL('../.output/server/index.mjs', import.meta.url))
// The repo's Node 24: @solidjs/start 2 needs it, and the machine's own node is older.
const NODE = fileURLToPath(new URL('../../node_modules/.bin/node', import.meta.url))

export interface RunningApp {
  url: string
  stop(): Promise<void>
}

/** Starts the built app (`.output/server/index.mjs`) on a free port and waits until it answers. */
export async function startBuiltApp(env: { EDGE_URL: string }): Promise<RunningApp> {
  if (!existsSync(SERVER_ENTRY)) {
    throw new Error(
      `${SERVER_ENTRY} is missing: build the app first with \`npm run build -w @vm-algo/app\``,
    )
  }
  const port = await freePort()
  const child = spawn(NODE, [SERVER_ENTRY], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk) => (output += chunk))
  child.stderr?.on('data', (chunk) => (output += chunk))
  const url = `http://127.0.0.1:${port}`
  await waitUntilServing(url, child, () => output)
  return { url, stop: () => stopProcess(child) }
}

/** A port nothing listens on right now (the OS picks it, then it is released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      )
    })
  })
}

async function waitUntilServing(url: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 15_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`app server exited with code ${child.exitCode}:\n${output()}`)
    }
    const answered = await fetch(`${url}/_build/`, { signal: AbortSignal.timeout(1_000) }).then(
      () => true,
      () => false,
    )
    if (answered) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  child.kill()
  throw new Error(`app server did not answer at ${url} within 15 s:\n${output()}`)
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

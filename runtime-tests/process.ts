import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

/** The repository root: runtimes start from there, as `npm ci` left it. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url))

export interface RuntimeProcess {
  /** Where the edge answers, from the runtime's "listening"/"ready" line. */
  url: string
  /** Everything the process printed so far (the last 20,000 characters). */
  output(): string
  /** Ends the whole process group (the runtime and anything it started), then waits for it. */
  stop(): Promise<void>
}

export interface SpawnOptions {
  name: string
  /** The runtime's own file (binary or script); missing means it is not installed. */
  installed: string
  command: string
  args: string[]
  env: Record<string, string>
  /** Matches the line that says the edge is ready; its first group is the URL. */
  ready: RegExp
  timeoutMs?: number
}

const KEEP_OUTPUT = 20_000

/**
 * Starts a runtime in a process group of its own, waits for its ready line and returns its
 * URL. Fails with the process's output when it exits or stays silent first, and with a clear
 * message when the runtime is not installed — never skips.
 */
export async function spawnRuntime(options: SpawnOptions): Promise<RuntimeProcess> {
  if (!existsSync(options.installed)) {
    throw new Error(
      `${options.name} is not installed here (${options.installed} is missing): run \`npm ci\`, which installs it.`,
    )
  }
  const child = spawn(options.command, options.args, {
    cwd: ROOT,
    env: options.env,
    detached: true, // its own process group, so stop() reaches workerd and other grandchildren
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const collect = (chunk: Buffer) => {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes
    output = (output + chunk.toString('utf8').replace(/\x1b\[[0-9;]*m/g, '')).slice(-KEEP_OUTPUT)
  }
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  // Should this test process end without stop() (a crash, a killed run), take the group along.
  const killOnExit = () => signalGroup(child, 'SIGKILL')
  process.once('exit', killOnExit)
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      process.off('exit', killOnExit)
      resolve()
    }),
  )
  const stop = () => stopGroup(child, exited)

  const timeoutMs = options.timeoutMs ?? 45_000
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${options.name} was not ready after ${timeoutMs} ms`)),
        timeoutMs,
      )
      const check = () => {
        const match = options.ready.exec(output)
        if (match?.[1]) {
          clearTimeout(timer)
          resolve(match[1])
        }
      }
      child.stdout?.on('data', check)
      child.stderr?.on('data', check)
      child.once('error', (error) => {
        clearTimeout(timer)
        reject(new Error(`${options.name} did not start: ${error.message}`))
      })
      child.once('exit', (code, signal) => {
        clearTimeout(timer)
        reject(
          new Error(`${options.name} exited (${signal ?? `code ${code}`}) before it was ready`),
        )
      })
    })
    return { url, output: () => output, stop }
  } catch (error) {
    await stop()
    throw new Error(`${(error as Error).message}. Its output:\n${output.slice(-4000)}`)
  }
}

async function stopGroup(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.pid === undefined) return
  if (child.exitCode === null && child.signalCode === null) {
    signalGroup(child, 'SIGTERM')
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))])
  }
  // Whatever is left — a runtime that ignored SIGTERM, children of one that died — goes anyway.
  signalGroup(child, 'SIGKILL')
  await exited
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    // the group is gone already
  }
}

/** A TCP port free on 127.0.0.1 right now, for runtimes that must be told one (wrangler). */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  if (!address || typeof address === 'string') throw new Error('no free port')
  return address.port
}

/** PATH and HOME for a child, and nothing else of this process's environment. */
export function baseEnv(): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    NO_COLOR: '1',
  }
}

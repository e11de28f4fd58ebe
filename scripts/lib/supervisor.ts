import { type ChildProcess, spawn } from 'node:child_process'

export interface ServiceSpec {
  name: string
  args: string[]
  env: Record<string, string | undefined>
  cwd?: string
}

export interface Supervised {
  name: string
  alive(): boolean
  stop(): Promise<void>
}

const MAX_RESTARTS = 5

/**
 * Runs a Node service as a child process with the same Node binary, prefixes its output with
 * its name, and restarts it with backoff if it dies on its own (a crash must not take the
 * whole platform down); gives up after a few quick failures and says why.
 */
export function supervise(spec: ServiceSpec, log: (line: string) => void): Supervised {
  let child: ChildProcess | undefined
  let stopping = false
  let restarts = 0
  let startedAt = 0

  const start = () => {
    startedAt = Date.now()
    child = spawn(process.execPath, spec.args, {
      cwd: spec.cwd,
      env: spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const prefix = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n'))
        if (line.trim()) log(`[${spec.name}] ${line.replace(/^\[\w+\] /, '')}`)
    }
    child.stdout?.on('data', prefix)
    child.stderr?.on('data', prefix)
    child.on('exit', (code, signal) => {
      if (stopping) return
      // A service that stayed up a minute earns a fresh restart budget.
      if (Date.now() - startedAt > 60_000) restarts = 0
      if (restarts >= MAX_RESTARTS) {
        log(`[${spec.name}] exited (${signal ?? code}) ${restarts} times; not restarting`)
        return
      }
      restarts++
      const delay = 250 * 2 ** restarts
      log(`[${spec.name}] exited (${signal ?? code}); restarting in ${delay} ms`)
      setTimeout(() => !stopping && start(), delay)
    })
  }
  start()

  return {
    name: spec.name,
    alive: () => !!child && child.exitCode === null && child.signalCode === null,
    stop: () =>
      new Promise<void>((resolve) => {
        stopping = true
        if (!child || child.exitCode !== null || child.signalCode !== null) return resolve()
        const killer = setTimeout(() => child?.kill('SIGKILL'), 5000)
        child.once('exit', () => {
          clearTimeout(killer)
          resolve()
        })
        child.kill('SIGTERM')
      }),
  }
}

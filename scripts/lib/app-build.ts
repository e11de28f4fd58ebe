import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** The built SolidStart server; `npm start` builds it when missing or older than the sources. */
export function appServerEntry(root: string): string {
  return join(root, 'app', '.output', 'server', 'index.mjs')
}

export function appNeedsBuild(root: string): boolean {
  const entry = appServerEntry(root)
  if (!existsSync(entry)) return true
  const builtAt = statSync(entry).mtimeMs
  return (
    newestMtime(join(root, 'app', 'src')) > builtAt ||
    statSync(join(root, 'app', 'vite.config.ts')).mtimeMs > builtAt
  )
}

export function buildApp(root: string, log: (line: string) => void): void {
  log('[app] building the web app (first start only; about a minute)…')
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js')
  const result = spawnSync(process.execPath, [vite, 'build'], {
    cwd: join(root, 'app'),
    // A production build whatever started us: under vitest NODE_ENV is `test`, and vite then
    // builds a dev-mode server that fails every request (`Cannot find module '/@manifest/…'`).
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  })
  if (result.status !== 0) {
    throw new Error(`app build failed:\n${(result.stderr || result.stdout).slice(-4000)}`)
  }
}

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs)
  }
  return newest
}

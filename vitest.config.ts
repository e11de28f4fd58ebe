import { defineConfig } from 'vitest/config'

// One project per package, so `vitest --project core` runs one folder.
// Every project runs in forked processes: PGlite (WASM) and isolated-vm (a native addon that
// needs --no-node-snapshot on Node 20+) are happier in child processes than in worker threads.
const pkg = (name: string, extra: { testTimeout?: number } = {}) => ({
  test: {
    name,
    include: [`${name}/**/*.test.ts`],
    exclude: ['**/node_modules/**', '**/.output/**'],
    pool: 'forks' as const,
    // PGlite's WASM, created and closed over and over across a run, sometimes brought V8 down
    // (trap in OS::Abort, from Runtime_TierUpWasmToJSWrapper freeing dead wrapper code:
    // ThreadIsolation's "allocations_.erase(addr) == 1" check, nodejs/node#64500). Here: 2 of
    // 20 runs of backtest/jobs/sweep.test.ts under load, 0 of 20 with wrapper tier-up off.
    execArgv: ['--no-node-snapshot', '--wasm-wrapper-tiering-budget=2147483647'],
    testTimeout: extra.testTimeout ?? 20_000,
    hookTimeout: 60_000,
    globalSetup: ['db/src/testing/global-setup.ts'],
  },
})

export default defineConfig({
  test: {
    // With DATABASE_URL set, one fresh database on that server for the whole run.
    globalSetup: ['db/src/testing/global-setup.ts'],
    // A worker that dies takes its file out of Vitest's counts silently; this names it.
    reporters: ['default', './scripts/lib/unfinished-files.ts'],
    projects: [
      pkg('db'),
      pkg('edge'),
      pkg('core'),
      pkg('plugins'),
      pkg('marketplace'),
      pkg('scripts', { testTimeout: 120_000 }),
      pkg('runtime-tests', { testTimeout: 120_000 }),
      pkg('app', { testTimeout: 60_000 }),
    ],
  },
})

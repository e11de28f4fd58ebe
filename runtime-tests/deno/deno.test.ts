import { join } from 'node:path'
import { baseEnv, ROOT, spawnRuntime } from '../process.ts'
import { describeRuntime } from '../runtime.ts'

const DENO = join(ROOT, 'node_modules/deno/deno')

describeRuntime('the edge on Deno (Deno.serve)', (environment) =>
  spawnRuntime({
    name: 'Deno',
    installed: DENO,
    command: DENO,
    // Offline: packages from the repository's node_modules, no lock file written, no prompt;
    // the network only on loopback (database, core, Redis bridge, its own port).
    args: [
      'run',
      '--node-modules-dir=manual',
      '--no-lock',
      '--no-prompt',
      '--allow-net=127.0.0.1',
      '--allow-env',
      `--allow-read=${ROOT}`,
      'edge/src/runtimes/deno.ts',
    ],
    env: {
      ...baseEnv(),
      ...(process.env.DENO_DIR ? { DENO_DIR: process.env.DENO_DIR } : {}),
      DENO_NO_UPDATE_CHECK: '1',
      ...environment.env,
      ...environment.redis('upstash'),
      EDGE_HOST: '127.0.0.1',
      EDGE_PORT: '0',
    },
    ready: /\[edge\] listening on (http:\/\/\S+)/,
  }),
)

import { afterAll, afterEach, beforeAll, describe } from 'vitest'
import { type RuntimeEnvironment, startEnvironment } from './environment.ts'
import { edgeBehaviour } from './suite.ts'

/** An edge started on some runtime, as `describeRuntime` drives it. */
export interface RunningRuntime {
  url: string
  stop(): Promise<void>
  /** What the runtime logged, shown after a failed test. */
  output?(): string
}

/**
 * The runtime suite for one runtime: starts the environment (database, core stand-in, Redis
 * bridge), then the edge through `start` once for the file, runs `edgeBehaviour` against it,
 * and stops both afterwards.
 *
 * @example
 * describeRuntime('the edge on Deno', (environment) => spawnRuntime({ …, env: environment.env }))
 */
export function describeRuntime(
  title: string,
  start: (environment: RuntimeEnvironment) => Promise<RunningRuntime>,
  /** Tests of this runtime alone, after the shared suite. */
  more?: (running: () => { edge: RunningRuntime; environment: RuntimeEnvironment }) => void,
): void {
  describe(title, () => {
    let environment: RuntimeEnvironment | undefined
    let edge: RunningRuntime | undefined

    // A database, then a runtime from cold (wrangler bundles the worker): slow on a busy machine.
    beforeAll(async () => {
      environment = await startEnvironment()
      edge = await start(environment)
    }, 120_000)

    afterAll(async () => {
      await edge?.stop()
      await environment?.close()
    }, 30_000)

    afterEach(({ task }) => {
      const output = edge?.output?.()
      if (task.result?.state === 'fail' && output) {
        console.error(`${title}: its output (the last 4,000 characters)\n${output.slice(-4000)}`)
      }
    })

    edgeBehaviour(() => edge!.url, { redisKeys: () => environment!.redisKeys() })
    more?.(() => ({ edge: edge!, environment: environment! }))
  })
}

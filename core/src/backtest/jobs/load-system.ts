import { readFile } from 'node:fs/promises'
import type { Database } from '@vm-algo/db'
import type { PluginManifest } from '@vm-algo/plugins'
import { compilePlugin } from '../../compiler/index.ts'
import { loadVersion } from '../../deployments/store.ts'
import { JobFailure } from '../../jobs/errors.ts'
import type { BacktestRequest } from '../../jobs/request.ts'
import type { ClaimedJob } from '../../jobs/types.ts'
import type { Tier } from '../../sandbox/limits.ts'
import type { TradingSystem } from './system.ts'

/** The bundled example strategies (`plugins/examples`) a backtest request may name. */
export const BACKTEST_EXAMPLES = [
  'sma-crossover',
  'rsi-mean-reversion',
  'opening-range-breakout',
] as const

export interface SystemOptions {
  /** Where stored plugin versions come from; without it only bundled examples run. */
  db?: Database
  /** The tier bundled examples run in. Default `free` (the tightest limits). */
  exampleTier?: Tier
}

/**
 * The system a job runs: a bundled example compiled by the platform's compiler, or a stored
 * plugin version of the job's own tenant (its `compiled_js`, in the tenant's tier). The
 * version must be the one the edge recorded on the job (`plugin_version_id`), and the lookup
 * names the job's tenant: another tenant's version fails the job with a reason.
 *
 * @example const system = await loadSystem(job, request, { db })
 */
export async function loadSystem(
  job: ClaimedJob,
  request: BacktestRequest,
  options: SystemOptions,
): Promise<TradingSystem> {
  const versionId = request.pluginVersionId
  if (versionId === undefined) {
    const example = request.example!
    if (!(BACKTEST_EXAMPLES as readonly string[]).includes(example)) {
      throw new JobFailure(`There is no example strategy called "${example}".`)
    }
    const { js, manifest } = await compileExample(example)
    return { code: js, manifest, tier: options.exampleTier ?? 'free', label: example }
  }
  if (job.pluginVersionId !== versionId) {
    throw new JobFailure(
      `This job names plugin version ${versionId} but was submitted for ${job.pluginVersionId ?? 'none'}; submit it again.`,
    )
  }
  // A configuration error of the engine, not the user's: reported as an internal error.
  if (!options.db) throw new Error('stored plugin versions need the job handler to have a db')
  const version = await loadVersion(options.db, job.tenantId, versionId)
  if (!version) {
    throw new JobFailure(
      `Plugin version ${versionId} is not in this workspace: only your own plugin versions can be backtested.`,
    )
  }
  return { ...version, label: `plugin version ${versionId}` }
}

const compiled = new Map<string, Promise<{ js: string; manifest: PluginManifest }>>()

function compileExample(name: string): Promise<{ js: string; manifest: PluginManifest }> {
  let out = compiled.get(name)
  if (!out) {
    out = (async () => {
      const url = new URL(`../../../../plugins/examples/${name}.ts`, import.meta.url)
      // Through the compiler's own process: no isolate (the manifest's read) lives in this one,
      // which also hosts the grid's worker threads.
      const result = await compilePlugin(await readFile(url, 'utf8'))
      if (!result.ok) throw new Error(`example ${name} does not compile`)
      return { js: result.js, manifest: result.manifest }
    })()
    out.catch(() => compiled.delete(name))
    compiled.set(name, out)
  }
  return out
}
